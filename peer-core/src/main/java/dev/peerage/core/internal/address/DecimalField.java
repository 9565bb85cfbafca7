package dev.peerage.core.internal.address;

import dev.peerage.core.address.InvalidPeerAddressException;

/**
 * A bounded decimal number inside an address, such as a port or a prefix length: ASCII digits only,
 * no sign, no spaces, no leading zeros (so that {@code 080} is not read as 80 by one program and as
 * octal 64 by another).
 */
public final class DecimalField {

  private DecimalField() {}

  /**
   * Parses {@code text[from, to)} as a decimal number in {@code [min, max]}.
   *
   * @param text the text holding the number
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @param label what the number is, for messages, for example {@code "port"}
   * @param min smallest allowed value
   * @param max largest allowed value, at most 999,999,999
   * @param input the whole text being parsed, quoted in the exception message
   * @return the number
   * @throws InvalidPeerAddressException if the range is empty, not a plain decimal number, or out
   *     of range
   */
  public static int parse(
      String text, int from, int to, String label, int min, int max, String input) {
    if (from == to) {
      throw new InvalidPeerAddressException(label + " is empty", input);
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidPeerAddressException(label + " '" + shorten(text, from, to)
            + "' is not a decimal number (ASCII digits only)", input);
      }
    }
    if (to - from > 1 && text.charAt(from) == '0') {
      throw new InvalidPeerAddressException(
          label + " '" + shorten(text, from, to) + "' has a leading zero", input);
    }
    long value = 0;
    if (to - from <= 10) {
      for (int i = from; i < to; i++) {
        value = value * 10 + (text.charAt(i) - '0');
      }
    } else {
      value = Long.MAX_VALUE;
    }
    if (value < min || value > max) {
      throw new InvalidPeerAddressException(
          label + " " + shorten(text, from, to) + " is out of range " + min + "-" + max, input);
    }
    return (int) value;
  }

  private static String shorten(String text, int from, int to) {
    return to - from <= 20 ? text.substring(from, to) : text.substring(from, from + 20) + "...";
  }
}
