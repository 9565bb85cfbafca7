package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.store.json.internal.ContentMigration;
import dev.peerage.store.json.internal.FileOperations;
import dev.peerage.store.json.internal.NioFileOperations;
import dev.peerage.store.json.internal.SyncableOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On POSIX file systems every file the store creates is readable and writable by its owner only
 * ({@code rw-------}) from the moment it exists, temporaries included, and a store directory the
 * store creates is {@code rwx------}; a directory that already exists keeps its permissions.
 */
class FilePermissionTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);
  private static final String OWNER_ONLY = "rw-------";

  @TempDir Path root;

  private Path dir;

  /** Two snapshots with different identities, so the second save replaces the key file too. */
  private final PeerSnapshot first = Snapshots.full(1, 20);

  private final PeerSnapshot second = Snapshots.full(2, 20);

  @BeforeEach
  void requirePosix() {
    assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    dir = root.resolve("store");
  }

  private static String permissions(Path path) {
    try {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The permissions of every entry of the store directory, by name. */
  private Map<String, String> permissionsOfEveryFile() throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(p -> all.put(p.getFileName().toString(), permissions(p)));
    }
    return all;
  }

  @Test
  void everyFileIsOwnerOnlyAfterASaveAndASecondSave() throws Exception {
    try (JsonPeerStore store = JsonPeerStore.builder(dir).clock(CLOCK).open()) {
      assertThat(permissionsOfEveryFile()).containsExactly(Map.entry("peers.lock", OWNER_ONLY));
      store.save(first);
      assertThat(permissionsOfEveryFile())
          .containsExactly(
              Map.entry("node.key", OWNER_ONLY),
              Map.entry("peers.json", OWNER_ONLY),
              Map.entry("peers.lock", OWNER_ONLY));
      store.save(second);
      assertThat(permissionsOfEveryFile())
          .containsExactly(
              Map.entry("node.key", OWNER_ONLY),
              Map.entry("node.key.replaced-20261121T101530Z", OWNER_ONLY),
              Map.entry("peers.json", OWNER_ONLY),
              Map.entry("peers.json.bak", OWNER_ONLY),
              Map.entry("peers.lock", OWNER_ONLY));
    }
  }

  @Test
  void aDirectoryTheStoreCreatesIsOwnerOnlyAndItsParentsAreNot() throws Exception {
    Path nested = root.resolve("a").resolve("b").resolve("store");
    Path ordinary = Files.createDirectory(root.resolve("ordinary"));
    try (JsonPeerStore store = JsonPeerStore.open(nested)) {
      assertThat(permissions(nested)).isEqualTo("rwx------");
      // Only the store's own directory is made private; the ones above it are the host's.
      assertThat(permissions(root.resolve("a"))).isEqualTo(permissions(ordinary));
      assertThat(permissions(nested.getParent())).isEqualTo(permissions(ordinary));
    }
  }

  @Test
  void anExistingDirectoryKeepsItsPermissions() throws Exception {
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x--x"));
    try (JsonPeerStore store = JsonPeerStore.builder(dir).clock(CLOCK).open()) {
      store.save(first);
      store.save(second);
    }
    assertThat(permissions(dir)).isEqualTo("rwxr-x--x");
  }

  @Test
  void temporaryFilesAreOwnerOnlyFromTheMomentTheyExist() throws Exception {
    Recording ops = new Recording(false);
    try (JsonPeerStore store = JsonPeerStore.builder(dir).clock(CLOCK).fileOperations(ops).open()) {
      store.save(first);
      store.save(second);
    }
    assertThat(ops.seen)
        .containsOnlyKeys("node.key.tmp", "peers.json.tmp", "peers.json.bak.tmp")
        .allSatisfy((name, seen) -> assertThat(seen).isEqualTo(OWNER_ONLY));
  }

  @Test
  void aBackupCopiedWhereThereAreNoHardLinksIsOwnerOnlyToo() throws Exception {
    Recording ops = new Recording(true);
    try (JsonPeerStore store = JsonPeerStore.builder(dir).clock(CLOCK).fileOperations(ops).open()) {
      store.save(first);
      store.save(second);
    }
    assertThat(ops.seen).containsEntry("peers.json.bak.tmp", OWNER_ONLY);
    assertThat(permissions(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(OWNER_ONLY);
  }

  @Test
  void aMigrationsTemporaryFileIsOwnerOnly() throws Exception {
    Files.createDirectory(dir);
    Files.writeString(
        dir.resolve(JsonPeerStore.SNAPSHOT_FILE),
        Documents.document(0, "{\"anchors\": [\"5.6.7.8:9\"]}"));
    Map<String, String> seen = new TreeMap<>();
    ContentMigration watching =
        (from, to) -> {
          Path temporary = dir.resolve("peers.json.migrating-1");
          seen.put(temporary.getFileName().toString(), permissions(temporary));
          MigrationTest.FROM_0.migrate(from, to);
        };
    try (JsonPeerStore store = JsonPeerStore.builder(dir).migration(0, watching).open()) {
      assertThat(store.load().anchors()).hasSize(1);
    }
    assertThat(seen).containsExactly(Map.entry("peers.json.migrating-1", OWNER_ONLY));
  }

  /**
   * Real file operations that look at each file's permissions right after creating it, before a
   * byte is written, and at each hard link right after making it; optionally without hard links.
   */
  private final class Recording implements FileOperations {
    private final FileOperations real = new NioFileOperations();
    private final boolean noHardLinks;
    final Map<String, String> seen = new TreeMap<>();

    Recording(boolean noHardLinks) {
      this.noHardLinks = noHardLinks;
    }

    private void look(Path file) {
      String now = permissions(file);
      String before = seen.putIfAbsent(file.getFileName().toString(), now);
      assertThat(before == null || before.equals(now)).as(file + " " + now).isTrue();
    }

    @Override
    public SyncableOutputStream create(Path file) throws IOException {
      SyncableOutputStream out = real.create(file);
      look(file);
      return out;
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
      real.moveAtomically(source, target);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
      if (noHardLinks) {
        throw new UnsupportedOperationException("no hard links here");
      }
      real.createLink(link, existing);
      look(link);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
      real.syncDirectory(directory);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
      real.deleteIfExists(file);
    }

    @Override
    public InputStream openForReading(Path file) throws IOException {
      return real.openForReading(file);
    }
  }
}
