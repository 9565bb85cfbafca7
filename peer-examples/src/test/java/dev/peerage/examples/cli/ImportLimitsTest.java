package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.store.json.JsonPeerStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code peers import} streams its file within fixed limits and strips a byte order mark. */
class ImportLimitsTest {
  @TempDir
  Path dir;

  private Path store;
  private byte[] storedBefore;

  @BeforeEach
  void storeWithOnePeer() throws IOException {
    store = dir.resolve("store");
    CliRun add = CliRun.of("peers", "add", "--store", store.toString(), "203.0.113.7:8333");
    assertThat(add.exitCode()).as(add.err()).isZero();
    storedBefore = Files.readAllBytes(store.resolve(JsonPeerStore.SNAPSHOT_FILE));
  }

  /** Writes a file made of {@code count} copies of {@code block}, synced to disk. */
  private Path file(String name, byte[] block, long count) throws IOException {
    Path file = dir.resolve(name);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      for (long i = 0; i < count; i++) {
        ByteBuffer buffer = ByteBuffer.wrap(block);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      channel.force(true);
    }
    return file;
  }

  private CliRun importInto(Path target, Path file) {
    return CliRun.of("peers", "import", "--store", target.toString(), file.toString());
  }

  private void assertRefusedAndNothingSaved(CliRun run, String... messageParts) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(messageParts);
    assertThat(run.out()).doesNotContain("added");
    assertThat(Files.readAllBytes(store.resolve(JsonPeerStore.SNAPSHOT_FILE)))
        .isEqualTo(storedBefore);
  }

  @Test
  void aFileLargerThan16MiBIsRefusedWithoutSaving() throws IOException {
    // 4,300 comment lines of 4,001 bytes: 17.2 MB, under the line limits, over the byte limit.
    byte[] line = ("#" + "x".repeat(3999) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path big = file("big.txt", line, 4_300);
    assertThat(Files.size(big)).isGreaterThan(16L << 20);
    assertRefusedAndNothingSaved(importInto(store, big), "big.txt", "16777216 bytes");

    Path fresh = dir.resolve("fresh");
    assertThat(importInto(fresh, big).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(fresh).doesNotExist();
  }

  @Test
  void aFileWithNoNewlineAtAllIsRefusedAtTheLineLimit() throws IOException {
    // What /dev/zero gives: NUL bytes and never a line end; 20 MiB of them.
    Path zeros = file("zeros.bin", new byte[1 << 20], 20);
    assertRefusedAndNothingSaved(importInto(store, zeros), "line 1", "zeros.bin",
        "4096 characters");
  }

  @Test
  void moreThan100000LinesAreRefused() throws IOException {
    Path many = file("many.txt", "#\n".getBytes(StandardCharsets.US_ASCII), 100_001);
    assertRefusedAndNothingSaved(importInto(store, many), "many.txt", "100000 lines");
  }

  @Test
  void filesAtTheLimitsAreRead() throws IOException {
    // 100,000 lines, one of them 4,096 characters long: accepted (all comments, nothing added).
    Path lines = file("lines.txt", "#\n".getBytes(StandardCharsets.US_ASCII), 99_999);
    Files.writeString(lines, "#" + "y".repeat(4_095), StandardOpenOption.APPEND);
    CliRun run = importInto(store, lines);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("added 0, duplicates 0, rejected 0");
  }

  @Test
  void theDefaultsFileHasTheSameLimits() throws IOException {
    Path zeros = file("defaults.bin", new byte[1 << 16], 1);
    CliRun run = CliRun.of("peers", "reset-defaults", "--store", store.toString(),
        "--defaults", zeros.toString());
    assertRefusedAndNothingSaved(run, "defaults.bin", "4096 characters");
  }

  @Test
  void aLeadingByteOrderMarkIsSkipped() throws IOException {
    Path list = dir.resolve("bom.txt");
    Files.write(list, "\uFEFF198.51.100.1:8333\r\n192.0.2.1:8333\r192.0.2.2:8333"
        .getBytes(StandardCharsets.UTF_8));
    CliRun run = importInto(store, list);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("added 3, duplicates 0, rejected 0");
    assertThat(CliRun.of("peers", "export", "--store", store.toString()).out())
        .contains("198.51.100.1:8333\n", "192.0.2.1:8333\n", "192.0.2.2:8333\n");
  }

  @Test
  void onlyOneByteOrderMarkIsSkipped() throws IOException {
    Path list = dir.resolve("bom2.txt");
    Files.write(list, "\uFEFF\uFEFF198.51.100.1:8333\n".getBytes(StandardCharsets.UTF_8));
    CliRun run = importInto(store, list);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out()).contains("rejected 1");
  }

  @Test
  void textThatIsNotUtf8IsBadInput() throws IOException {
    Path list = file("latin1.txt", new byte[] {'1', '9', '2', (byte) 0xE9, '\n'}, 1);
    assertRefusedAndNothingSaved(importInto(store, list), "latin1.txt", "UTF-8");
  }
}
