package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.store.json.JsonPeerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read, or that fail, must leave {@code peers.json} and its backup as they were;
 * only a command that changed something saves. Real files through the real {@link JsonPeerStore}.
 */
class OfflineStoreSavesTest {
  @TempDir
  Path dir;

  private Path store;
  private String id;

  /** One file as found on disk: its bytes, its modification time and its identity (inode). */
  private record FileState(byte[] bytes, FileTime modified, Object key) {
    static FileState of(Path file) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileState(Files.readAllBytes(file), attributes.lastModifiedTime(),
          attributes.fileKey());
    }

    boolean sameAs(FileState other) {
      return Arrays.equals(bytes, other.bytes) && modified.equals(other.modified)
          && Objects.equals(key, other.key);
    }
  }

  private CliRun cli(String... args) {
    return CliRun.of(args);
  }

  @BeforeEach
  void storeWithAPeerABanAndABackup() {
    store = dir.resolve("store");
    CliRun add = cli("peers", "add", "--store", store.toString(), "203.0.113.7:8333",
        "--label", "Home");
    assertThat(add.exitCode()).as(add.err()).isZero();
    id = add.out().split(" ")[1];
    CliRun ban = cli("peers", "ban", "--store", store.toString(), "198.51.100.0/24");
    assertThat(ban.exitCode()).as(ban.err()).isZero();
    assertThat(store.resolve(JsonPeerStore.BACKUP_FILE)).exists();
  }

  private FileState snapshot() throws IOException {
    return FileState.of(store.resolve(JsonPeerStore.SNAPSHOT_FILE));
  }

  private FileState backup() throws IOException {
    return FileState.of(store.resolve(JsonPeerStore.BACKUP_FILE));
  }

  @Test
  void readOnlyAndFailedCommandsLeaveTheFilesAlone() throws IOException {
    Path rejectedOnly = dir.resolve("rejected.txt");
    Files.writeString(rejectedOnly, "not an address\n203.0.113.7:99999\n");
    String s = store.toString();
    List<String[]> commands = List.of(
        new String[] {"peers", "list", "--store", s},
        new String[] {"peers", "list", "--store", s, "--json"},
        new String[] {"peers", "bans", "--store", s},
        new String[] {"peers", "export", "--store", s},
        new String[] {"peers", "export", "--store", s, "--json"},
        new String[] {"peers", "node-args", "--store", s},
        new String[] {"peers", "remove", "--store", s, "p-unknown"},
        new String[] {"peers", "disable", "--store", s, "p-unknown"},
        new String[] {"peers", "enable", "--store", s, id},
        new String[] {"peers", "add", "--store", s, "203.0.113.7:8333"},
        new String[] {"peers", "unban", "--store", s, "192.0.2.0/24"},
        new String[] {"peers", "import", "--store", s, rejectedOnly.toString()},
        new String[] {"ticket", "show", "--store", s, "--listen", "192.0.2.9:8333", "--no-qr"});
    FileState snapshotBefore = snapshot();
    FileState backupBefore = backup();
    SoftAssertions softly = new SoftAssertions();
    for (String[] command : commands) {
      CliRun run = cli(command);
      String what = String.join(" ", command) + " -> " + run.exitCode() + " " + run.err();
      softly.assertThat(snapshot().sameAs(snapshotBefore)).as("peers.json after " + what).isTrue();
      softly.assertThat(backup().sameAs(backupBefore)).as("peers.json.bak after " + what).isTrue();
    }
    softly.assertAll();
  }

  @Test
  void aRealChangeSavesAndKeepsThePreviousFileAsTheBackup() throws IOException {
    FileState snapshotBefore = snapshot();
    CliRun add = cli("peers", "add", "--store", store.toString(), "192.0.2.44:8333");
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(snapshot().sameAs(snapshotBefore)).isFalse();
    assertThat(new String(snapshot().bytes())).contains("192.0.2.44:8333");
    assertThat(backup().bytes()).isEqualTo(snapshotBefore.bytes());

    FileState afterAdd = snapshot();
    CliRun disable = cli("peers", "disable", "--store", store.toString(), id);
    assertThat(disable.exitCode()).as(disable.err()).isZero();
    assertThat(snapshot().sameAs(afterAdd)).isFalse();
    assertThat(backup().bytes()).isEqualTo(afterAdd.bytes());
  }

  @Test
  void anImportThatAddsSomethingSavesEvenWithRejectedLines() throws IOException {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, "192.0.2.50:8333\nnot an address\n");
    FileState before = snapshot();
    CliRun run = cli("peers", "import", "--store", store.toString(), list.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(snapshot().sameAs(before)).isFalse();
    assertThat(new String(snapshot().bytes())).contains("192.0.2.50:8333");
  }
}
