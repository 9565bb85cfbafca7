package dev.peerage.core.internal.address;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.internal.QuotedInput;

/**
 * The strict IPv4 text form: exactly four decimal parts of 0 to 255 separated by dots, without
 * leading zeros. The shorthand and octal or hexadecimal forms that {@code inet_aton} accepts
 * ({@code 127.1}, {@code 0x7f.0.0.1}, {@code 010.0.0.1}) are rejected, because different parsers
 * read them as different addresses.
 *
 * <p>An address is handled as an {@code int} holding its four bytes in network order.
 */
public final class Ipv4Literal {

  private Ipv4Literal() {}

  /**
   * Returns whether {@code text[from, to)} is non-empty and consists only of ASCII digits and dots,
   * that is, whether it can only be meant as an IPv4 address and never as a host name.
   *
   * @param text the text
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @return whether the range is made of digits and dots only
   */
  public static boolean isDigitsAndDots(String text, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses {@code text[from, to)} as a dotted-quad IPv4 address.
   *
   * @param text the text holding the address
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @param input the whole text being parsed, quoted in the exception message
   * @return the address, four bytes in network order
   * @throws InvalidPeerAddressException if the range is not a strict dotted quad
   */
  public static int parse(String text, int from, int to, String input) {
    int result = 0;
    int parts = 0;
    int value = 0;
    int partStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || text.charAt(i) == '.') {
        if (i == partStart) {
          throw problem("has an empty part", text, from, to, input);
        }
        if (parts == 4) {
          throw problem("has more than 4 parts", text, from, to, input);
        }
        result = (result << 8) | value;
        parts++;
        value = 0;
        partStart = i + 1;
        continue;
      }
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw problem("contains " + QuotedInput.describe(c)
            + "; expected 4 decimal numbers separated by dots", text, from, to, input);
      }
      if (i > partStart && text.charAt(partStart) == '0') {
        throw problem(
            "has a part with a leading zero ('" + part(text, partStart, to) + "')",
            text, from, to, input);
      }
      value = value * 10 + (c - '0');
      if (value > 255) {
        throw problem(
            "has a part out of range 0-255 ('" + part(text, partStart, to) + "')",
            text, from, to, input);
      }
    }
    if (parts != 4) {
      throw problem("has " + parts + " parts; expected 4", text, from, to, input);
    }
    return result;
  }

  /**
   * Appends the dotted-quad form of {@code address} to {@code out}.
   *
   * @param out where to write
   * @param address four bytes in network order
   */
  public static void appendTo(StringBuilder out, int address) {
    out.append(address >>> 24).append('.')
        .append((address >>> 16) & 0xFF).append('.')
        .append((address >>> 8) & 0xFF).append('.')
        .append(address & 0xFF);
  }

  /**
   * Returns the dotted-quad form of {@code address}.
   *
   * @param address four bytes in network order
   * @return for example {@code "192.0.2.1"}
   */
  public static String format(int address) {
    StringBuilder out = new StringBuilder(15);
    appendTo(out, address);
    return out.toString();
  }

  private static String part(String text, int partStart, int to) {
    int end = partStart;
    while (end < to && text.charAt(end) != '.') {
      end++;
    }
    return text.substring(partStart, end);
  }

  private static InvalidPeerAddressException problem(
      String what, String text, int from, int to, String input) {
    return new InvalidPeerAddressException(
        "IPv4 address '" + text.substring(from, to) + "' " + what, input);
  }
}
