package dev.peerage.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version the jar was built as, exactly as in the project's POM (a snapshot build says {@code
 * -SNAPSHOT}). Maven writes it into the resource {@value #RESOURCE} at build time (resource
 * filtering), so the classes and the shaded jar report the same. {@code --version} on every command
 * prints it. Stateless and thread-safe.
 */
final class BuildVersion implements IVersionProvider {
  /** The resource, relative to the {@code dev.peerage.examples} package. */
  static final String RESOURCE = "version.properties";

  /** Creates the provider; picocli calls it. */
  BuildVersion() {}

  /**
   * The project version as built.
   *
   * @return the version, for example {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}
   * @throws IllegalStateException if the resource is missing or was not filtered (a build that
   *     skipped Maven's resource processing)
   */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource dev/peerage/examples/" + RESOURCE
            + " is missing from the class path; build with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev/peerage/examples/" + RESOURCE, e);
    }
    String version = properties.getProperty("version", "").strip();
    if (version.isEmpty() || version.contains("${")) {
      throw new IllegalStateException("dev/peerage/examples/" + RESOURCE + " holds '" + version
          + "' instead of a version; build with Maven so that resources are filtered");
    }
    return version;
  }

  /**
   * The lines {@code --version} prints.
   *
   * @return one line: {@code Peerage examples <version>}
   */
  @Override
  public String[] getVersion() {
    return new String[] {"Peerage examples " + version()};
  }
}
