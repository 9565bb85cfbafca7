package dev.peerage.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One side of a harness in a JVM of its own: the same {@code java} as this JVM runs a {@code main}
 * class of this jar, which answers line by line on its standard output to lines sent on its standard
 * input. Its error output goes to a temporary file, named in every failure.
 *
 * <p>The harnesses use it so that the node under test, and where it matters the load against it,
 * do not share a heap, a garbage collector or threads with the side that measures. Not thread-safe:
 * one thread talks to a child.
 */
final class ChildJvm implements AutoCloseable {
  private static final long EXIT_WAIT_SECONDS = 30;

  private final String name;
  private final Process process;
  private final BufferedReader fromChild;
  private final PrintStream toChild;
  private final Path errors;

  private ChildJvm(String name, Process process, Path errors) {
    this.name = name;
    this.process = process;
    this.errors = errors;
    this.fromChild = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.toChild = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /**
   * Starts a child JVM.
   *
   * @param name what the child is, for file names and messages
   * @param niceness the child's Linux scheduling niceness ({@code nice -n}), 0 to start it as this
   *     JVM runs, 1 to 19 for a lower CPU priority
   * @param jvmOptions options before the class path, such as {@code -Xmx512m}
   * @param classpath the child's class path
   * @param main the class whose {@code main} the child runs
   * @param args the arguments to {@code main}
   * @return the running child
   * @throws IOException if the process cannot be started
   */
  static ChildJvm start(String name, int niceness, List<String> jvmOptions, String classpath,
      Class<?> main, String... args) throws IOException {
    if (niceness < 0 || niceness > 19) {
      throw new IllegalArgumentException("niceness " + niceness + " is not between 0 and 19");
    }
    Path errors = Files.createTempFile(name, ".err");
    List<String> command = new ArrayList<>();
    if (niceness > 0) {
      command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    return new ChildJvm(name, process, errors);
  }

  /**
   * Reads the child's next line, which must start with the given word and a space.
   *
   * @param word the expected first word, such as {@code PORT}
   * @return the rest of the line after the word and its space
   * @throws IOException if the child ended or wrote something else; names its error file
   */
  String expect(String word) throws IOException {
    String line = fromChild.readLine();
    if (line == null || !line.startsWith(word + " ")) {
      throw new IOException("the " + name + " child answered " + (line == null ? "nothing (ended)"
          : '"' + line + '"') + " where a line starting with " + word + " was expected; see "
          + errors);
    }
    return line.substring(word.length() + 1);
  }

  /**
   * Sends one line to the child.
   *
   * @param line the line, without its end
   */
  void send(String line) {
    toChild.println(line);
  }

  /** @return the file that holds the child's error output */
  Path errors() {
    return errors;
  }

  /**
   * The child's side: announces itself with one line, then answers each line read from standard
   * input until {@code QUIT} or the end of input.
   *
   * @param hello the first line to write, such as {@code PORT 4242}
   * @param commands gives the answer line to a command line; {@code null} for no answer
   * @throws Exception whatever a command throws
   */
  static void answer(String hello, Command commands) throws Exception {
    PrintStream out = System.out;
    out.println(hello);
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
      String answer = commands.answer(line);
      if (answer != null) {
        out.println(answer);
        out.flush();
      }
    }
  }

  /** What a child does with one command line. */
  @FunctionalInterface
  interface Command {
    /**
     * Runs one command.
     *
     * @param line the command line
     * @return the answer line, or {@code null} for none
     * @throws Exception if the command fails
     */
    String answer(String line) throws Exception;
  }

  /**
   * Sends {@code QUIT} and waits up to 30 s for the child to end, then ends it by force.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public void close() throws InterruptedException {
    toChild.println("QUIT");
    if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
