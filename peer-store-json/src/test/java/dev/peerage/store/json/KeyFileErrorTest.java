package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.StoreWarning.Kind;
import dev.peerage.store.json.internal.KeyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A key file that cannot be read is not a lost key: {@link JsonPeerStore#load()} throws, naming the
 * file and the cause, and changes nothing on disk. Only a key file whose content is proven wrong
 * loses the identity, and the warning says what was wrong.
 */
class KeyFileErrorTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final PeerSnapshot saved = Snapshots.tiny(1);
  private final FaultyFileOperations ops = new FaultyFileOperations();
  private final List<StoreWarning> heard = new ArrayList<>();
  private Path keyFile;
  private byte[] keyBytes;

  @BeforeEach
  void saveASnapshotWithAnIdentity() throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(saved);
    }
    keyFile = dir.resolve(JsonPeerStore.KEY_FILE);
    keyBytes = Files.readAllBytes(keyFile);
  }

  private JsonPeerStore open() throws PeerStoreException {
    return JsonPeerStore.builder(dir).clock(CLOCK).fileOperations(ops).listener(heard::add).open();
  }

  /** Every file and directory under the store directory, with the bytes of the files. */
  private Map<String, String> contents() throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(p -> !p.equals(dir)).toList()) {
        all.put(
            dir.relativize(path).toString(),
            Files.isSymbolicLink(path)
                ? "a link to " + Files.readSymbolicLink(path)
                : Files.isDirectory(path)
                    ? "a directory"
                    : HexFormat.of().formatHex(Files.readAllBytes(path)));
      }
    }
    return all;
  }

  private void assertLoadFailsAndChangesNothing(String... expected) throws Exception {
    Map<String, String> before = contents();
    try (JsonPeerStore store = open()) {
      assertThatThrownBy(store::load)
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("nothing was changed")
          .hasMessageContainingAll(expected);
    }
    assertThat(heard).extracting(StoreWarning::kind).doesNotContain(Kind.IDENTITY_LOST);
    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void aKeyFileThePermissionsForbidReadingFailsTheLoadAndChangesNothing() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("---------"));
    Map<String, String> before;
    try {
      assumeFalse(Files.isReadable(keyFile), "running with privileges that ignore permissions");
      try (JsonPeerStore store = open()) {
        assertThatThrownBy(store::load)
            .isInstanceOf(PeerStoreException.class)
            .hasMessageContainingAll(keyFile.toString(), "AccessDeniedException")
            .hasMessageContaining("nothing was changed");
      }
    } finally {
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    }
    assertThat(heard).extracting(StoreWarning::kind).doesNotContain(Kind.IDENTITY_LOST);
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(keyBytes);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              JsonPeerStore.SNAPSHOT_FILE, JsonPeerStore.KEY_FILE, JsonPeerStore.LOCK_FILE);
    }
  }

  @Test
  void aKeyReadThatIsDeniedFailsTheLoadAndChangesNothing() throws Exception {
    ops.failReading(JsonPeerStore.KEY_FILE, new AccessDeniedException(keyFile.toString()));
    assertLoadFailsAndChangesNothing(keyFile.toString(), "AccessDeniedException");
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(keyBytes);
  }

  @Test
  void anIoErrorReadingTheKeyFailsTheLoadAndChangesNothing() throws Exception {
    ops.failReading(JsonPeerStore.KEY_FILE, new IOException("Input/output error"));
    assertLoadFailsAndChangesNothing(keyFile.toString(), "Input/output error");
    assertThat(Files.readAllBytes(keyFile)).isEqualTo(keyBytes);
  }

  @Test
  void aDirectoryWhereTheKeyShouldBeFailsTheLoadAndChangesNothing() throws Exception {
    Files.delete(keyFile);
    Files.createDirectory(keyFile);
    Files.writeString(keyFile.resolve("inside"), "kept");
    assertLoadFailsAndChangesNothing(keyFile.toString(), "a directory");
    assertThat(Files.readString(keyFile.resolve("inside"))).isEqualTo("kept");
  }

  @Test
  void aBrokenLinkWhereTheKeyShouldBeFailsTheLoadAndChangesNothing() throws Exception {
    // A key kept on a volume that is not mounted: the link is there, its target is not.
    Files.delete(keyFile);
    try {
      Files.createSymbolicLink(keyFile, dir.resolve("unmounted").resolve("node.key"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here: " + e);
    }
    assertLoadFailsAndChangesNothing(keyFile.toString(), "NoSuchFileException");
    assertThat(Files.isSymbolicLink(keyFile)).isTrue();
  }

  @Test
  void aSetAsideKeyThatCannotBeReadFailsTheLoadInsteadOfLosingTheIdentity() throws Exception {
    // The snapshot's key is in a key file set aside by an interrupted identity change, and
    // node.key holds the newer identity: the set-aside file must be read to find the key.
    Path replaced = dir.resolve("node.key.replaced-20261121T101500Z");
    Files.move(keyFile, replaced);
    Files.write(keyFile, keyFileOf(NodeIdentity.fromSeed(99)));
    ops.failReading(
        replaced.getFileName().toString(), new AccessDeniedException(replaced.toString()));
    assertLoadFailsAndChangesNothing(replaced.toString(), "AccessDeniedException");
  }

  @Test
  void aReadableKeyLoadsOnceTheCauseIsGone() throws Exception {
    ops.failReading(JsonPeerStore.KEY_FILE, new AccessDeniedException(keyFile.toString()));
    try (JsonPeerStore store = open()) {
      assertThatThrownBy(store::load).isInstanceOf(PeerStoreException.class);
      ops.heal();
      Snapshots.assertSame(store.load(), saved);
      assertThat(store.lastLoadWarnings()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a key one byte short       | KEY:0x  | 'privateKey' is 31 bytes, expected 32
          a key that is not hex      | KEY:zz  | 'privateKey' is not hexadecimal
          no private key             | NOKEY   | has no 'privateKey'
          another format             | FORMAT  | 'format' is not "peerage-node-key"
          another version            | VERSION | key file version 2, expected 1
          a key of another node      | OTHER   | its private key belongs to node
          not JSON                   | GARBAGE | is not valid JSON
          """)
  void aDamagedKeyLosesOnlyTheIdentityAndTheWarningSaysWhatWasWrong(
      String name, String damage, String expected) throws Exception {
    String text = new String(keyBytes, StandardCharsets.US_ASCII);
    String key = HexFormat.of().formatHex(saved.identity().orElseThrow().privateKeyBytes());
    String damaged =
        switch (damage) {
          case "KEY:0x" -> text.replace(key, key.substring(2));
          case "KEY:zz" -> text.replace(key, "zz" + key.substring(2));
          case "NOKEY" -> text.replaceAll(",\\s*\"privateKey\": \"[0-9a-f]+\"", "");
          case "FORMAT" -> text.replace("peerage-node-key", "something-else");
          case "VERSION" -> text.replace("\"version\": 1", "\"version\": 2");
          case "OTHER" ->
              text.replace(
                  key, HexFormat.of().formatHex(NodeIdentity.fromSeed(7).privateKeyBytes()));
          case "GARBAGE" -> text.substring(0, text.length() / 2);
          default -> throw new AssertionError(damage);
        };
    assertThat(damaged).isNotEqualTo(text);
    Files.writeString(keyFile, damaged);
    Map<String, String> before = contents();
    try (JsonPeerStore store = open()) {
      PeerSnapshot loaded = store.load();
      assertThat(loaded.identity()).isEmpty();
      assertThat(Snapshots.withoutIdentity(loaded)).isEqualTo(Snapshots.withoutIdentity(saved));
      assertThat(store.lastLoadWarnings())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.kind()).isEqualTo(Kind.IDENTITY_LOST);
                assertThat(w.message()).contains(keyFile.toString(), expected);
                assertThat(w.message()).doesNotContain(key.substring(2));
              });
    }
    // A load sets nothing aside: the next save keeps the damaged file as node.key.replaced-*.
    assertThat(contents()).isEqualTo(before);
  }

  private static byte[] keyFileOf(NodeIdentity identity) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KeyFile.write(identity, out);
    return out.toByteArray();
  }
}
