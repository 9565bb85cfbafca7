package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.StoreWarning.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: every outcome is the documented one, and nothing saved before is lost. The
 * directory holds a backup of snapshot 1 and a (damaged) snapshot 2 in each case.
 */
class DamagedFileTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);
  private static final String SET_ASIDE = "peers.json.corrupt-20261121T101530Z";

  @TempDir Path dir;

  private final PeerSnapshot s1 = Snapshots.tiny(1);
  private final PeerSnapshot s2 = Snapshots.tiny(2);
  private byte[] s1Bytes;
  private byte[] s2Bytes;
  private byte[] keyBytes;

  /**
   * The same two snapshots without identity, for the loops that load a thousand times: deriving the
   * public key from the private key on every load would take most of their time.
   */
  private final PeerSnapshot p1 = Snapshots.withoutIdentity(s1);

  private final PeerSnapshot p2 = Snapshots.withoutIdentity(s2);
  private byte[] p1Bytes;
  private byte[] p2Bytes;

  @BeforeEach
  void writeTwoSnapshots() throws Exception {
    try (JsonPeerStore store = open()) {
      store.save(s1);
      store.save(s2);
    }
    s1Bytes = Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE));
    s2Bytes = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    keyBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.KEY_FILE));
    clear();
    try (JsonPeerStore store = open()) {
      store.save(p1);
      store.save(p2);
    }
    p1Bytes = Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE));
    p2Bytes = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    clear();
    Files.write(dir.resolve(JsonPeerStore.BACKUP_FILE), s1Bytes);
    Files.write(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), s2Bytes);
    Files.write(dir.resolve(JsonPeerStore.KEY_FILE), keyBytes);
  }

  private JsonPeerStore open() throws PeerStoreException {
    return JsonPeerStore.builder(dir).clock(CLOCK).open();
  }

  /** What a load gave. */
  private record Outcome(PeerSnapshot snapshot, List<StoreWarning> warnings) {
    List<Kind> kinds() {
      return warnings.stream().map(StoreWarning::kind).toList();
    }
  }

  /** Sets up backup = snapshot 1, snapshot file = {@code main}, and the key; loads. */
  private Outcome loadWith(byte[] main) throws Exception {
    return loadWith(s1Bytes, main, keyBytes);
  }

  private Outcome loadWith(byte[] main, byte[] key) throws Exception {
    return loadWith(s1Bytes, main, key);
  }

  /** Like {@link #loadWith(byte[])} with the snapshots without identity, and no key file. */
  private Outcome loadPlain(byte[] main) throws Exception {
    return loadWith(p1Bytes, main, null);
  }

  private Outcome loadWith(byte[] backup, byte[] main, byte[] key) throws Exception {
    // Not clear(): the loops below run this a thousand times, and only these files change.
    try (Stream<Path> setAside = Files.list(dir)) {
      for (Path path :
          setAside.filter(p -> p.getFileName().toString().contains(".corrupt-")).toList()) {
        Files.delete(path);
      }
    }
    // Deleted and created rather than overwritten: ext4 flushes a truncated and rewritten file
    // on close, which would make this loop wait for the disk a thousand times.
    for (String name :
        List.of(JsonPeerStore.SNAPSHOT_FILE, JsonPeerStore.BACKUP_FILE, JsonPeerStore.KEY_FILE)) {
      Files.deleteIfExists(dir.resolve(name));
    }
    Files.write(dir.resolve(JsonPeerStore.BACKUP_FILE), backup);
    if (main != null) {
      Files.write(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), main);
    }
    if (key != null) {
      Files.write(dir.resolve(JsonPeerStore.KEY_FILE), key);
    }
    List<StoreWarning> heard = new ArrayList<>();
    try (JsonPeerStore store =
        JsonPeerStore.builder(dir).clock(CLOCK).listener(heard::add).open()) {
      PeerSnapshot snapshot = store.load();
      assertThat(store.lastLoadWarnings()).isEqualTo(heard);
      return new Outcome(snapshot, heard);
    }
  }

  private void clear() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(dir)) {
          Files.delete(path);
        }
      }
    }
  }

  /** The damaged file was set aside byte for byte, and snapshot 1 came from the backup. */
  private void assertFellBackToBackup(Outcome outcome, byte[] damaged) throws IOException {
    assertFellBackTo(outcome, damaged, s1, s1Bytes);
  }

  private void assertFellBackToPlainBackup(Outcome outcome, byte[] damaged) throws IOException {
    assertFellBackTo(outcome, damaged, p1, p1Bytes);
  }

  private void assertFellBackTo(
      Outcome outcome, byte[] damaged, PeerSnapshot backup, byte[] backupBytes) throws IOException {
    Snapshots.assertSame(outcome.snapshot(), backup);
    assertThat(outcome.kinds()).containsExactly(Kind.CORRUPT_MOVED_ASIDE, Kind.BACKUP_LOADED);
    assertThat(outcome.warnings().get(0).file()).isEqualTo(dir.resolve(SET_ASIDE));
    assertThat(Files.readAllBytes(dir.resolve(SET_ASIDE))).isEqualTo(damaged);
    assertThat(dir.resolve(JsonPeerStore.SNAPSHOT_FILE)).doesNotExist();
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(backupBytes);
  }

  @Test
  void theSmallFileIsSmall() {
    assertThat(s2Bytes.length).isBetween(1000, 2500);
  }

  @Test
  void truncatedAtEveryLength() throws Exception {
    int complete = new String(p2Bytes, StandardCharsets.UTF_8).lastIndexOf('}') + 1;
    for (int length = 0; length < p2Bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(p2Bytes, length);
      Outcome outcome = loadPlain(truncated);
      if (length >= complete) {
        // Only the final line feed is gone: still the whole document.
        Snapshots.assertSame(outcome.snapshot(), p2);
        assertThat(outcome.warnings()).isEmpty();
      } else {
        assertFellBackToPlainBackup(outcome, truncated);
      }
    }
  }

  @Test
  void aChecksumMemberFarFromTheEndIsVerifiedFromTheFile() throws Exception {
    // More white space after the document than the reader holds back while it hashes what it
    // parses: the covered bytes are then hashed from the file, with the same result.
    byte[] padding = " \n".repeat(5_000).getBytes(StandardCharsets.UTF_8);
    byte[] padded = java.util.Arrays.copyOf(p2Bytes, p2Bytes.length + padding.length);
    System.arraycopy(padding, 0, padded, p2Bytes.length, padding.length);
    Outcome outcome = loadPlain(padded);
    Snapshots.assertSame(outcome.snapshot(), p2);
    assertThat(outcome.warnings()).isEmpty();

    // Still valid JSON, still a valid time: only the checksum can tell.
    byte[] damaged = padded.clone();
    int written = new String(padded, StandardCharsets.UTF_8).indexOf("\"written\": \"2026");
    assertThat(written).isPositive();
    damaged[written + "\"written\": \"202".length()] = '5';
    assertFellBackToPlainBackup(loadPlain(damaged), damaged);
  }

  @Test
  void randomBitFlipsBeforeTheChecksumMemberAreAlwaysCaught() throws Exception {
    int covered = new String(p2Bytes, StandardCharsets.UTF_8).lastIndexOf("\"checksum\"");
    Random random = new Random(20261121);
    int caught = 0;
    for (int i = 0; i < 400; i++) {
      byte[] flipped = p2Bytes.clone();
      int position = random.nextInt(flipped.length);
      flipped[position] ^= (byte) (1 << random.nextInt(8));
      Outcome outcome = loadPlain(flipped);
      if (position < covered
          || outcome.snapshot().scores().isEmpty()
          || Snapshots.numberOf(outcome.snapshot()) == 1) {
        assertFellBackToPlainBackup(outcome, flipped);
        caught++;
      } else {
        // A flip in the checksum's own text that does not change its value (hex letter case).
        Snapshots.assertSame(outcome.snapshot(), p2);
        assertThat(outcome.warnings()).isEmpty();
      }
    }
    assertThat(caught).isGreaterThan(300);
  }

  @Test
  void bitFlipsInTheKeyFileGiveTheRightIdentityOrNone() throws Exception {
    // KeyFileTest flips every bit against the key file reader alone; here a sample goes through
    // the whole store.
    NodeIdentity expected = s2.identity().orElseThrow();
    Random random = new Random(11);
    for (int i = 0; i < 100; i++) {
      int bit = random.nextInt(keyBytes.length * 8);
      byte[] flipped = keyBytes.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      Outcome outcome = loadWith(s2Bytes, flipped);
      assertThat(Snapshots.withoutIdentity(outcome.snapshot()))
          .isEqualTo(Snapshots.withoutIdentity(s2));
      if (outcome.snapshot().identity().isPresent()) {
        NodeIdentity loaded = outcome.snapshot().identity().get();
        assertThat(loaded.nodeId()).isEqualTo(expected.nodeId());
        assertThat(loaded.privateKeyBytes()).isEqualTo(expected.privateKeyBytes());
        assertThat(outcome.warnings()).isEmpty();
      } else {
        assertThat(outcome.kinds()).containsExactly(Kind.IDENTITY_LOST);
        // The damaged key file is kept as it is.
        assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.KEY_FILE))).isEqualTo(flipped);
      }
    }
  }

  @Test
  void garbageAndOtherDocumentsAreSetAside() throws Exception {
    Random random = new Random(7);
    List<byte[]> garbage = new ArrayList<>();
    for (int length : new int[] {1, 2, 17, 4096, 70_000}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      garbage.add(bytes);
    }
    garbage.add(new byte[4096]); // zeros: what some file systems leave after a power cut
    for (String text :
        List.of(
            "{}",
            "[]",
            "\"peers\"",
            "42",
            "null",
            "{\"a\": 1}",
            "<peers/>",
            "{\"format\": \"peerage-peers\"}",
            "{\"format\": \"other\", \"version\": 1, \"content\": {}, \"checksum\": \"sha256:00\"}",
            new String(p2Bytes, StandardCharsets.UTF_8)
                + new String(p2Bytes, StandardCharsets.UTF_8),
            new String(p2Bytes, StandardCharsets.UTF_8) + "x",
            "\uFEFF"
                + new String(p2Bytes, StandardCharsets.UTF_8).replace("sha256:", "sha256:0"))) {
      garbage.add(text.getBytes(StandardCharsets.UTF_8));
    }
    garbage.add(new String(p2Bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
    for (byte[] bytes : garbage) {
      assertFellBackToPlainBackup(loadPlain(bytes), bytes);
    }
  }

  @Test
  void aDamagedBackupTooGivesAnEmptyStoreAndKeepsBoth() throws Exception {
    clear();
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), "{ damaged");
    Files.writeString(dir.resolve(JsonPeerStore.BACKUP_FILE), "{ damaged too");
    try (JsonPeerStore store = open()) {
      assertThat(store.load()).isEqualTo(PeerSnapshot.empty());
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(Kind.CORRUPT_MOVED_ASIDE, Kind.CORRUPT_MOVED_ASIDE, Kind.EMPTY_FALLBACK);
      assertThat(Files.readString(dir.resolve(SET_ASIDE))).isEqualTo("{ damaged");
      assertThat(Files.readString(dir.resolve("peers.json.bak.corrupt-20261121T101530Z")))
          .isEqualTo("{ damaged too");
      store.save(s2);
    }
    try (JsonPeerStore store = open()) {
      Snapshots.assertSame(store.load(), s2);
    }
  }

  @Test
  void withBothSnapshotsDamagedTheNodeKeepsTheIdentityOfItsKeyFile() throws Exception {
    clear();
    try (JsonPeerStore store = open()) {
      store.save(s2);
    }
    NodeIdentity identity = s2.identity().orElseThrow();
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), "{ damaged");
    Files.writeString(dir.resolve(JsonPeerStore.BACKUP_FILE), "{ damaged too");
    byte[] key = Files.readAllBytes(dir.resolve(JsonPeerStore.KEY_FILE));
    try (JsonPeerStore store = open()) {
      PeerSnapshot loaded = store.load();
      // Before, the snapshot was empty and the manager made up a new node id for a node whose
      // private key was right there.
      assertThat(loaded.identity().map(NodeIdentity::nodeId)).contains(identity.nodeId());
      assertThat(loaded.peers()).isEmpty();
      assertThat(loaded.addressBook()).isEmpty();
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(Kind.CORRUPT_MOVED_ASIDE, Kind.CORRUPT_MOVED_ASIDE, Kind.EMPTY_FALLBACK);
      assertThat(store.lastLoadWarnings().get(2).message())
          .contains("under node " + identity.nodeId().shortString());
      store.save(loaded);
    }
    // The save kept the key file as it was: nothing was set aside as replaced.
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.KEY_FILE))).isEqualTo(key);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith(JsonPeerStore.KEY_FILE + ".replaced-"));
    }
    try (JsonPeerStore store = open()) {
      assertThat(store.load().identity().map(NodeIdentity::nodeId)).contains(identity.nodeId());
    }
  }

  @Test
  void aDamagedKeyFileWithoutASnapshotGivesNoIdentity() throws Exception {
    clear();
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), "{ damaged");
    Files.writeString(dir.resolve(JsonPeerStore.KEY_FILE), "not a key");
    try (JsonPeerStore store = open()) {
      assertThat(store.load()).isEqualTo(PeerSnapshot.empty());
    }
  }

  @Test
  void aSecondDamagedFileInTheSameSecondGetsItsOwnName() throws Exception {
    loadWith("{".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), "{{");
    try (JsonPeerStore store = open()) {
      store.load();
    }
    assertThat(Files.readString(dir.resolve(SET_ASIDE))).isEqualTo("{");
    assertThat(Files.readString(dir.resolve(SET_ASIDE + "-2"))).isEqualTo("{{");
  }

  @Test
  void aDirectoryWhereTheSnapshotShouldBeIsSetAsideWithItsContents() throws Exception {
    clear();
    Files.write(dir.resolve(JsonPeerStore.BACKUP_FILE), s1Bytes);
    Files.createDirectories(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE).resolve("inside"), "kept");
    try (JsonPeerStore store = open()) {
      Snapshots.assertSame(Snapshots.withoutIdentity(store.load()), Snapshots.withoutIdentity(s1));
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(Kind.CORRUPT_MOVED_ASIDE, Kind.BACKUP_LOADED, Kind.IDENTITY_LOST);
      assertThat(Files.readString(dir.resolve(SET_ASIDE).resolve("inside"))).isEqualTo("kept");
      store.save(s2);
    }
    try (JsonPeerStore store = open()) {
      Snapshots.assertSame(store.load(), s2);
    }
  }

  @Test
  void directoriesWhereTheBackupOrTheKeyShouldBeAreMovedOutOfTheWay() throws Exception {
    clear();
    Files.createDirectories(dir.resolve(JsonPeerStore.BACKUP_FILE).resolve("sub"));
    Files.createDirectories(dir.resolve(JsonPeerStore.KEY_FILE).resolve("sub"));
    try (JsonPeerStore store = open()) {
      assertThat(store.load()).isEqualTo(PeerSnapshot.empty());
      store.save(s1);
      store.save(s2);
    }
    try (JsonPeerStore store = open()) {
      Snapshots.assertSame(store.load(), s2);
      assertThat(store.lastLoadWarnings()).isEmpty();
    }
    assertThat(dir.resolve("peers.json.bak.corrupt-20261121T101530Z/sub")).isDirectory();
    assertThat(dir.resolve("node.key.replaced-20261121T101530Z/sub")).isDirectory();
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedAndNeverOverwritten() throws Exception {
    try (JsonPeerStore store = JsonPeerStore.builder(dir).maxFileSize(100).open()) {
      assertThatThrownBy(store::load)
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining(
              "peers.json is " + s2Bytes.length + " bytes, over the limit of" + " 100 bytes")
          .hasMessageContaining("maxFileSize");
      assertThatThrownBy(() -> store.save(s1))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("refusing to overwrite");
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE))).isEqualTo(s2Bytes);
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(s1Bytes);
  }

  @Test
  void aSaveBeforeAnyLoadAlsoRefusesToOverwriteAFileItMayNotRead() throws Exception {
    try (JsonPeerStore store = JsonPeerStore.builder(dir).maxFileSize(100).open()) {
      assertThatThrownBy(() -> store.save(s1))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("refusing to overwrite");
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE))).isEqualTo(s2Bytes);
  }

  @Test
  void aNewerMajorVersionIsRefusedWithBothVersionsAndLeftUntouched() throws Exception {
    byte[] newer =
        Documents.document(2, "{\"whatever\": [1, 2, 3]}").getBytes(StandardCharsets.UTF_8);
    clear();
    Files.write(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), newer);
    Files.write(dir.resolve(JsonPeerStore.BACKUP_FILE), s1Bytes);
    try (JsonPeerStore store = open()) {
      assertThatThrownBy(store::load)
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("format version 2")
          .hasMessageContaining("reads versions up to 1")
          .hasMessageContaining("left untouched");
      assertThatThrownBy(() -> store.save(s2))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("refusing to overwrite");
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE))).isEqualTo(newer);
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(s1Bytes);
  }

  @Test
  void whatWasSetAsideBeforeALoadFailedIsStillReported() throws Exception {
    clear();
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), "{ damaged");
    byte[] newer = Documents.document(2, "{}").getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(JsonPeerStore.BACKUP_FILE), newer);
    List<StoreWarning> heard = new ArrayList<>();
    try (JsonPeerStore store =
        JsonPeerStore.builder(dir).clock(CLOCK).listener(heard::add).open()) {
      assertThatThrownBy(store::load)
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("peers.json.bak was written in format version 2");
      assertThat(heard).extracting(StoreWarning::kind).containsExactly(Kind.CORRUPT_MOVED_ASIDE);
      assertThat(store.lastLoadWarnings()).isEqualTo(heard);
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(newer);
  }

  @Test
  void aNewerVersionWhoseChecksumFailsIsDamageNotAFutureFile() throws Exception {
    // A bit flip that turned "version": 1 into 3 must not stop the node.
    String text = new String(s2Bytes, StandardCharsets.UTF_8);
    byte[] flipped =
        text.replace("\"version\": 1", "\"version\": 3").getBytes(StandardCharsets.UTF_8);
    assertFellBackToBackup(loadWith(flipped), flipped);
  }

  @Test
  void aMissingSnapshotWithABackupLoadsTheBackup() throws Exception {
    Outcome outcome = loadWith(null);
    Snapshots.assertSame(outcome.snapshot(), s1);
    assertThat(outcome.kinds()).containsExactly(Kind.BACKUP_LOADED);
    assertThat(outcome.warnings().get(0).message()).contains("is missing");
  }

  @Test
  void aMissingOrForeignKeyLosesOnlyTheIdentityAndKeepsTheKeyFile() throws Exception {
    Files.delete(dir.resolve(JsonPeerStore.KEY_FILE));
    try (JsonPeerStore store = open()) {
      PeerSnapshot loaded = store.load();
      assertThat(loaded.identity()).isEmpty();
      assertThat(Snapshots.withoutIdentity(loaded)).isEqualTo(Snapshots.withoutIdentity(s2));
      assertThat(store.lastLoadWarnings())
          .singleElement()
          .satisfies(w -> assertThat(w.message()).contains("node.key is missing"));
    }
    try (JsonPeerStore store = open()) {
      store.save(Snapshots.full(99, 1));
      store.save(s2);
    }
    assertThat(Files.readString(dir.resolve("node.key")))
        .contains(s2.identity().orElseThrow().nodeId().toString());
    assertThat(Files.readString(dir.resolve("node.key.replaced-20261121T101530Z")))
        .contains(NodeIdentity.fromSeed(99).nodeId().toString());
  }
}
