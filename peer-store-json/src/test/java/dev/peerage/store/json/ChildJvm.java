package dev.peerage.store.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM running a main class from the test class path, with its standard output readable
 * line by line. Used where a test needs another process: killing one mid-save, or holding a lock.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path errors;

  private ChildJvm(Process process, Path errors) {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.errors = errors;
  }

  /** Starts {@code main} with {@code args}; its standard error goes to {@code errors}. */
  static ChildJvm start(Class<?> main, Path errors, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Start fast: the child runs for a fraction of a second before it is killed.
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-XX:-UsePerfData",
            "-Xmx256m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new ChildJvm(process, errors);
  }

  /** The next line the child printed, failing with its standard error if it ended instead. */
  String readLine() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new AssertionError(
          "the child process ended (exit "
              + waitFor()
              + "); its stderr:\n"
              + Files.readString(errors));
    }
    return line;
  }

  /** Lines printed but not yet read, up to the child's end; call after it was killed. */
  List<String> remainingLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Kills the child with SIGKILL (on Linux and macOS) and waits until it is gone. Through its
   * process handle, because {@link Process#destroyForcibly()} also closes our end of its output,
   * and the lines it printed before it died must still be read.
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
  }

  /** Closes the child's standard input, which the lock holder takes as its signal to exit. */
  void closeInput() throws IOException {
    process.getOutputStream().close();
  }

  int waitFor() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      kill();
    }
    out.close();
  }
}
