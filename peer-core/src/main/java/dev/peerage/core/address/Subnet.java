package dev.peerage.core.address;

import dev.peerage.core.internal.address.DecimalField;
import dev.peerage.core.internal.address.HostPortParser;
import dev.peerage.core.internal.address.Ipv4Literal;
import dev.peerage.core.internal.address.Ipv6Literal;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation, such as {@code 1.2.0.0/16} or {@code 2001:db8::/32};
 * what the ban list bans.
 *
 * <p>A subnet is either IPv4 or IPv6 and contains only addresses of its own family: the IPv6
 * subnet {@code ::/0} does not contain {@code 1.2.3.4}, and no IPv4 subnet contains an IPv6
 * address. IPv4-mapped IPv6 text is read as IPv4 ({@code ::ffff:1.2.3.0/120} is
 * {@code 1.2.3.0/24}), just as {@link PeerAddress} reads mapped addresses as IPv4 ones, so the two
 * always agree. Unlike Bitcoin Core, {@code ::/0} does contain {@code ::} and {@code 0.0.0.0/0}
 * contains {@code 0.0.0.0}: containment is plain bit arithmetic.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Subnet implements Comparable<Subnet> {

  /** Longest valid text: a 45-character IPv6 literal with a dotted quad and {@code /128}. */
  private static final int MAX_TEXT_LENGTH = 64;

  private final boolean ipv4;
  /** IPv6: network bytes 0-7; IPv4: 0. */
  private final long hi;
  /** IPv6: network bytes 8-15; IPv4: the network in the low 32 bits. */
  private final long lo;
  private final int prefixLength;
  private final long hiMask;
  private final long loMask;

  private Subnet(boolean ipv4, long hi, long lo, int prefixLength) {
    this.ipv4 = ipv4;
    this.prefixLength = prefixLength;
    if (ipv4) {
      this.hiMask = 0;
      this.loMask = prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
    } else {
      this.hiMask = leadingOnes(Math.min(prefixLength, 64));
      this.loMask = leadingOnes(Math.max(prefixLength - 64, 0));
    }
    this.hi = hi & hiMask;
    this.lo = lo & loMask;
  }

  /** A 64-bit mask whose first {@code bits} bits (0 to 64) are one; Java shifts wrap at 64. */
  private static long leadingOnes(int bits) {
    return bits == 0 ? 0 : -1L << (64 - bits);
  }

  /**
   * Parses CIDR text: an IP address, optionally followed by {@code /} and a prefix length of 0 to
   * 32 (IPv4) or 0 to 128 (IPv6). A bare address is a single-address subnet ({@code /32} or
   * {@code /128}). The address follows the same strict rules as in {@link PeerAddress#parse}
   * (no brackets, no zone). Bits after the prefix must be zero: {@code 1.2.3.4/16} is rejected with
   * a message suggesting {@code 1.2.0.0/16}, because such text is usually a mistake about what
   * is being banned. Netmasks such as {@code /255.255.0.0} are not accepted.
   *
   * @param text the subnet, for example {@code "1.2.0.0/16"}, {@code "2001:db8::/32"} or
   *     {@code "192.0.2.7"}
   * @return the subnet
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws InvalidPeerAddressException if the text is not a valid subnet; the message quotes it
   *     and says what is wrong
   */
  public static Subnet parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidPeerAddressException("subnet is empty", text);
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidPeerAddressException("subnet is " + text.length()
          + " characters long; at most " + MAX_TEXT_LENGTH + " are allowed", text);
    }
    HostPortParser.checkCharacters(text);
    int slash = text.indexOf('/');
    if (slash >= 0 && text.indexOf('/', slash + 1) >= 0) {
      throw new InvalidPeerAddressException("subnet has more than one '/'", text);
    }
    if (text.indexOf('[') >= 0 || text.indexOf(']') >= 0) {
      throw new InvalidPeerAddressException("a subnet is written without brackets", text);
    }
    if (text.indexOf('%') >= 0) {
      throw new InvalidPeerAddressException("zone identifiers ('%') are not supported", text);
    }
    int addressEnd = slash < 0 ? text.length() : slash;
    if (addressEnd == 0) {
      throw new InvalidPeerAddressException("subnet address is empty", text);
    }
    boolean isIpv4;
    long hi = 0;
    long lo;
    int colon = text.indexOf(':');
    if (colon >= 0 && colon < addressEnd) {
      long[] address = new long[2];
      Ipv6Literal.parse(text, 0, addressEnd, text, address);
      hi = address[0];
      lo = address[1];
      isIpv4 = false;
    } else if (Ipv4Literal.isDigitsAndDots(text, 0, addressEnd)) {
      lo = Ipv4Literal.parse(text, 0, addressEnd, text) & 0xFFFF_FFFFL;
      isIpv4 = true;
    } else {
      throw new InvalidPeerAddressException("subnet address '" + text.substring(0, addressEnd)
          + "' is not an IP address; host names cannot be subnets", text);
    }
    int maxPrefix = isIpv4 ? 32 : 128;
    int prefix;
    if (slash < 0) {
      prefix = maxPrefix;
    } else if (text.indexOf('.', slash) >= 0 || text.indexOf(':', slash) >= 0) {
      throw new InvalidPeerAddressException("netmasks are not supported; write a prefix length "
          + "such as /16 instead of /255.255.0.0", text);
    } else {
      prefix = DecimalField.parse(
          text, slash + 1, text.length(), "prefix length", 0, maxPrefix, text);
    }
    if (!isIpv4 && hi == 0 && (lo >>> 32) == 0xFFFFL) {
      // IPv4-mapped: the same block as IPv4, so bans written either way match the same peers.
      if (prefix < 96) {
        throw new InvalidPeerAddressException("prefix length " + prefix
            + " of an IPv4-mapped subnet must be at least 96", text);
      }
      isIpv4 = true;
      lo &= 0xFFFF_FFFFL;
      prefix -= 96;
    }
    Subnet subnet = new Subnet(isIpv4, hi, lo, prefix);
    if (subnet.hi != hi || subnet.lo != lo) {
      throw new InvalidPeerAddressException("address bits after the /" + prefix
          + " prefix (host bits) are set; did you mean " + subnet + "?", text);
    }
    return subnet;
  }

  /**
   * Returns the subnet of the given prefix length that contains {@code ipAddress}; the bits after
   * the prefix are cleared ({@code of(1.2.3.4, 16)} is {@code 1.2.0.0/16}). The port is ignored.
   *
   * @param ipAddress an IPv4 or IPv6 address
   * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
   * @return the subnet
   * @throws NullPointerException if {@code ipAddress} is {@code null}
   * @throws InvalidPeerAddressException if {@code ipAddress} is a host name or the prefix length is
   *     out of range
   */
  public static Subnet of(PeerAddress ipAddress, int prefixLength) {
    Objects.requireNonNull(ipAddress, "ipAddress");
    if (!ipAddress.isIp()) {
      throw new InvalidPeerAddressException("host name " + ipAddress.host()
          + " cannot be a subnet; resolve it to an IP address first");
    }
    int maxPrefix = ipAddress.isIpv4() ? 32 : 128;
    if (prefixLength < 0 || prefixLength > maxPrefix) {
      throw new InvalidPeerAddressException("prefix length " + prefixLength
          + " is out of range 0-" + maxPrefix + " for " + ipAddress.host());
    }
    return new Subnet(
        ipAddress.isIpv4(), ipAddress.highBits(), ipAddress.lowBits(), prefixLength);
  }

  /**
   * Returns the subnet holding exactly {@code ipAddress}: {@code /32} for IPv4, {@code /128} for
   * IPv6. The port is ignored.
   *
   * @param ipAddress an IPv4 or IPv6 address
   * @return the single-address subnet
   * @throws NullPointerException if {@code ipAddress} is {@code null}
   * @throws InvalidPeerAddressException if {@code ipAddress} is a host name
   */
  public static Subnet single(PeerAddress ipAddress) {
    Objects.requireNonNull(ipAddress, "ipAddress");
    return of(ipAddress, ipAddress.isIpv4() ? 32 : 128);
  }

  /**
   * Returns whether {@code address} lies in this subnet. Host names are never contained, and an
   * address is contained only by subnets of its own family. The port is ignored.
   *
   * @param address the address to test
   * @return whether the address is in this subnet
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public boolean contains(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    if (ipv4 ? !address.isIpv4() : !address.isIpv6()) {
      return false;
    }
    return (address.highBits() & hiMask) == hi && (address.lowBits() & loMask) == lo;
  }

  /**
   * Returns the prefix length.
   *
   * @return 0 to 32 for IPv4 subnets, 0 to 128 for IPv6 subnets
   */
  public int prefixLength() {
    return prefixLength;
  }

  /**
   * Returns whether this is an IPv4 subnet.
   *
   * @return {@code true} for IPv4, {@code false} for IPv6
   */
  public boolean isIpv4() {
    return ipv4;
  }

  /**
   * Returns whether this is an IPv6 subnet.
   *
   * @return {@code true} for IPv6, {@code false} for IPv4
   */
  public boolean isIpv6() {
    return !ipv4;
  }

  /**
   * Returns the network address: the first address of the subnet, with all bits after the prefix
   * zero.
   *
   * @return a fresh array of 4 (IPv4) or 16 (IPv6) bytes in network order
   */
  public byte[] networkBytes() {
    byte[] bytes = new byte[ipv4 ? 4 : 16];
    if (ipv4) {
      for (int i = 0; i < 4; i++) {
        bytes[i] = (byte) (lo >>> (24 - 8 * i));
      }
    } else {
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (hi >>> (56 - 8 * i));
        bytes[i + 8] = (byte) (lo >>> (56 - 8 * i));
      }
    }
    return bytes;
  }

  /**
   * Returns {@code true} if {@code other} is a subnet of the same family, network and prefix
   * length.
   *
   * @param other the object to compare with
   * @return whether the subnets are equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Subnet that
        && ipv4 == that.ipv4
        && prefixLength == that.prefixLength
        && hi == that.hi
        && lo == that.lo;
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    long mixed = (hi * 0x9E37_79B9_7F4A_7C15L) ^ lo;
    return (int) (mixed ^ (mixed >>> 32)) * 31 + prefixLength * 2 + (ipv4 ? 1 : 0);
  }

  /**
   * Orders IPv4 subnets before IPv6 ones, then by network address as an unsigned number, then by
   * prefix length (wider first).
   *
   * @param other the subnet to compare with
   * @return a negative number, zero or a positive number as this subnet sorts before, with or
   *     after {@code other}
   */
  @Override
  public int compareTo(Subnet other) {
    if (ipv4 != other.ipv4) {
      return ipv4 ? -1 : 1;
    }
    int result = Long.compareUnsigned(hi, other.hi);
    if (result == 0) {
      result = Long.compareUnsigned(lo, other.lo);
    }
    return result != 0 ? result : Integer.compare(prefixLength, other.prefixLength);
  }

  /**
   * Returns the canonical CIDR text, for example {@code "1.2.0.0/16"} or {@code "2001:db8::/32"};
   * {@link #parse(String)} reads it back to an equal subnet.
   *
   * @return the CIDR text
   */
  @Override
  public String toString() {
    String network = ipv4 ? Ipv4Literal.format((int) lo) : Ipv6Literal.format(hi, lo);
    return network + "/" + prefixLength;
  }
}
