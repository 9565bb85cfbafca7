package dev.peerage.core.internal.address;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.QuotedInput;
import java.util.Objects;

/**
 * Splits {@code host:port} text and checks both parts, following the rules documented on
 * {@link PeerAddress#parse(String)}. It never resolves names and never uses regular expressions or
 * exceptions on valid input, because peers are parsed in bulk.
 */
public final class HostPortParser {

  /**
   * Longest text that can be a valid address: a 253-character name, its optional trailing dot and
   * {@code ":65535"}. Longer text is rejected before any other check, which bounds the work done
   * on hostile input.
   */
  public static final int MAX_TEXT_LENGTH = HostNameSyntax.MAX_LENGTH + 1 + 6;

  /** Passed as {@code defaultPort} when the text must carry its own port. */
  public static final int PORT_REQUIRED = 0;

  private static final int MIN_PORT = 1;
  private static final int MAX_PORT = 65535;

  private HostPortParser() {}

  /**
   * Parses {@code text} as a host and port.
   *
   * @param text the text; not {@code null}
   * @param defaultPort the port to use when the text has none, or {@link #PORT_REQUIRED}; in the
   *     latter case an unbracketed IPv6 literal is an error, otherwise it is read as a host
   *     without a port
   * @return the parsed host and port
   * @throws InvalidPeerAddressException if the text is not a valid address
   */
  public static ParsedHostPort parse(String text, int defaultPort) {
    Objects.requireNonNull(text, "text");
    int length = text.length();
    if (length == 0) {
      throw new InvalidPeerAddressException("address is empty", text);
    }
    if (length > MAX_TEXT_LENGTH) {
      throw new InvalidPeerAddressException("address is " + length
          + " characters long; at most " + MAX_TEXT_LENGTH + " are allowed", text);
    }
    checkCharacters(text);
    int colons = 0;
    int firstColon = -1;
    int percent = -1;
    int open = -1;
    int close = -1;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case ':' -> {
          if (colons++ == 0) {
            firstColon = i;
          }
        }
        case '%' -> percent = percent < 0 ? i : percent;
        case '[' -> {
          if (open >= 0 || i != 0) {
            throw new InvalidPeerAddressException("unexpected '[' at index " + i
                + "; only an IPv6 address may be in brackets, at the start", text);
          }
          open = i;
        }
        case ']' -> {
          if (close >= 0 || open < 0) {
            throw new InvalidPeerAddressException("unexpected ']' at index " + i, text);
          }
          close = i;
        }
        default -> { }
      }
    }
    if (open == 0) {
      return parseBracketed(text, close, percent, defaultPort);
    }
    if (colons >= 2) {
      if (percent >= 0) {
        throw zone(text, percent);
      }
      if (defaultPort == PORT_REQUIRED) {
        throw new InvalidPeerAddressException("too many colons; an IPv6 address with a port "
            + "must be written in brackets, like '[2001:db8::1]:8333'", text);
      }
      return ipv6(text, 0, length, defaultPort);
    }
    int hostEnd = colons == 1 ? firstColon : length;
    if (percent >= 0 && percent < hostEnd) {
      throw zone(text, percent);
    }
    int port;
    if (colons == 1) {
      port = DecimalField.parse(text, firstColon + 1, length, "port", MIN_PORT, MAX_PORT, text);
    } else if (defaultPort == PORT_REQUIRED) {
      throw new InvalidPeerAddressException("port is missing; expected 'host:port'", text);
    } else {
      port = defaultPort;
    }
    if (hostEnd == 0) {
      throw new InvalidPeerAddressException("host is empty", text);
    }
    if (Ipv4Literal.isDigitsAndDots(text, 0, hostEnd)) {
      int address = Ipv4Literal.parse(text, 0, hostEnd, text);
      return new ParsedHostPort(PeerAddress.Type.IPV4, 0, address & 0xFFFF_FFFFL, null, port);
    }
    String name = HostNameSyntax.canonical(text, 0, hostEnd, text);
    return new ParsedHostPort(PeerAddress.Type.HOST_NAME, 0, 0, name, port);
  }

  /**
   * Checks a port number passed as an {@code int}.
   *
   * @param port the port
   * @param label what the port is, for the message, for example {@code "port"}
   * @return {@code port}
   * @throws InvalidPeerAddressException if the port is outside 1 to 65535
   */
  public static int checkPort(int port, String label) {
    if (port < MIN_PORT || port > MAX_PORT) {
      throw new InvalidPeerAddressException(
          label + " " + port + " is out of range " + MIN_PORT + "-" + MAX_PORT);
    }
    return port;
  }

  /**
   * Rejects text containing anything but printable ASCII: whitespace, control characters and
   * non-ASCII characters, each with a message naming the character and its index.
   *
   * @param text the whole text
   * @throws InvalidPeerAddressException at the first such character
   */
  public static void checkCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        throw badCharacter(text, i);
      }
    }
  }

  private static ParsedHostPort parseBracketed(
      String text, int close, int percent, int defaultPort) {
    int length = text.length();
    if (close < 0) {
      throw new InvalidPeerAddressException("'[' is not closed by ']'", text);
    }
    if (close == 1) {
      throw new InvalidPeerAddressException("host between '[' and ']' is empty", text);
    }
    if (percent >= 0 && percent < close) {
      throw zone(text, percent);
    }
    if (text.indexOf(':', 1) > close || text.indexOf(':', 1) < 0) {
      String what = Ipv4Literal.isDigitsAndDots(text, 1, close) ? "IPv4 addresses" : "host names";
      throw new InvalidPeerAddressException(
          what + " must not be written in brackets; brackets are only for IPv6 addresses", text);
    }
    int port;
    if (close + 1 == length) {
      if (defaultPort == PORT_REQUIRED) {
        throw new InvalidPeerAddressException("port is missing; expected '[address]:port'", text);
      }
      port = defaultPort;
    } else if (text.charAt(close + 1) != ':') {
      throw new InvalidPeerAddressException(
          "unexpected text after ']'; expected ':' and a port", text);
    } else {
      port = DecimalField.parse(text, close + 2, length, "port", MIN_PORT, MAX_PORT, text);
    }
    return ipv6(text, 1, close, port);
  }

  private static ParsedHostPort ipv6(String text, int from, int to, int port) {
    long[] address = new long[2];
    Ipv6Literal.parse(text, from, to, text, address);
    return new ParsedHostPort(PeerAddress.Type.IPV6, address[0], address[1], null, port);
  }

  private static InvalidPeerAddressException zone(String text, int percent) {
    return new InvalidPeerAddressException(
        "zone identifiers ('%' at index " + percent + ") are not supported", text);
  }

  private static InvalidPeerAddressException badCharacter(String text, int index) {
    char c = text.charAt(index);
    String what;
    String hint = "";
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      what = "whitespace ";
    } else if (c < ' ' || c == 0x7F || Character.getType(c) == Character.CONTROL) {
      what = "control character ";
    } else {
      what = "non-ASCII character ";
      hint = "; write internationalised names in their xn-- form";
    }
    return new InvalidPeerAddressException(
        what + QuotedInput.describe(c) + " at index " + index + " is not allowed" + hint, text);
  }
}
