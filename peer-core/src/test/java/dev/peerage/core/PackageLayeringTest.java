package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * peer-core's packages depend only downward. Each public package has a layer; its {@code internal}
 * twin shares it ({@code internal.manager} is the root package's), and {@code dev.peerage.core.internal}
 * itself sits below everything. A source file may
 * refer (by import or fully qualified name in code; Javadoc may point anywhere) to its own package, its
 * twin, and packages of lower layers. Packages of the same layer ({@code book}, {@code ban}, {@code
 * score}) are siblings and may not refer to each other.
 */
class PackageLayeringTest {
  private static final Path MAIN = Path.of("src/main/java/dev/peerage/core");
  private static final String BASE = "dev.peerage.core";

  /** The layer of each public package, counted from the bottom. */
  private static final Map<String, Integer> LAYER = Map.of(
      "internal", 0,
      "address", 1,
      "peer", 2,
      "book", 3,
      "ban", 3,
      "score", 3,
      "spi", 4,
      "discovery", 5,
      "", 6,
      "testing", 7);

  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.peerage\\.core((?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void noPackageRefersUpwardOrSideways() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : sources()) {
      String pkg = packageOf(file);
      String code = withoutComments(Files.readString(file, StandardCharsets.UTF_8));
      Matcher m = REFERENCE.matcher(code);
      while (m.find()) {
        String target = BASE + m.group(1);
        if (!allowed(pkg, target)) {
          violations.add(MAIN.relativize(file) + " (" + pkg + ") refers to " + target);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theRuleCatchesAnUpwardReference() {
    assertThat(allowed(BASE + ".address", BASE + ".peer")).isFalse();
    assertThat(allowed(BASE + ".book", BASE + ".ban")).isFalse();
    assertThat(allowed(BASE + ".internal.book", BASE + ".internal.ban")).isFalse();
    assertThat(allowed(BASE, BASE + ".testing")).isFalse();
    assertThat(allowed(BASE + ".internal", BASE + ".address")).isFalse();
    assertThat(allowed(BASE + ".spi", BASE + ".internal.manager")).isFalse();
    assertThat(allowed(BASE + ".book", BASE + ".internal.book")).isTrue();
    assertThat(allowed(BASE + ".internal.manager", BASE)).isTrue();
    assertThat(allowed(BASE + ".testing", BASE + ".internal.testing")).isTrue();
  }

  @Test
  void everyPackageSaysWhereToStartReading() throws IOException {
    Set<Path> packages = new TreeSet<>();
    for (Path file : sources()) {
      packages.add(file.getParent());
    }
    assertThat(packages).hasSizeGreaterThanOrEqualTo(LAYER.size() + 7);
    assertThat(packages).allSatisfy(dir -> assertThat(dir.resolve("package-info.java")).exists());
  }

  private static boolean allowed(String from, String to) {
    if (from.equals(to) || twin(from).equals(twin(to))) {
      return true;
    }
    return layer(to) < layer(from);
  }

  /** The public package a package belongs to: itself, or the one its internal package serves. */
  private static String twin(String pkg) {
    String sub = pkg.equals(BASE) ? "" : pkg.substring(BASE.length() + 1);
    if (sub.equals("internal.manager")) {
      return ""; // the manager's implementation serves the root package
    }
    if (sub.startsWith("internal.")) {
      return sub.substring("internal.".length());
    }
    return sub;
  }

  private static int layer(String pkg) {
    String sub = twin(pkg);
    Integer layer = LAYER.get(sub);
    if (layer == null) {
      throw new AssertionError("package " + pkg + " has no layer: add it to LAYER");
    }
    return layer;
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String packageOf(Path file) {
    Path dir = MAIN.relativize(file.getParent());
    String sub = dir.toString().replace(file.getFileSystem().getSeparator(), ".");
    return sub.isEmpty() ? BASE : BASE + "." + sub;
  }

  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
  }
}
