package dev.peerage.buildtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles a small module with the JDK's compiler and checks what the snapshot sees of it. */
class ApiSnapshotTest {
  @TempDir Path dir;
  private Path classes;
  private URLClassLoader loader;

  private static final Map<String, String> SOURCES = Map.of(
      "module-info.java", "module fixture { exports fix.api; exports fix.friend to java.base; }",
      "fix/api/Shape.java", String.join("\n",
          "package fix.api;",
          "public abstract class Shape<T extends Comparable<T>> implements java.io.Serializable {",
          "  public static final int SIDES = 3;",
          "  protected int hidden;",
          "  int packagePrivate;",
          "  public Shape() {}",
          "  Shape(int x) {}",
          "  public abstract T size() throws java.io.IOException;",
          "  protected void grow(java.util.List<? super T> into) {}",
          "  private void secret() {}",
          "  public static class Nested { public void touch() {} }",
          "  static class Hidden { public void invisible() {} }",
          "  public Runnable task() { return new Runnable() { public void run() {} }; }",
          "}"),
      "fix/api/Colour.java", "package fix.api; public enum Colour { RED, GREEN { } }",
      "fix/api/Point.java", "package fix.api; public record Point(int x, int y) {}",
      "fix/api/Internal.java", "package fix.api; class Internal { public void no() {} }",
      "fix/friend/Friend.java", "package fix.friend; public class Friend { public void no() {} }");

  @BeforeEach
  void compileTheFixture() throws IOException {
    Path src = dir.resolve("src");
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString()));
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue(), StandardCharsets.UTF_8);
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
    classes = dir.resolve("classes");
    loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
  }

  @AfterEach
  void closeLoader() throws IOException {
    loader.close();
  }

  @Test
  void listsExactlyTheReachableTypesAndMembersInAStableOrder() {
    assertThat(ApiSnapshot.of(classes, loader).lines()).containsExactly(
        "module fixture",
        "",
        "package fix.api",
        "",
        // Not final: GREEN has a body, so it is a subclass.
        "public enum fix.api.Colour",
        "  public static final fix.api.Colour GREEN",
        "  public static final fix.api.Colour RED",
        "  public static fix.api.Colour valueOf(java.lang.String)",
        "  public static fix.api.Colour[] values()",
        "",
        "public final record fix.api.Point",
        "  public final boolean equals(java.lang.Object)",
        "  public final int hashCode()",
        "  public final java.lang.String toString()",
        "  public fix.api.Point(int,int)",
        "  public int x()",
        "  public int y()",
        "",
        "public abstract class fix.api.Shape<T extends java.lang.Comparable<T>> implements"
            + " java.io.Serializable",
        "  protected int hidden",
        "  protected void grow(java.util.List<? super T>)",
        "  public abstract T size() throws java.io.IOException",
        "  public fix.api.Shape()",
        "  public java.lang.Runnable task()",
        "  public static final int SIDES",
        "",
        "public static class fix.api.Shape$Nested",
        "  public fix.api.Shape$Nested()",
        "  public void touch()");
  }

  @Test
  void aMissingSnapshotFailsButIsWrittenAndThenAMatchingOnePasses() throws IOException {
    ApiSnapshot snapshot = ApiSnapshot.of(classes, loader);
    Path file = dir.resolve("api/fixture.api");
    assertThatThrownBy(() -> snapshot.check(file)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("no API snapshot").hasMessageContaining("fixture.api");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(snapshot.text());
    snapshot.check(file); // the same API again: no failure, no change
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).isEqualTo(snapshot.lines());
  }

  @Test
  void aChangedApiFailsWithTheRemovedAndAddedLinesAndLeavesTheFileAlone() throws IOException {
    ApiSnapshot snapshot = ApiSnapshot.of(classes, loader);
    Path file = dir.resolve("fixture.api");
    String old = snapshot.text().replace("  public void touch()", "  public void poke()");
    Files.writeString(file, old, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> snapshot.check(file)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("(2 changed lines)")
        .hasMessageContaining("- " + "  public void poke()")
        .hasMessageContaining("+ " + "  public void touch()")
        .hasMessageContaining("-Dapi.update=true");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(old);
  }

  @Test
  void theUpdatePropertyRewritesADifferentSnapshot() throws IOException {
    ApiSnapshot snapshot = ApiSnapshot.of(classes, loader);
    Path file = dir.resolve("fixture.api");
    Files.writeString(file, "stale\n", StandardCharsets.UTF_8);
    String before = System.getProperty(ApiSnapshot.UPDATE_PROPERTY);
    System.setProperty(ApiSnapshot.UPDATE_PROPERTY, "true");
    try {
      snapshot.check(file);
    } finally {
      if (before == null) {
        System.clearProperty(ApiSnapshot.UPDATE_PROPERTY);
      } else {
        System.setProperty(ApiSnapshot.UPDATE_PROPERTY, before);
      }
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(snapshot.text());
  }

  @Test
  void aDirectoryWithoutModuleInfoIsRefusedByName() {
    assertThatThrownBy(() -> ApiSnapshot.of(dir, loader)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("module-info.class").hasMessageContaining(dir.toString());
  }
}
