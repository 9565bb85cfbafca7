package dev.peerage.store.json.internal;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * Writes and reads instants in the ISO-8601 form of {@link Instant#toString()} ({@code
 * 2026-11-21T10:15:30Z}, {@code 2026-11-21T10:15:30.250Z}), several times faster than the JDK's
 * formatter: an 80k-address store holds a quarter of a million timestamps, and {@link
 * Instant#parse} alone would take longer than the whole load budget.
 *
 * <p>The fast paths cover years 0000 to 9999 and produce exactly what {@link Instant#toString()}
 * produces and read exactly what {@link Instant#parse} reads for that shape (tests compare them
 * over random instants). Anything else, such as years beyond 9999, falls back to the JDK. Stateless
 * and thread-safe.
 */
public final class InstantText {
  /** 0000-01-01T00:00:00Z. */
  private static final long MIN_FAST_SECOND = -62_167_219_200L;

  /** 9999-12-31T23:59:59Z. */
  private static final long MAX_FAST_SECOND = 253_402_300_799L;

  private static final int SECONDS_PER_DAY = 86_400;

  /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
  private static final long DAYS_0000_TO_1970 = 719_468;

  private static final int DAYS_PER_ERA = 146_097;

  /** The buffer length {@link #formatTo} needs. */
  public static final int BUFFER_LENGTH = 30;

  private InstantText() {}

  /**
   * Returns the text of {@code instant}, identical to {@link Instant#toString()}.
   *
   * @param instant the instant
   * @return its ISO-8601 text
   */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
      return instant.toString();
    }
    char[] out = new char[BUFFER_LENGTH];
    int length = formatFast(seconds, instant.getNano(), out);
    return new String(out, 0, length);
  }

  /**
   * Writes the text of {@code instant} into {@code out}, for callers that reuse a buffer; instants
   * outside the fast range return -1 and must be written with {@link #format}.
   *
   * @param instant the instant
   * @param out at least {@value #BUFFER_LENGTH} characters
   * @return the number of characters written, or -1
   */
  public static int formatTo(Instant instant, char[] out) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
      return -1;
    }
    return formatFast(seconds, instant.getNano(), out);
  }

  private static int formatFast(long seconds, int nanos, char[] out) {
    long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);
    // Civil date from a day count in 400-year eras: the civil_from_days algorithm of Howard
    // Hinnant, "chrono-Compatible Low-Level Date Algorithms".
    long z = epochDay + DAYS_0000_TO_1970;
    long era = Math.floorDiv(z, DAYS_PER_ERA);
    int dayOfEra = (int) (z - era * DAYS_PER_ERA);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    int at = 19;
    if (nanos != 0) {
      // Instant.toString prints the fraction in groups of three digits: 3, 6 or 9 of them.
      out[at++] = '.';
      if (nanos % 1_000_000 == 0) {
        digits(out, at, nanos / 1_000_000, 3);
        at += 3;
      } else if (nanos % 1_000 == 0) {
        digits(out, at, nanos / 1_000, 6);
        at += 6;
      } else {
        digits(out, at, nanos, 9);
        at += 9;
      }
    }
    out[at++] = 'Z';
    return at;
  }

  private static void digits(char[] out, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Reads text written by {@link #format} or {@link Instant#toString()}.
   *
   * @param text the text
   * @return the instant
   * @throws DateTimeException if the text is not an ISO-8601 instant
   */
  public static Instant parse(String text) {
    Instant fast = parseFast(text.toCharArray(), 0, text.length());
    return fast != null ? fast : Instant.parse(text);
  }

  /**
   * Reads text written by {@link #format} from a character buffer, such as a JSON parser's, without
   * making a string of it first: a store holds hundreds of thousands of times.
   *
   * @param text the buffer
   * @param offset where the text starts
   * @param length its length
   * @return the instant
   * @throws DateTimeException if the text is not an ISO-8601 instant
   */
  public static Instant parse(char[] text, int offset, int length) {
    Instant fast = parseFast(text, offset, length);
    return fast != null ? fast : Instant.parse(new String(text, offset, length));
  }

  /** Returns null when the text is not in the common shape; the JDK then decides. */
  private static Instant parseFast(char[] s, int offset, int length) {
    if (length < 20 || length > 30 || s[offset + length - 1] != 'Z') {
      return null;
    }
    if (s[offset + 4] != '-'
        || s[offset + 7] != '-'
        || s[offset + 10] != 'T'
        || s[offset + 13] != ':'
        || s[offset + 16] != ':') {
      return null;
    }
    int year = number(s, offset, 4);
    int month = number(s, offset + 5, 2);
    int day = number(s, offset + 8, 2);
    int hour = number(s, offset + 11, 2);
    int minute = number(s, offset + 14, 2);
    int second = number(s, offset + 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (s[offset + 19] != '.' || fractionDigits < 1) {
        return null;
      }
      int fraction = number(s, offset + 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        fraction *= 10;
      }
      nanos = fraction;
    } else if (length != 20) {
      return null;
    }
    long epochDay = epochDay(year, month, day);
    return Instant.ofEpochSecond(
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
  }

  /** The decimal value of {@code count} ASCII digits at {@code at}, or -1 if one is not a digit. */
  private static int number(char[] s, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    int yearOfEra = (int) (y - era * 400);
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * DAYS_PER_ERA + dayOfEra - DAYS_0000_TO_1970;
  }
}
