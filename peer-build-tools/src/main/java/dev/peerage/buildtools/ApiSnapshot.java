package dev.peerage.buildtools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public API of one compiled module as sorted text, so a change to it shows up as a diff in review.
 *
 * <p>The API is what a user can reach: every public or protected type in a package the module's
 * {@code module-info.class} exports to everyone (qualified exports are left out), and each such type's
 * declared public and protected constructors, methods and fields, with generic signatures and
 * {@code throws} clauses. Synthetic and bridge members, anonymous and local classes, and nested types
 * inside a non-public type are left out. Types are listed by binary name, each followed by its members
 * sorted as text, so the rendering is the same on every machine and JDK that compiles the same
 * signatures.
 *
 * <p>Classes are loaded with the given class loader without being initialised, so rendering runs no
 * static initialiser of the module.
 *
 * <p>Not thread-safe in the sense that matters: {@link #check} writes a file; call it from one test.
 */
public final class ApiSnapshot {
  /** The system property that, set to {@code true}, makes {@link #check} rewrite the snapshot file. */
  public static final String UPDATE_PROPERTY = "api.update";

  private static final int DIFF_LINES_SHOWN = 60;

  private final List<String> lines;

  private ApiSnapshot(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  /**
   * Renders the API of the module compiled into {@code classes}.
   *
   * @param classes a compiler output directory holding {@code module-info.class}, such as
   *     {@code target/classes}
   * @param loader a class loader that can load the module's classes (a test's own loader can)
   * @return the snapshot
   * @throws IllegalArgumentException if {@code classes} holds no {@code module-info.class}, or a class
   *     file there cannot be loaded by {@code loader}
   * @throws UncheckedIOException if the directory cannot be read
   */
  public static ApiSnapshot of(Path classes, ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Path moduleInfo = classes.resolve("module-info.class");
    if (!Files.isRegularFile(moduleInfo)) {
      throw new IllegalArgumentException("classes must be a directory holding module-info.class, was "
          + classes.toAbsolutePath());
    }
    ModuleDescriptor descriptor;
    try (InputStream in = Files.newInputStream(moduleInfo)) {
      descriptor = ModuleDescriptor.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + moduleInfo, e);
    }
    Set<String> packages = new TreeSet<>();
    for (ModuleDescriptor.Exports export : descriptor.exports()) {
      if (!export.isQualified()) {
        packages.add(export.source());
      }
    }
    List<String> out = new ArrayList<>();
    out.add("module " + descriptor.name());
    for (String pkg : packages) {
      out.add("");
      out.add("package " + pkg);
      for (String binaryName : classNames(classes, pkg)) {
        Class<?> type = load(binaryName, loader);
        if (reachable(type)) {
          out.add("");
          out.addAll(render(type));
        }
      }
    }
    return new ApiSnapshot(out);
  }

  /**
   * The snapshot's lines, without line terminators.
   *
   * @return an unmodifiable list
   */
  public List<String> lines() {
    return lines;
  }

  /**
   * The snapshot as file text: its lines, each ending with {@code \n}.
   *
   * @return the text
   */
  public String text() {
    return String.join("\n", lines) + "\n";
  }

  /**
   * Compares this snapshot with the checked-in file, or rewrites the file when the system property
   * {@value #UPDATE_PROPERTY} is {@code true}.
   *
   * @param file the checked-in snapshot, UTF-8
   * @throws AssertionError if the file differs from this snapshot and no update was asked for (the
   *     message lists the removed ({@code -}) and added ({@code +}) lines and how to accept them), or
   *     if there is no file yet (one is written for review, so a build without it never passes)
   * @throws UncheckedIOException if the file cannot be read or written
   */
  public void check(Path file) {
    boolean update = Boolean.getBoolean(UPDATE_PROPERTY);
    try {
      boolean missing = !Files.exists(file);
      if (update || missing) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text(), StandardCharsets.UTF_8);
        if (missing && !update) {
          throw new AssertionError("there was no API snapshot at " + file.toAbsolutePath()
              + "; one was written from the current API: review it and commit it");
        }
        return;
      }
      List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!expected.equals(lines)) {
        throw new AssertionError(difference(file, expected));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use API snapshot " + file, e);
    }
  }

  private String difference(Path file, List<String> expected) {
    Set<String> was = new LinkedHashSet<>(expected);
    Set<String> now = new LinkedHashSet<>(lines);
    List<String> changes = new ArrayList<>();
    for (String line : expected) {
      if (!now.contains(line) && !line.isEmpty()) {
        changes.add("- " + line);
      }
    }
    for (String line : lines) {
      if (!was.contains(line) && !line.isEmpty()) {
        changes.add("+ " + line);
      }
    }
    StringBuilder message = new StringBuilder("the public API differs from ").append(file)
        .append(" (").append(changes.size()).append(" changed lines):\n");
    if (changes.isEmpty()) {
      message.append("  (the same lines in another order)\n");
    }
    for (int i = 0; i < Math.min(changes.size(), DIFF_LINES_SHOWN); i++) {
      message.append(changes.get(i)).append('\n');
    }
    if (changes.size() > DIFF_LINES_SHOWN) {
      message.append("... and ").append(changes.size() - DIFF_LINES_SHOWN).append(" more\n");
    }
    message.append("If the change is intended, rerun the test with -D").append(UPDATE_PROPERTY)
        .append("=true and commit the rewritten file.");
    return message.toString();
  }

  private static List<String> classNames(Path classes, String pkg) {
    Path dir = classes.resolve(pkg.replace('.', '/'));
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
          .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    Collections.sort(names);
    return names;
  }

  private static Class<?> load(String binaryName, ClassLoader loader) {
    try {
      return Class.forName(binaryName, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("cannot load " + binaryName + " with " + loader, e);
    }
  }

  /** Public or protected, and so is every class it is nested in; not anonymous, local or synthetic. */
  private static boolean reachable(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || !visible(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static List<String> render(Class<?> type) {
    List<String> out = new ArrayList<>();
    out.add(header(type));
    String prefix = type.getTypeName() + ".";
    Set<String> members = new TreeSet<>();
    for (Field f : type.getDeclaredFields()) {
      if (included(f)) {
        members.add(f.toGenericString().replace(prefix + f.getName(), f.getName()));
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (included(c)) {
        members.add(c.toGenericString());
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (included(m) && !m.isBridge()) {
        members.add(m.toGenericString().replace(prefix + m.getName() + "(", m.getName() + "("));
      }
    }
    for (String member : members) {
      out.add("  " + member);
    }
    return out;
  }

  private static boolean included(Member member) {
    return visible(member.getModifiers()) && !member.isSynthetic();
  }

  private static String header(Class<?> type) {
    StringBuilder line = new StringBuilder(type.toGenericString());
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      line.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ");
      for (int i = 0; i < interfaces.length; i++) {
        line.append(i == 0 ? "" : ", ").append(interfaces[i].getTypeName());
      }
    }
    return line.toString();
  }
}
