package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves that fail part way (disk full, a refused rename, a failing sync, a read-only directory):
 * each throws a {@link PeerStoreException} naming the step, the previous save stays loadable, and
 * the next save after the cause is gone succeeds.
 */
class SaveFailureTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final FaultyFileOperations ops = new FaultyFileOperations();
  private final PeerSnapshot before = Snapshots.full(1, 300);

  /** A different snapshot with a different identity, so the key file is replaced too. */
  private final PeerSnapshot after = Snapshots.full(2, 301);

  private JsonPeerStore openFaulty() throws PeerStoreException {
    return JsonPeerStore.builder(dir).clock(CLOCK).fileOperations(ops).open();
  }

  private JsonPeerStore openReal() throws PeerStoreException {
    return JsonPeerStore.builder(dir).clock(CLOCK).open();
  }

  private void resetTo(PeerSnapshot... saves) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path path : files.toList()) {
        Files.delete(path);
      }
    }
    try (JsonPeerStore store = openReal()) {
      for (PeerSnapshot save : saves) {
        store.save(save);
      }
    }
  }

  private List<String> stepsOfAGoodSave() throws Exception {
    resetTo(Snapshots.full(0, 10), before);
    try (JsonPeerStore store = openFaulty()) {
      store.load();
      ops.heal();
      store.save(after);
      return ops.steps();
    }
  }

  @Test
  void aSaveIsTheDocumentedSequenceOfSteps() throws Exception {
    assertThat(stepsOfAGoodSave())
        .containsExactly(
            "delete node.key.tmp",
            "create node.key.tmp",
            "write node.key.tmp",
            "sync node.key.tmp",
            "move node.key to node.key.replaced-20261121T101530Z-2",
            "move node.key.tmp to node.key",
            "sync directory " + dir.getFileName(),
            "delete peers.json.tmp",
            "create peers.json.tmp",
            "write peers.json.tmp",
            "sync peers.json.tmp",
            "delete peers.json.bak.tmp",
            "link peers.json.bak.tmp to peers.json",
            "move peers.json.bak.tmp to peers.json.bak",
            "move peers.json.tmp to peers.json",
            "sync directory " + dir.getFileName());
  }

  @Test
  void aFailureAtAnyStepLeavesAWholeSnapshotAndTheNextSaveSucceeds() throws Exception {
    List<String> steps = stepsOfAGoodSave();
    int lastRename = steps.lastIndexOf("move peers.json.tmp to peers.json");
    assertThat(lastRename).isEqualTo(steps.size() - 2);
    for (int step = 0; step < steps.size(); step++) {
      String name = steps.get(step);
      resetTo(Snapshots.full(0, 10), before);
      try (JsonPeerStore store = openFaulty()) {
        store.load();
        ops.failAt(step, new IOException("injected failure " + step));
        if (name.startsWith("link")) {
          // No hard links here: the backup becomes a synced copy instead.
          store.save(after);
          assertThat(ops.steps()).contains("create peers.json.bak.tmp", "sync peers.json.bak.tmp");
          assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE)))
              .isEqualTo(Files.readAllBytes(dir.resolve("peers.json.bak")));
          continue;
        }
        assertThatThrownBy(() -> store.save(after))
            .as("failing %s", name)
            .isInstanceOf(PeerStoreException.class)
            .hasMessageContaining("injected failure " + step)
            .hasMessageContaining(name.substring(name.lastIndexOf(' ') + 1));
      }
      // On disk: one whole snapshot, the previous one until the final rename, the new one after
      // it (then only the directory sync failed); no temporary or set-aside files.
      try (JsonPeerStore store = openReal()) {
        Snapshots.assertSame(store.load(), step > lastRename ? after : before);
        assertThat(store.lastLoadWarnings())
            .extracting(StoreWarning::kind)
            .isSubsetOf(StoreWarning.Kind.IDENTITY_RECOVERED);
        try (Stream<Path> files = Files.list(dir)) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .noneMatch(file -> file.endsWith(".tmp"))
              .noneMatch(file -> file.contains(".corrupt-"));
        }
        // The cause is gone: the next save succeeds.
        store.save(after);
      }
      try (JsonPeerStore store = openReal()) {
        Snapshots.assertSame(store.load(), after);
        assertThat(store.lastLoadWarnings()).isEmpty();
      }
    }
  }

  @Test
  void aFullDiskFailsTheSaveWithAClearMessageAndKeepsThePreviousFiles() throws Exception {
    resetTo(after);
    long size = Files.size(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    for (long budget : new long[] {0, 1, 150, 4096, size / 2, size - 1}) {
      resetTo(Snapshots.full(0, 10), before);
      byte[] snapshotBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
      byte[] backupBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE));
      byte[] keyBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.KEY_FILE));
      try (JsonPeerStore store = openFaulty()) {
        store.load();
        ops.diskFullAfter(budget);
        assertThatThrownBy(() -> store.save(after))
            .isInstanceOf(PeerStoreException.class)
            .hasMessageContaining("No space left on device")
            .hasMessageContaining("writing " + dir)
            .hasMessageContaining(".tmp failed")
            .hasMessageContaining("previous save");
        ops.heal();
      }
      assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE)))
          .isEqualTo(snapshotBytes);
      assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.BACKUP_FILE))).isEqualTo(backupBytes);
      if (budget < 150) {
        // The key file is written first and is about 200 bytes: it could not be replaced.
        assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.KEY_FILE))).isEqualTo(keyBytes);
      }
      try (JsonPeerStore store = openReal()) {
        Snapshots.assertSame(store.load(), before);
      }
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.endsWith(".tmp"));
      }
    }
  }

  @Test
  void aReadOnlyDirectorySimulatedFailsTheSaveAndKeepsEverything() throws Exception {
    resetTo(Snapshots.full(0, 10), before);
    byte[] snapshotBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    PeerSnapshot sameIdentity =
        new PeerSnapshot(
            Optional.empty(),
            before.identity(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            java.util.Map.of(),
            List.of(),
            List.of());
    for (IOException refusal :
        List.of(
            new FileSystemException(dir + "/peers.json.tmp", null, "Read-only file system"),
            new AccessDeniedException(dir + "/peers.json.tmp"))) {
      try (JsonPeerStore store = openFaulty()) {
        store.load();
        // Step 0 is removing a stale temporary file, step 1 creating the new one.
        ops.failAt(1, refusal);
        assertThatThrownBy(() -> store.save(sameIdentity))
            .isInstanceOf(PeerStoreException.class)
            .hasMessageContaining("creating " + dir.resolve("peers.json.tmp"))
            .hasMessageContaining(refusal.getClass().getSimpleName());
        ops.heal();
      }
      assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE)))
          .isEqualTo(snapshotBytes);
    }
  }

  @Test
  void aDamagedFileInADirectoryWhereNothingCanBeRenamedIsLeftAndNotOverwritten() throws Exception {
    resetTo(Snapshots.full(0, 10), before);
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), "{ damaged");
    try (JsonPeerStore store = openFaulty()) {
      ops.failAt(0, new FileSystemException("Read-only file system"));
      PeerSnapshot loaded = store.load();
      Snapshots.assertSame(loaded, Snapshots.full(0, 10));
      // The backup is older than node.key: its key comes from the file set aside when the
      // identity changed.
      assertThat(store.lastLoadWarnings())
          .extracting(StoreWarning::kind)
          .containsExactly(
              StoreWarning.Kind.CORRUPT_LEFT_IN_PLACE,
              StoreWarning.Kind.BACKUP_LOADED,
              StoreWarning.Kind.IDENTITY_RECOVERED);
      ops.failAt(0, new FileSystemException("Read-only file system"));
      assertThatThrownBy(() -> store.save(after))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("damaged and cannot be renamed");
      assertThat(Files.readString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE))).isEqualTo("{ damaged");
      // Once the directory is writable again, the damaged file is set aside and the save goes on.
      ops.heal();
      store.save(after);
    }
    assertThat(Files.readString(dir.resolve("peers.json.corrupt-20261121T101530Z")))
        .isEqualTo("{ damaged");
    try (JsonPeerStore store = openReal()) {
      Snapshots.assertSame(store.load(), after);
    }
  }

  @Test
  void aReallyReadOnlyDirectoryFailsTheSaveAndKeepsEverything() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    resetTo(before);
    byte[] snapshotBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    try (JsonPeerStore store = openReal()) {
      store.load();
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
      try {
        Path probe = dir.resolve("probe");
        boolean privileged;
        try {
          Files.createFile(probe);
          Files.delete(probe);
          privileged = true;
        } catch (AccessDeniedException expected) {
          privileged = false;
        }
        // Root ignores directory permissions; SaveFailureTest's simulated cases cover it then.
        assumeTrue(!privileged, "running with privileges that ignore file permissions");
        assertThatThrownBy(() -> store.save(after))
            .isInstanceOf(PeerStoreException.class)
            .hasMessageContaining("AccessDeniedException");
      } finally {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE)))
        .isEqualTo(snapshotBytes);
    try (JsonPeerStore store = openReal()) {
      Snapshots.assertSame(store.load(), before);
    }
  }

  @Test
  void aKeyThatCouldNotBeWrittenLeavesTheSnapshotFileAlone() throws Exception {
    resetTo(before);
    byte[] snapshotBytes = Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
    try (JsonPeerStore store = openFaulty()) {
      store.load();
      ops.failAt(1, new IOException("key refused"));
      assertThatThrownBy(() -> store.save(after))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("saving the private key")
          .hasMessageContaining("key refused");
    }
    assertThat(Files.readAllBytes(dir.resolve(JsonPeerStore.SNAPSHOT_FILE)))
        .isEqualTo(snapshotBytes);
    try (JsonPeerStore store = openReal()) {
      PeerSnapshot loaded = store.load();
      assertThat(loaded.identity().map(NodeIdentity::nodeId))
          .isEqualTo(before.identity().map(NodeIdentity::nodeId));
    }
  }
}
