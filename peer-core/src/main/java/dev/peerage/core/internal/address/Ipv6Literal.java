package dev.peerage.core.internal.address;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.internal.QuotedInput;

/**
 * The IPv6 text form of RFC 4291 section 2.2 for reading and the canonical form of RFC 5952 for
 * writing.
 *
 * <p>Reading accepts eight groups of one to four hexadecimal digits in either case, one {@code ::}
 * standing for one or more zero groups, and a dotted-quad IPv4 address in place of the last two
 * groups. It rejects zone identifiers ({@code %eth0}), groups of more than four digits, a second
 * {@code ::}, a lone leading or trailing colon and anything else.
 *
 * <p>Writing uses lower-case hexadecimal without leading zeros and replaces the longest run of two
 * or more zero groups (the first one on a tie) with {@code ::}; a single zero group is never
 * compressed. Addresses are always written in hexadecimal, including those with an embedded IPv4
 * address: RFC 5952 section 5 permits but does not require the dotted form, and one form keeps
 * the text of an address unique.
 *
 * <p>An address is handled as two {@code long}s: {@code hi} holds bytes 0 to 7 and {@code lo}
 * bytes 8 to 15, both in network order.
 */
public final class Ipv6Literal {

  private Ipv6Literal() {}

  /**
   * Parses {@code text[from, to)} as an IPv6 address.
   *
   * @param text the text holding the address
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @param input the whole text being parsed, quoted in the exception message
   * @param out receives the address: {@code out[0]} bytes 0-7, {@code out[1]} bytes 8-15
   * @throws InvalidPeerAddressException if the range is not an IPv6 address
   */
  public static void parse(String text, int from, int to, String input, long[] out) {
    int[] groups = new int[8];
    int count = 0;
    int compressAt = -1;
    int i = from;
    if (i == to) {
      throw problem("is empty", text, from, to, input);
    }
    if (text.charAt(i) == ':') {
      if (i + 1 >= to || text.charAt(i + 1) != ':') {
        throw problem("starts with a single ':'", text, from, to, input);
      }
      compressAt = 0;
      i += 2;
    }
    while (i < to) {
      int end = i;
      int value = 0;
      while (end < to && end - i < 5) {
        int digit = hexValue(text.charAt(end));
        if (digit < 0) {
          break;
        }
        value = (value << 4) | digit;
        end++;
      }
      if (end < to && text.charAt(end) == '.') {
        if (count > 6) {
          throw problem("has no room for an embedded IPv4 address", text, from, to, input);
        }
        int ipv4 = Ipv4Literal.parse(text, i, to, input);
        groups[count++] = ipv4 >>> 16;
        groups[count++] = ipv4 & 0xFFFF;
        i = to;
        break;
      }
      if (end == i) {
        char c = text.charAt(i);
        throw c == ':'
            ? problem("has an empty group", text, from, to, input)
            : problem("contains " + QuotedInput.describe(c), text, from, to, input);
      }
      if (end - i > 4) {
        throw problem("has a group of more than 4 hex digits", text, from, to, input);
      }
      if (count == 8) {
        throw problem("has more than 8 groups", text, from, to, input);
      }
      groups[count++] = value;
      i = end;
      if (i == to) {
        break;
      }
      char c = text.charAt(i);
      if (c != ':') {
        throw problem("contains " + QuotedInput.describe(c), text, from, to, input);
      }
      i++;
      if (i == to) {
        throw problem("ends with a single ':'", text, from, to, input);
      }
      if (text.charAt(i) == ':') {
        if (compressAt >= 0) {
          throw problem("has more than one '::'", text, from, to, input);
        }
        compressAt = count;
        i++;
      }
    }
    if (compressAt < 0 && count != 8) {
      throw problem("has " + count + " groups; expected 8 or a '::'", text, from, to, input);
    }
    if (compressAt >= 0 && count > 7) {
      throw problem("has 8 groups and a '::'; '::' must stand for at least one zero group",
          text, from, to, input);
    }
    if (compressAt >= 0) {
      int zeros = 8 - count;
      System.arraycopy(groups, compressAt, groups, compressAt + zeros, count - compressAt);
      for (int g = compressAt; g < compressAt + zeros; g++) {
        groups[g] = 0;
      }
    }
    out[0] = pack(groups, 0);
    out[1] = pack(groups, 4);
  }

  /**
   * Appends the canonical RFC 5952 text of an address to {@code out}.
   *
   * @param out where to write
   * @param hi bytes 0-7 in network order
   * @param lo bytes 8-15 in network order
   */
  public static void appendTo(StringBuilder out, long hi, long lo) {
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int g = 0; g < 8; g++) {
      if (group(hi, lo, g) == 0) {
        if (runStart < 0) {
          runStart = g;
        }
        int length = g - runStart + 1;
        if (length > bestLength) {
          bestStart = runStart;
          bestLength = length;
        }
      } else {
        runStart = -1;
      }
    }
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (g > 0 && g != bestStart + bestLength) {
        out.append(':');
      }
      out.append(Integer.toHexString(group(hi, lo, g)));
    }
  }

  /**
   * Returns the canonical RFC 5952 text of an address.
   *
   * @param hi bytes 0-7 in network order
   * @param lo bytes 8-15 in network order
   * @return for example {@code "2001:db8::1"}
   */
  public static String format(long hi, long lo) {
    StringBuilder out = new StringBuilder(39);
    appendTo(out, hi, lo);
    return out.toString();
  }

  /** ASCII hexadecimal digits only: {@link Character#digit} would also accept other scripts. */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static int group(long hi, long lo, int g) {
    long half = g < 4 ? hi : lo;
    return (int) (half >>> (48 - 16 * (g & 3))) & 0xFFFF;
  }

  private static long pack(int[] groups, int first) {
    return ((long) groups[first] << 48)
        | ((long) groups[first + 1] << 32)
        | ((long) groups[first + 2] << 16)
        | groups[first + 3];
  }

  private static InvalidPeerAddressException problem(
      String what, String text, int from, int to, String input) {
    return new InvalidPeerAddressException(
        "IPv6 address '" + text.substring(from, to) + "' " + what, input);
  }
}
