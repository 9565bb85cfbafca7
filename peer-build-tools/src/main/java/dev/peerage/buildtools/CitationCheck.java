package dev.peerage.buildtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds text in the repository's documentation and main sources that cites a document a reader of the
 * repository cannot open: the project's planning notes (Markdown files named ANCHORS, DESIGN or STYLE that
 * live outside the repository), use-case labels of the form "seed" and a three-digit number starting with
 * 0, project phases ("phase" and a number), folders of such labels ("seeds" and a slash), and absolute
 * paths under the work or home folders of a developer's machine. A fact taken from another project names
 * that project's public source instead (for example Bitcoin Core's addrman.cpp), and a use case is
 * described in words.
 *
 * <p>What is scanned, relative to the repository root: {@code README.md}, every {@code *.md} under
 * {@code docs/}, and in every module (a direct subdirectory holding a {@code pom.xml}) its
 * {@code README.md} and every {@code *.java} under {@code src/main/}. Tests, build output and other
 * files are not scanned. Each file is read as UTF-8 and at most {@value #MAX_FILE_BYTES} bytes long.
 *
 * <p>Stateless and thread-safe.
 */
public final class CitationCheck {
  /** The longest file scanned, in bytes; a longer one is refused rather than read in part. */
  public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private static final int FINDINGS_SHOWN = 100;
  private static final int EXCERPT_CHARS = 120;

  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("\\b(ANCHORS|DESIGN|STYLE)\\.md\\b", Pattern.CASE_INSENSITIVE),
          "names a planning note that is not in the repository; name the public source of the fact"),
      new Rule(Pattern.compile("\\bseed 0\\d\\d\\b", Pattern.CASE_INSENSITIVE),
          "is a use-case label from outside the repository; describe the use case in words"),
      new Rule(Pattern.compile("\\bseeds/", Pattern.CASE_INSENSITIVE),
          "points into a folder of use-case labels outside the repository"),
      new Rule(Pattern.compile("\\bphase \\d+\\b", Pattern.CASE_INSENSITIVE),
          "names a project phase from outside the repository; say what is meant instead"),
      new Rule(Pattern.compile("(?<![\\w.~:/-])/(work|home)/"),
          "is an absolute path on a developer's machine; name the document or drop the reference"));

  private CitationCheck() {}

  /**
   * One citation of a document outside the repository.
   *
   * @param file the file, relative to the scanned root
   * @param line the line number, from 1
   * @param match the text that matched
   * @param problem what is wrong with it and what to write instead
   */
  public record Finding(Path file, int line, String match, String problem) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is {@code null}
     * @throws IllegalArgumentException if {@code line} is less than 1
     */
    public Finding {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(match, "match");
      Objects.requireNonNull(problem, "problem");
      if (line < 1) {
        throw new IllegalArgumentException("line must be at least 1, was " + line);
      }
    }

    /**
     * Renders the finding as {@code file:line: "match" problem}, with {@code /} as the separator.
     *
     * @return the rendering
     */
    @Override
    public String toString() {
      return file.toString().replace('\\', '/') + ":" + line + ": \"" + match + "\" " + problem;
    }
  }

  /**
   * Scans the documentation and main sources of the repository at {@code root} (see the class comment
   * for which files).
   *
   * @param repository the repository root: the directory holding the root {@code pom.xml}
   * @return the findings in file order (files sorted by path), then line order; empty if there are none
   * @throws IllegalArgumentException if {@code root} holds no {@code pom.xml}, or a scanned file is
   *     longer than {@value #MAX_FILE_BYTES} bytes
   * @throws UncheckedIOException if a directory or file cannot be read, or a file is not UTF-8
   */
  public static List<Finding> scan(Path repository) {
    Path root = repository.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new IllegalArgumentException("repository must be the repository root holding pom.xml, was "
          + root);
    }
    List<Path> files = new ArrayList<>();
    addIfFile(files, root.resolve("README.md"));
    files.addAll(filesUnder(root.resolve("docs"), ".md"));
    for (Path module : modules(root)) {
      addIfFile(files, module.resolve("README.md"));
      files.addAll(filesUnder(module.resolve("src").resolve("main"), ".java"));
    }
    files.sort(null);
    List<Finding> findings = new ArrayList<>();
    for (Path file : files) {
      findings.addAll(scanText(root.relativize(file), read(file)));
    }
    return List.copyOf(findings);
  }

  /**
   * Scans one file's text.
   *
   * @param file the name to report the findings under
   * @param text the file's text
   * @return the findings in line order, and within a line in rule order
   * @throws NullPointerException if an argument is {@code null}
   */
  public static List<Finding> scanText(Path file, String text) {
    Objects.requireNonNull(file, "file");
    List<Finding> findings = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      for (Rule rule : RULES) {
        Matcher matcher = rule.pattern().matcher(line);
        while (matcher.find()) {
          findings.add(new Finding(file, i + 1, excerpt(matcher.group()), rule.problem()));
        }
      }
    }
    return findings;
  }

  /**
   * Scans the repository at {@code root} and fails if anything cites a document outside it.
   *
   * @param root the repository root: the directory holding the root {@code pom.xml}
   * @throws AssertionError if there are findings; the message lists the first 100
   *     as {@code file:line: "match" problem} and counts the rest
   * @throws IllegalArgumentException as {@link #scan}
   * @throws UncheckedIOException as {@link #scan}
   */
  public static void check(Path root) {
    List<Finding> findings = scan(root);
    if (findings.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder()
        .append(findings.size()).append(" citations of documents outside the repository:\n");
    for (int i = 0; i < Math.min(findings.size(), FINDINGS_SHOWN); i++) {
      message.append(findings.get(i)).append('\n');
    }
    if (findings.size() > FINDINGS_SHOWN) {
      message.append("... and ").append(findings.size() - FINDINGS_SHOWN).append(" more\n");
    }
    throw new AssertionError(message.toString());
  }

  private static String excerpt(String match) {
    return match.length() <= EXCERPT_CHARS ? match : match.substring(0, EXCERPT_CHARS) + "...";
  }

  private static void addIfFile(List<Path> files, Path file) {
    if (Files.isRegularFile(file)) {
      files.add(file);
    }
  }

  private static List<Path> modules(Path root) {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static List<Path> filesUnder(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      return tree.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static String read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("a scanned file must be at most " + MAX_FILE_BYTES
            + " bytes, " + file + " has " + size);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " as UTF-8", e);
    }
  }

  private record Rule(Pattern pattern, String problem) {}
}
