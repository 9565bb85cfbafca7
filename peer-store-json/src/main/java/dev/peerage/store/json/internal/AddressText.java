package dev.peerage.store.json.internal;

import dev.peerage.core.address.PeerAddress;

/**
 * Reads addresses as {@link PeerAddress#parse(String)} does, with a shortcut for the common case:
 * the canonical text of an IPv4 address and port ({@code 203.0.113.7:9798}), which is four in five
 * of a typical book's addresses. The shortcut accepts only text that is certainly valid and
 * canonical (no leading zeros, octets up to 255, ports 1 to 65535) and builds the address with
 * {@link PeerAddress#ofIp}; anything else, valid or not, goes to the full parser, which has the
 * final word. A test checks that both agree. Stateless and thread-safe.
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
    PeerAddress fast = parseIpv4(text.toCharArray(), 0, text.length());
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
    PeerAddress fast = parseIpv4(text, offset, length);
    return fast != null ? fast : PeerAddress.parse(new String(text, offset, length));
  }

  /** The address if {@code s} is canonical IPv4 text with a port, else null. */
  static PeerAddress parseIpv4(String s) {
    return parseIpv4(s.toCharArray(), 0, s.length());
  }

  private static PeerAddress parseIpv4(char[] text, int offset, int length) {
    if (length < 9 || length > 21) {
      return null;
    }
    byte[] ip = new byte[4];
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

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
