package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.PeerSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private JsonPeerStore open() throws Exception {
    return JsonPeerStore.builder(dir).clock(CLOCK).open();
  }

  private PeerSnapshot saveAndReload(PeerSnapshot snapshot) throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(snapshot);
    }
    try (JsonPeerStore store = open()) {
      PeerSnapshot loaded = store.load();
      assertThat(store.lastLoadWarnings()).isEmpty();
      return loaded;
    }
  }

  @Test
  void aNewDirectoryLoadsEmptyWithoutWarnings() throws Exception {
    Path fresh = dir.resolve("a/b/c");
    try (JsonPeerStore store = JsonPeerStore.open(fresh)) {
      assertThat(store.load()).isEqualTo(PeerSnapshot.empty());
      assertThat(store.lastLoadWarnings()).isEmpty();
      assertThat(store.directory()).isEqualTo(fresh);
    }
    assertThat(Files.isDirectory(fresh)).isTrue();
  }

  @Test
  void emptySnapshotRoundTrips() throws Exception {
    PeerSnapshot loaded = saveAndReload(PeerSnapshot.empty());
    assertThat(loaded).isEqualTo(PeerSnapshot.empty());
    assertThat(dir.resolve(JsonPeerStore.KEY_FILE)).doesNotExist();
  }

  @Test
  void everyFieldRoundTrips() throws Exception {
    PeerSnapshot full = Snapshots.full(42, 300);
    PeerSnapshot loaded = saveAndReload(full);
    Snapshots.assertSame(loaded, full);
    // Spot checks that the comparison above compares what it should.
    assertThat(loaded.peers()).hasSize(full.peers().size());
    assertThat(loaded.addressBook().orElseThrow().key())
        .isEqualTo(full.addressBook().orElseThrow().key());
    assertThat(loaded.identity().orElseThrow().privateKeyBytes())
        .isEqualTo(full.identity().orElseThrow().privateKeyBytes());
  }

  @Test
  void presentButEmptySectionsStayPresent() throws Exception {
    PeerSnapshot snapshot =
        new PeerSnapshot(
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of(Snapshots.addressBook(new java.util.Random(1), 0)),
            Optional.of(dev.peerage.core.ban.BanListSnapshot.EMPTY),
            java.util.Map.of(),
            List.of(),
            List.of());
    assertThat(saveAndReload(snapshot)).isEqualTo(snapshot);
  }

  @Test
  void eightyThousandAddressesRoundTrip() throws Exception {
    PeerSnapshot big = Snapshots.full(7, 80_000);
    PeerSnapshot loaded = saveAndReload(big);
    Snapshots.assertSame(loaded, big);
    assertThat(loaded.addressBook().orElseThrow().entries()).hasSize(80_000);
  }

  @Test
  void theSameSnapshotAlwaysGivesTheSameBytes() throws Exception {
    PeerSnapshot full = Snapshots.full(3, 50);
    byte[] first;
    try (JsonPeerStore store = open()) {
      store.save(full);
      first = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
      store.save(Snapshots.full(3, 50));
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE))).isEqualTo(first);
  }

  @Test
  void theDocumentIsReadableJsonWithTheEnvelopeFirstAndTheChecksumLast() throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(Snapshots.full(5, 3));
    }
    String text = Files.readString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    assertThat(text)
        .startsWith(
            "{\n  \"format\": \"peerage-peers\",\n  \"version\": 1,\n"
                + "  \"written\": \"2026-11-21T10:00:00Z\",\n  \"content\": {\n");
    assertThat(text).containsPattern("\n  \"checksum\": \"sha256:[0-9a-f]{64}\"\n}\n$");
    // One address book entry per line.
    assertThat(text).contains("\n        {\"address\": \"11.0.27.");
    // The private key is not in the snapshot file.
    String key = java.util.HexFormat.of().formatHex(NodeIdentity.fromSeed(5).privateKeyBytes());
    assertThat(text).doesNotContain(key);
    assertThat(Files.readString(dir.resolve(JsonPeerStore.KEY_FILE), StandardCharsets.US_ASCII))
        .contains(key);
  }

  @Test
  void theKeyFileIsOwnerOnlyWherePermissionsExist() throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(Snapshots.full(5, 3));
    }
    Path key = dir.resolve(JsonPeerStore.KEY_FILE);
    if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
      assertThat(PosixFilePermissions.toString(permissions)).isEqualTo("rw-------");
    }
  }

  @Test
  void theKeyFileIsWrittenOnlyWhenTheIdentityChangesAndTheOldOneIsKept() throws Exception {
    Path key = dir.resolve(JsonPeerStore.KEY_FILE);
    try (JsonPeerStore store = open()) {
      store.save(Snapshots.full(5, 3));
      var firstWrite = Files.getLastModifiedTime(key);
      Files.setLastModifiedTime(key, java.nio.file.attribute.FileTime.fromMillis(0));
      store.save(Snapshots.full(5, 4));
      assertThat(Files.getLastModifiedTime(key).toMillis()).isZero();
      assertThat(firstWrite.toMillis()).isNotZero();
      store.save(Snapshots.full(6, 4));
    }
    try (JsonPeerStore store = open()) {
      assertThat(store.load().identity().orElseThrow().nodeId())
          .isEqualTo(NodeIdentity.fromSeed(6).nodeId());
    }
    try (var files = Files.list(dir)) {
      List<Path> replaced =
          files.filter(p -> p.getFileName().toString().startsWith("node.key.replaced-")).toList();
      assertThat(replaced).hasSize(1);
      assertThat(Files.readString(replaced.get(0)))
          .contains(NodeIdentity.fromSeed(5).nodeId().toString());
    }
  }

  @Test
  void eachSaveKeepsThePreviousAsBackup() throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(Snapshots.numbered(1));
      assertThat(dir.resolve(JsonPeerStore.BACKUP_FILE)).doesNotExist();
      store.save(Snapshots.numbered(2));
      store.save(Snapshots.numbered(3));
    }
    Files.delete(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    try (JsonPeerStore store = open()) {
      assertThat(Snapshots.numberOf(store.load())).isEqualTo(2);
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(StoreWarning.Kind.BACKUP_LOADED);
    }
  }

  @Test
  void aSnapshotWithoutIdentityLeavesAnExistingKeyAlone() throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(Snapshots.full(5, 3));
      store.save(PeerSnapshot.empty());
    }
    assertThat(Files.readString(dir.resolve(JsonPeerStore.KEY_FILE)))
        .contains(NodeIdentity.fromSeed(5).nodeId().toString());
    try (JsonPeerStore store = open()) {
      assertThat(store.load()).isEqualTo(PeerSnapshot.empty());
    }
  }
}
