package dev.peerage.store.json.internal;

import dev.peerage.core.address.PeerAddress;

/**
 * Reads addresses as {@link PeerAddress#parse(String)} does, with shortcuts for the common cases:
 * the canonical text of an IPv4 address and port ({@code 203.0.113.7:9798}), which is four in five
 * of a typical book's addresses, and the canonical (RFC 5952) text of a bracketed IPv6 address and
 * port ({@code [2001:db8::7]:9798}), which is most of the rest. The shortcuts accept only text that
 * is certainly valid and canonical, exactly as {@link PeerAddress#toString()} writes it (no leading
 * zeros, octets up to 255, lower-case hexadecimal groups, {@code ::} only for the longest run of two
 * or more zero groups, the first on a tie, ports 1 to 65535) and build the address with {@link
 * PeerAddress#ofIp}; anything else, valid or not, goes to the full parser, which has the final word
 * and makes every error message. Tests check that both agree. Stateless and thread-safe.
 */
public final class AddressText {
  private AddressText() {}

  /**
   * Parses {@code host:port} text.
   *
   * @param text the text
   * @return the address
   * @throws dev.peerage.core.address.InvalidPeerAddressException if the text is not a valid address
   */
  public static PeerAddress parse(String text) {
    PeerAddress fast = new Reader().parseFast(text.toCharArray(), 0, text.length());
    return fast != null ? fast : PeerAddress.parse(text);
  }

  /**
   * Parses {@code host:port} text from a character buffer, such as a JSON parser's, without making
   * a string of it when the shortcut applies.
   *
   * @param text the buffer
   * @param offset where the text starts
   * @param length its length
   * @return the address
   * @throws dev.peerage.core.address.InvalidPeerAddressException if the text is not a valid address
   */
  public static PeerAddress parse(char[] text, int offset, int length) {
    return new Reader().parse(text, offset, length);
  }

  /**
   * Parses like {@link AddressText#parse(char[], int, int)} with scratch arrays of its own, so that
   * the shortcuts allocate nothing but the address (an 80k-address book made a quarter of a million
   * small arrays). Not thread-safe: one instance serves one document reader.
   */
  public static final class Reader {
    private final byte[] ipv4 = new byte[4];
    private final byte[] ipv6 = new byte[16];
    private final int[] groups = new int[8];

    /**
     * Parses {@code host:port} text from a character buffer.
     *
     * @param text the buffer
     * @param offset where the text starts
     * @param length its length
     * @return the address
     * @throws dev.peerage.core.address.InvalidPeerAddressException if the text is not a valid
     *     address
     */
    public PeerAddress parse(char[] text, int offset, int length) {
      PeerAddress fast = parseFast(text, offset, length);
      return fast != null ? fast : PeerAddress.parse(new String(text, offset, length));
    }

    PeerAddress parseFast(char[] text, int offset, int length) {
      return length > 0 && text[offset] == '['
          ? parseIpv6(text, offset, length, ipv6, groups)
          : parseIpv4(text, offset, length, ipv4);
    }
  }

  /** The address if {@code s} is canonical IPv4 text with a port, else null. */
  static PeerAddress parseIpv4(String s) {
    return parseIpv4(s.toCharArray(), 0, s.length(), new byte[4]);
  }

  /** {@code ip} is scratch space of 4 bytes, which {@link PeerAddress#ofIp} does not keep. */
  private static PeerAddress parseIpv4(char[] text, int offset, int length, byte[] ip) {
    if (length < 9 || length > 21) {
      return null;
    }
    int i = 0;
    for (int octet = 0; octet < 4; octet++) {
      int start = i;
      int value = 0;
      while (i < length && i - start < 3 && isDigit(text[offset + i])) {
        value = value * 10 + (text[offset + i] - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || (digits > 1 && text[offset + start] == '0') || value > 255) {
        return null;
      }
      ip[octet] = (byte) value;
      if (i >= length || text[offset + i] != (octet < 3 ? '.' : ':')) {
        return null;
      }
      i++;
    }
    int start = i;
    int port = 0;
    while (i < length && isDigit(text[offset + i])) {
      port = port * 10 + (text[offset + i] - '0');
      i++;
      if (i - start > 5) {
        return null;
      }
    }
    if (i != length || i == start || text[offset + start] == '0' || port > 65_535) {
      return null;
    }
    return PeerAddress.ofIp(ip, port);
  }

  /** The address if {@code s} is canonical bracketed IPv6 text with a port, else null. */
  static PeerAddress parseIpv6(String s) {
    return parseIpv6(s.toCharArray(), 0, s.length(), new byte[16], new int[8]);
  }

  /**
   * The address if {@code text} is {@code [groups]:port} exactly as the core writes it, else null.
   * Reads up to eight groups and at most one {@code ::}, then checks that the {@code ::} stands
   * where the canonical form puts it, so that every text this accepts is one the core would write.
   * {@code ip} (16 bytes) and {@code groups} (8 ints) are scratch space.
   */
  private static PeerAddress parseIpv6(
      char[] text, int offset, int length, byte[] ip, int[] groups) {
    // Shortest "[::]:1" is 6 characters; longest is 39 + brackets, colon and 5 port digits.
    if (length < 6 || length > 47 || text[offset] != '[') {
      return null;
    }
    int end = offset + length;
    int count = 0;
    int compressAt = -1;
    int i = offset + 1;
    if (text[i] == ':') {
      if (text[i + 1] != ':') {
        return null;
      }
      compressAt = 0;
      i += 2;
    }
    while (i < end && text[i] != ']') {
      if (count == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      int digit;
      while (i < end && i - start < 4 && (digit = lowerHex(text[i])) >= 0) {
        value = (value << 4) | digit;
        i++;
      }
      int digits = i - start;
      if (digits == 0 || (digits > 1 && text[start] == '0')) {
        return null;
      }
      groups[count++] = value;
      if (i >= end) {
        return null;
      }
      if (text[i] == ':') {
        i++;
        if (i < end && text[i] == ':') {
          if (compressAt >= 0) {
            return null;
          }
          compressAt = count;
          i++;
        } else if (i >= end || text[i] == ']') {
          return null; // a lone trailing colon
        }
      } else if (text[i] != ']') {
        return null;
      }
    }
    if (i >= end || (compressAt < 0 ? count != 8 : count > 6)) {
      return null;
    }
    // Where the canonical form compresses: the longest run of two or more zero groups, the first
    // on a tie. The text's "::" must stand for exactly that run.
    int zeros = 8 - count;
    int[] full = groups;
    if (compressAt >= 0) {
      // Expand in place: the groups after "::" move to the end, zeros fill the gap.
      System.arraycopy(groups, compressAt, groups, compressAt + zeros, count - compressAt);
      java.util.Arrays.fill(groups, compressAt, compressAt + zeros, 0);
    }
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int g = 0; g < 8; g++) {
      if (full[g] != 0) {
        runStart = -1;
        continue;
      }
      if (runStart < 0) {
        runStart = g;
      }
      if (g - runStart + 1 > bestLength) {
        bestStart = runStart;
        bestLength = g - runStart + 1;
      }
    }
    if (compressAt < 0 ? bestStart >= 0 : bestStart != compressAt || bestLength != zeros) {
      return null;
    }
    // "]:" and the port, as for IPv4.
    i++;
    if (i >= end || text[i] != ':') {
      return null;
    }
    i++;
    int start = i;
    int port = 0;
    while (i < end && isDigit(text[i])) {
      port = port * 10 + (text[i] - '0');
      i++;
      if (i - start > 5) {
        return null;
      }
    }
    if (i != end || i == start || text[start] == '0' || port > 65_535) {
      return null;
    }
    for (int g = 0; g < 8; g++) {
      ip[2 * g] = (byte) (full[g] >>> 8);
      ip[2 * g + 1] = (byte) full[g];
    }
    return PeerAddress.ofIp(ip, port);
  }

  /** The value of a lower-case ASCII hexadecimal digit, or -1. */
  private static int lowerHex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
