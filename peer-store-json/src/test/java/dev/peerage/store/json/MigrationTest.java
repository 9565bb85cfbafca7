package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.store.json.internal.ContentMigration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration mechanism, with a synthetic "version 0" that no Peerage ever wrote: its managed
 * peers were called {@code managedPeers}, had one {@code address} and an {@code
 * addedAtEpochSecond}.
 */
class MigrationTest {
  private static final String VERSION_0_CONTENT =
      "{\"managedPeers\": ["
          + "{\"id\": \"old\", \"address\": \"1.2.3.4:80\", \"addedAtEpochSecond\": 1700000000,"
          + " \"source\": \"MANUAL\", \"network\": \"main\"}],"
          + " \"anchors\": [\"5.6.7.8:9\"]}";

  /** Version 0 to 1, streaming: renames and reshapes the peers, copies everything else. */
  static final ContentMigration FROM_0 =
      (JsonParser from, JsonGenerator to) -> {
        expect(from, JsonToken.START_OBJECT);
        to.writeStartObject();
        while (from.nextToken() == JsonToken.FIELD_NAME) {
          String name = from.currentName();
          from.nextToken();
          if (name.equals("managedPeers")) {
            to.writeArrayFieldStart("peers");
            while (from.nextToken() != JsonToken.END_ARRAY) {
              migratePeer(from, to);
            }
            to.writeEndArray();
          } else {
            to.writeFieldName(name);
            to.copyCurrentStructure(from);
          }
        }
        to.writeEndObject();
      };

  private static void migratePeer(JsonParser from, JsonGenerator to) throws IOException {
    expect(from, JsonToken.START_OBJECT);
    to.writeStartObject();
    while (from.nextToken() == JsonToken.FIELD_NAME) {
      String name = from.currentName();
      from.nextToken();
      switch (name) {
        case "address" -> {
          to.writeArrayFieldStart("addresses");
          to.writeString(from.getText());
          to.writeEndArray();
        }
        case "addedAtEpochSecond" ->
            to.writeStringField("addedAt", Instant.ofEpochSecond(from.getLongValue()).toString());
        default -> {
          to.writeFieldName(name);
          to.copyCurrentStructure(from);
        }
      }
    }
    to.writeEndObject();
  }

  private static void expect(JsonParser p, JsonToken token) throws IOException {
    if (p.currentToken() != token) {
      throw new com.fasterxml.jackson.core.JsonParseException(p, "expected " + token);
    }
  }

  @TempDir Path dir;

  private JsonPeerStore open() throws Exception {
    return JsonPeerStore.builder(dir).migration(0, FROM_0).open();
  }

  @Test
  void anOlderVersionIsMigratedOnLoadAndRewrittenByTheNextSave() throws Exception {
    String old = Documents.document(0, VERSION_0_CONTENT);
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), old);
    try (JsonPeerStore store = open()) {
      PeerSnapshot loaded = store.load();
      assertThat(loaded.peers())
          .singleElement()
          .satisfies(
              peer -> {
                assertThat(peer.id()).isEqualTo("old");
                assertThat(peer.address()).isEqualTo(PeerAddress.parse("1.2.3.4:80"));
                assertThat(peer.addedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
              });
      assertThat(loaded.anchors()).containsExactly(PeerAddress.parse("5.6.7.8:9"));
      assertThat(store.lastLoadWarnings())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.kind()).isEqualTo(StoreWarning.Kind.MIGRATED);
                assertThat(w.message()).contains("from format version 0 to 1");
              });
      // Loading changes nothing on disk, and leaves no temporary file.
      assertThat(Files.readString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE))).isEqualTo(old);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.contains("migrating"));
      }
      store.save(loaded);
    }
    assertThat(Files.readString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE)))
        .contains("\"version\": 1,");
    // The old file is the backup now, and the new one loads without any migration.
    assertThat(Files.readString(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(old);
    try (JsonPeerStore store = JsonPeerStore.open(dir)) {
      assertThat(store.load().peers()).extracting(p -> p.id()).containsExactly("old");
      assertThat(store.lastLoadWarnings()).isEmpty();
    }
  }

  @Test
  void theOldFilesChecksumIsVerifiedBeforeMigrating() throws Exception {
    String damaged = Documents.document(0, VERSION_0_CONTENT).replace("1.2.3.4", "1.2.3.5");
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), damaged);
    try (JsonPeerStore store = open()) {
      assertThat(store.load().isEmpty()).isTrue();
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(StoreWarning.Kind.CORRUPT_MOVED_ASIDE, StoreWarning.Kind.EMPTY_FALLBACK);
      assertThat(store.lastLoadWarnings().get(0).message()).contains("checksum mismatch");
    }
  }

  @Test
  void contentTheMigrationCannotReadIsDamage() throws Exception {
    String odd = Documents.document(0, "{\"managedPeers\": [5]}");
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), odd);
    try (JsonPeerStore store = open()) {
      assertThat(store.load().isEmpty()).isTrue();
      assertThat(store.lastLoadWarnings().get(0).message())
          .contains("converting format version 0 to 1 failed");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("migrating"));
    }
  }

  @Test
  void aMigratedEntryThatIsInvalidIsDroppedLikeAnyOther() throws Exception {
    String content =
        VERSION_0_CONTENT.replaceFirst(
            "]",
            ", {\"id\": \"bad\", \"address\": \"nope\","
                + " \"addedAtEpochSecond\": 1, \"source\": \"MANUAL\", \"network\": \"main\"}]");
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), Documents.document(0, content));
    try (JsonPeerStore store = open()) {
      assertThat(store.load().peers()).extracting(p -> p.id()).containsExactly("old");
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(StoreWarning.Kind.ENTRY_DROPPED, StoreWarning.Kind.MIGRATED);
    }
  }
}
