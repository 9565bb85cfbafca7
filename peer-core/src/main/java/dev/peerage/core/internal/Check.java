package dev.peerage.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Checks of setting values, one argument order everywhere: the value, then the setting's name, then
 * the bounds (always inclusive). Each check returns the value when it passes and otherwise throws an
 * {@link IllegalArgumentException} whose message has one form, {@code <name> must be <expected>, was
 * <value>} (for example {@code maxInbound must be between 0 and 10000, was -1}), or a {@link
 * NullPointerException} whose message is the name alone. The configuration classes use it so that
 * every setting is checked, and reported, the same way.
 *
 * <p>The checks of {@code double} values reject NaN and return {@code value + 0.0}, which turns
 * {@code -0.0} into {@code 0.0} so that settings that compare equal numerically also compare equal in
 * a record. Stateless and thread-safe.
 */
public final class Check {
  private Check() {}

  /**
   * Checks that a value is not {@code null}.
   *
   * @param <T> the value's type
   * @param value the value
   * @param name the setting's name, the exception's message
   * @return {@code value}
   * @throws NullPointerException if {@code value} is {@code null}
   */
  public static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, name);
  }

  /**
   * Checks that {@code min <= value <= max}.
   *
   * @param value the value
   * @param name the setting's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return {@code value}
   * @throws IllegalArgumentException {@code "<name> must be between <min> and <max>, was <value>"}
   */
  public static int between(int value, String name, int min, int max) {
    if (value < min || value > max) {
      throw fail(name, "between " + min + " and " + max, value);
    }
    return value;
  }

  /**
   * Checks that {@code value >= min}.
   *
   * @param value the value
   * @param name the setting's name
   * @param min the smallest allowed value
   * @return {@code value}
   * @throws IllegalArgumentException {@code "<name> must be at least <min>, was <value>"}
   */
  public static int atLeast(int value, String name, int min) {
    if (value < min) {
      throw fail(name, "at least " + min, value);
    }
    return value;
  }

  /**
   * Checks that {@code min <= value <= max} (so NaN fails).
   *
   * @param value the value
   * @param name the setting's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return {@code value + 0.0}
   * @throws IllegalArgumentException {@code "<name> must be between <min> and <max>, was <value>"}
   */
  public static double between(double value, String name, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw fail(name, "between " + min + " and " + max, value);
    }
    return value + 0.0;
  }

  /**
   * Checks that a value is neither NaN nor infinite.
   *
   * @param value the value
   * @param name the setting's name
   * @return {@code value + 0.0}
   * @throws IllegalArgumentException {@code "<name> must be finite, was <value>"}
   */
  public static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw fail(name, "finite", value);
    }
    return value + 0.0;
  }

  /**
   * Checks that a value is finite and at least {@code min}.
   *
   * @param value the value
   * @param name the setting's name
   * @param min the smallest allowed value
   * @return {@code value + 0.0}
   * @throws IllegalArgumentException {@code "<name> must be finite and at least <min>, was <value>"}
   */
  public static double atLeast(double value, String name, double min) {
    if (!(Double.isFinite(value) && value >= min)) {
      throw fail(name, "finite and at least " + min, value);
    }
    return value + 0.0;
  }

  /**
   * Checks that a value is finite and above zero.
   *
   * @param value the value
   * @param name the setting's name
   * @return {@code value}
   * @throws IllegalArgumentException {@code "<name> must be finite and positive, was <value>"}
   */
  public static double positive(double value, String name) {
    if (!(Double.isFinite(value) && value > 0.0)) {
      throw fail(name, "finite and positive", value);
    }
    return value;
  }

  /**
   * Checks that {@code 0 < value <= max}.
   *
   * @param value the value
   * @param name the setting's name
   * @param max the largest allowed value
   * @return {@code value}
   * @throws IllegalArgumentException {@code "<name> must be positive and at most <max>, was <value>"}
   */
  public static double positive(double value, String name, double max) {
    if (!(value > 0.0 && value <= max)) {
      throw fail(name, "positive and at most " + max, value);
    }
    return value;
  }

  /**
   * Checks that a duration is longer than zero.
   *
   * @param value the duration
   * @param name the setting's name
   * @return {@code value}
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws IllegalArgumentException {@code "<name> must be positive, was <value>"}
   */
  public static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw fail(name, "positive", value);
    }
    return value;
  }

  /**
   * Checks that a duration is longer than zero and at most {@code max}.
   *
   * @param value the duration
   * @param name the setting's name
   * @param max the longest allowed duration
   * @return {@code value}
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws IllegalArgumentException {@code "<name> must be positive and at most <max>, was <value>"}
   */
  public static Duration positive(Duration value, String name, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw fail(name, "positive and at most " + max, value);
    }
    return value;
  }

  /**
   * Checks that a duration is not negative.
   *
   * @param value the duration
   * @param name the setting's name
   * @return {@code value}
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws IllegalArgumentException {@code "<name> must be zero or positive, was <value>"}
   */
  public static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw fail(name, "zero or positive", value);
    }
    return value;
  }

  /**
   * Checks that {@code min <= value <= max}.
   *
   * @param value the duration
   * @param name the setting's name
   * @param min the shortest allowed duration
   * @param max the longest allowed duration
   * @return {@code value}
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws IllegalArgumentException {@code "<name> must be between <min> and <max>, was <value>"}
   */
  public static Duration between(Duration value, String name, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw fail(name, "between " + min + " and " + max, value);
    }
    return value;
  }

  private static IllegalArgumentException fail(String name, String expected, Object value) {
    return new IllegalArgumentException(name + " must be " + expected + ", was " + value);
  }
}
