package dev.peerage.examples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option within the bounds of that option. Accepts ISO-8601 ({@code PT30S},
 * {@code P7D}, {@code P1DT12H}) or a whole number with a unit: {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 24h}, {@code 7d}). A value that does
 * not parse, or parses outside the bounds (including values too large for {@link Duration}), is a
 * {@link TypeConversionException}: picocli prints the option's name with the message, which names
 * the value and the accepted range, and the command exits with {@link ExitCodes#BAD_INPUT} before
 * it touches anything. Subclasses fix the bounds; stateless and thread-safe.
 */
abstract class DurationOption implements ITypeConverter<Duration> {
  private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  /** More digits than this may not fit a long in any unit. */
  private static final int MAX_DIGITS = 18;

  private final Duration min;
  private final Duration max;
  private final String range;

  /**
   * Sets the bounds.
   *
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @param range the bounds as people read them, for messages
   */
  DurationOption(Duration min, Duration max, String range) {
    this.min = min;
    this.max = max;
    this.range = range;
  }

  @Override
  public Duration convert(String text) {
    Duration value = parse(text);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw outOfRange(text);
    }
    return value;
  }

  private Duration parse(String text) {
    String s = text.strip();
    Matcher m = WITH_UNIT.matcher(s);
    if (m.matches()) {
      if (m.group(1).length() > MAX_DIGITS) {
        throw outOfRange(text);
      }
      long n = Long.parseLong(m.group(1));
      try {
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } catch (ArithmeticException e) {
        throw outOfRange(text);
      }
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      if (e.getCause() != null) {
        // Well formed, but a number does not fit (NumberFormatException) or the sum overflows
        // (ArithmeticException): more seconds than a long holds.
        throw outOfRange(text);
      }
      throw new TypeConversionException("'" + text + "' is not a duration: expected ISO-8601 "
          + "such as PT30S or P7D, or a whole number with ms, s, m, h or d such as 30s or 7d, "
          + "from " + range);
    }
  }

  private TypeConversionException outOfRange(String text) {
    return new TypeConversionException("'" + text + "' is out of range: expected " + range);
  }

  /** {@code peers ban --duration}: zero (permanent) to 100 years. */
  static final class BanDuration extends DurationOption {
    /** Creates the converter; picocli calls it. */
    BanDuration() {
      super(Duration.ZERO, Duration.ofDays(36_500),
          "PT0S (permanent) to P36500D (100 years)");
    }
  }

  /** {@code node --run-for}: one millisecond to 100 years. */
  static final class RunFor extends DurationOption {
    /** Creates the converter; picocli calls it. */
    RunFor() {
      super(Duration.ofMillis(1), Duration.ofDays(36_500),
          "PT0.001S (1 ms) to P36500D (100 years)");
    }
  }

  /** {@code demo --step-timeout}: one millisecond to one hour. */
  static final class StepTimeout extends DurationOption {
    /** Creates the converter; picocli calls it. */
    StepTimeout() {
      super(Duration.ofMillis(1), Duration.ofHours(1), "PT0.001S (1 ms) to PT1H (1 hour)");
    }
  }
}
