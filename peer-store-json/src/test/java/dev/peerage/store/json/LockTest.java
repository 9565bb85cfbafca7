package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.spi.PeerStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only one store may use a directory at a time, in this process or any other. */
class LockTest {
  @TempDir Path dir;
  @TempDir Path logs;

  @Test
  void aSecondStoreInThisProcessIsRefusedUntilTheFirstCloses() throws Exception {
    JsonPeerStore first = JsonPeerStore.open(dir);
    try {
      assertThatThrownBy(() -> JsonPeerStore.open(dir))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("another JsonPeerStore in this process")
          .hasMessageContaining(dir.toString());
      first.save(Snapshots.tiny(1));
    } finally {
      first.close();
    }
    first.close();
    try (JsonPeerStore second = JsonPeerStore.open(dir)) {
      assertThat(Snapshots.numberOf(second.load())).isEqualTo(1);
    }
  }

  @Test
  void aClosedStoreRefusesWork() throws Exception {
    JsonPeerStore store = JsonPeerStore.open(dir);
    store.close();
    assertThatThrownBy(store::load)
        .isInstanceOf(PeerStoreException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.save(Snapshots.tiny(1)))
        .isInstanceOf(PeerStoreException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void aStoreInAnotherProcessIsRefusedWithItsProcessId() throws Exception {
    try (ChildJvm holder =
        ChildJvm.start(LockHolder.class, logs.resolve("stderr.txt"), dir.toString())) {
      assertThat(holder.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> JsonPeerStore.open(dir))
          .isInstanceOf(PeerStoreException.class)
          .hasMessageContaining("another process (pid " + holder.pid() + ") is using " + dir)
          .hasMessageContaining("only one process may open a store directory at a time");
      holder.closeInput();
      assertThat(holder.readLine()).isEqualTo("released");
      assertThat(holder.waitFor()).isZero();
    }
    try (JsonPeerStore store = JsonPeerStore.open(dir)) {
      assertThat(store.load().isEmpty()).isTrue();
    }
    assertThat(Files.readString(dir.resolve(JsonPeerStore.LOCK_FILE)).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void aKilledHolderLeavesNoStaleLock() throws Exception {
    try (ChildJvm holder =
        ChildJvm.start(LockHolder.class, logs.resolve("stderr.txt"), dir.toString())) {
      assertThat(holder.readLine()).isEqualTo("locked");
      holder.kill();
    }
    try (JsonPeerStore store = JsonPeerStore.open(dir)) {
      assertThat(store.load().isEmpty()).isTrue();
    }
  }

  @Test
  void aPathThatIsAFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> JsonPeerStore.open(file))
        .isInstanceOf(PeerStoreException.class)
        .hasMessageContaining("cannot create the store directory " + file);
  }
}
