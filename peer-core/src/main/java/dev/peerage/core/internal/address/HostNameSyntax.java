package dev.peerage.core.internal.address;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.internal.QuotedInput;

/**
 * Host names as RFC 1123 section 2.1 allows them, in their canonical lower-case form.
 *
 * <ul>
 *   <li>Labels of 1 to 63 ASCII letters, digits and hyphens, not starting or ending with a hyphen;
 *       internationalised names must be given in their {@code xn--} (punycode) form.
 *   <li>At most 253 characters, not counting one optional trailing dot, which is dropped from the
 *       canonical form ({@code "example.org."} and {@code "example.org"} are the same name).
 *   <li>The last label must not be all digits (no top-level domain is), and the name must not be
 *       made only of numbers in the decimal, octal or {@code 0x} hexadecimal forms that resolvers
 *       built on {@code inet_aton} turn into an IPv4 address ({@code 0x7f.1}, {@code 2130706433}):
 *       such text is a malformed IP address, not a name.
 * </ul>
 */
public final class HostNameSyntax {

  /** Longest name in characters, without the optional trailing dot (RFC 1035 section 2.3.4). */
  public static final int MAX_LENGTH = 253;

  /** Longest label in characters (RFC 1035 section 2.3.4). */
  public static final int MAX_LABEL_LENGTH = 63;

  private HostNameSyntax() {}

  /**
   * Checks {@code text[from, to)} and returns its canonical form: lower case, without a trailing
   * dot.
   *
   * @param text the text holding the name
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @param input the whole text being parsed, quoted in the exception message
   * @return the canonical name
   * @throws InvalidPeerAddressException if the range is not a valid host name
   */
  public static String canonical(String text, int from, int to, String input) {
    int end = to;
    if (end > from && text.charAt(end - 1) == '.') {
      end--;
    }
    if (end == from) {
      throw problem("is empty", text, from, to, input);
    }
    if (end - from > MAX_LENGTH) {
      throw problem("is " + (end - from) + " characters long; at most " + MAX_LENGTH
          + " are allowed", text, from, to, input);
    }
    boolean upperCase = false;
    boolean allNumeric = true;
    int labelStart = from;
    for (int i = from; i <= end; i++) {
      if (i == end || text.charAt(i) == '.') {
        checkLabel(text, labelStart, i, from, to, input);
        allNumeric &= isNumericLabel(text, labelStart, i);
        if (i == end && isDecimal(text, labelStart, i)) {
          throw problem("ends with the all-digit label '" + text.substring(labelStart, i)
              + "'; a top-level domain is never numeric", text, from, to, input);
        }
        labelStart = i + 1;
        continue;
      }
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        upperCase = true;
      } else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
        throw problem("contains " + QuotedInput.describe(c)
            + "; expected letters, digits, hyphens and dots", text, from, to, input);
      }
    }
    if (allNumeric) {
      throw problem("is a numeric IPv4 form that resolvers read differently; write IPv4 "
          + "addresses as four decimal numbers like 192.0.2.1", text, from, to, input);
    }
    if (!upperCase) {
      return text.substring(from, end);
    }
    char[] lower = new char[end - from];
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      lower[i - from] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return new String(lower);
  }

  private static void checkLabel(
      String text, int start, int end, int from, int to, String input) {
    if (start == end) {
      throw problem("has an empty label", text, from, to, input);
    }
    if (end - start > MAX_LABEL_LENGTH) {
      throw problem("has a label of " + (end - start) + " characters; at most "
          + MAX_LABEL_LENGTH + " are allowed", text, from, to, input);
    }
    if (text.charAt(start) == '-' || text.charAt(end - 1) == '-') {
      throw problem("has a label that starts or ends with '-'", text, from, to, input);
    }
  }

  private static boolean isDecimal(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return start < end;
  }

  /** Decimal, or {@code 0x} followed by hex digits: the label forms inet_aton reads as numbers. */
  private static boolean isNumericLabel(String text, int start, int end) {
    if (end - start >= 2 && text.charAt(start) == '0'
        && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
      for (int i = start + 2; i < end; i++) {
        char c = text.charAt(i);
        boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) {
          return false;
        }
      }
      return true;
    }
    return isDecimal(text, start, end);
  }

  private static InvalidPeerAddressException problem(
      String what, String text, int from, int to, String input) {
    String name = text.substring(from, to);
    if (name.length() > QuotedInput.MAX_CHARS) {
      name = name.substring(0, QuotedInput.MAX_CHARS) + "...";
    }
    return new InvalidPeerAddressException("host name '" + name + "' " + what, input);
  }
}
