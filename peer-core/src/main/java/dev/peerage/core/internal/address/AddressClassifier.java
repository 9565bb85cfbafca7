package dev.peerage.core.internal.address;

import dev.peerage.core.address.AddressClass;

/**
 * Computes the {@link AddressClass} set of an IP address as a bit mask, bit {@code 1 << ordinal}
 * for each class, so that a {@code PeerAddress} can store and test it without allocating.
 *
 * <p>The ranges follow Bitcoin Core's {@code src/netaddress.cpp} ({@code IsRFC1918()} and its
 * siblings) with the differences documented on {@link AddressClass}. For the IPv6 forms that carry
 * an IPv4 address (6to4, Teredo, NAT64, IPv4-translated) the classes of the carried address are
 * added to those of the IPv6 address.
 */
public final class AddressClassifier {

  /** Classes whose members are never publicly routable ({@link AddressClass#blocksRouting()}). */
  public static final int ROUTING_BLOCKERS = blockers();

  /** {@link AddressClass#LOOPBACK} and {@link AddressClass#UNSPECIFIED}: Core's IsLocal(). */
  public static final int LOCAL = bit(AddressClass.LOOPBACK) | bit(AddressClass.UNSPECIFIED);

  /** The classes that mean an IPv6 address carries an IPv4 address. */
  public static final int CARRIES_IPV4 = bit(AddressClass.RFC3964) | bit(AddressClass.RFC4380)
      | bit(AddressClass.RFC6052) | bit(AddressClass.RFC6145);

  private static final int UNSPECIFIED = bit(AddressClass.UNSPECIFIED);
  private static final int LOOPBACK = bit(AddressClass.LOOPBACK);
  private static final int RFC1918 = bit(AddressClass.RFC1918);
  private static final int RFC2544 = bit(AddressClass.RFC2544);
  private static final int RFC3927 = bit(AddressClass.RFC3927);
  private static final int RFC4193 = bit(AddressClass.RFC4193);
  private static final int RFC4843 = bit(AddressClass.RFC4843);
  private static final int RFC7343 = bit(AddressClass.RFC7343);
  private static final int RFC4862 = bit(AddressClass.RFC4862);
  private static final int RFC5737 = bit(AddressClass.RFC5737);
  private static final int RFC3849 = bit(AddressClass.RFC3849);
  private static final int RFC9637 = bit(AddressClass.RFC9637);
  private static final int RFC6598 = bit(AddressClass.RFC6598);
  private static final int MULTICAST = bit(AddressClass.MULTICAST);
  private static final int RESERVED = bit(AddressClass.RESERVED);
  private static final int RFC3964 = bit(AddressClass.RFC3964);
  private static final int RFC4380 = bit(AddressClass.RFC4380);
  private static final int RFC6052 = bit(AddressClass.RFC6052);
  private static final int RFC6145 = bit(AddressClass.RFC6145);
  private static final int IPV4_MAPPED = bit(AddressClass.IPV4_MAPPED);

  private static final long TEREDO_PREFIX = 0x2001_0000L;
  private static final long NAT64_HI = 0x0064_ff9b_0000_0000L;
  private static final long TRANSLATED_LO_PREFIX = 0xffff_0000L;

  private AddressClassifier() {}

  /**
   * Returns the bit for one class.
   *
   * @param addressClass the class
   * @return {@code 1 << addressClass.ordinal()}
   */
  public static int bit(AddressClass addressClass) {
    return 1 << addressClass.ordinal();
  }

  /**
   * Classifies an IPv4 address.
   *
   * @param address four bytes in network order
   * @return the class bits
   */
  public static int classifyIpv4(int address) {
    int a = address >>> 24;
    int b = (address >>> 16) & 0xFF;
    int c = (address >>> 8) & 0xFF;
    if (a == 0) {
      return UNSPECIFIED;
    }
    if (a == 127) {
      return LOOPBACK;
    }
    if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
      return RFC1918;
    }
    if (a == 198 && (b == 18 || b == 19)) {
      return RFC2544;
    }
    if (a == 169 && b == 254) {
      return RFC3927;
    }
    if (a == 100 && b >= 64 && b <= 127) {
      return RFC6598;
    }
    if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)) {
      return RFC5737;
    }
    if (a >= 224 && a <= 239) {
      return MULTICAST;
    }
    if (a >= 240) {
      return RESERVED;
    }
    return 0;
  }

  /**
   * Classifies an IPv6 address that is not IPv4-mapped (callers turn those into IPv4 first).
   *
   * @param hi bytes 0-7 in network order
   * @param lo bytes 8-15 in network order
   * @return the class bits
   */
  public static int classifyIpv6(long hi, long lo) {
    if (hi == 0) {
      if (lo == 0) {
        return UNSPECIFIED;
      }
      if (lo == 1) {
        return LOOPBACK;
      }
      if ((lo >>> 32) == TRANSLATED_LO_PREFIX) {
        return RFC6145 | classifyIpv4((int) lo);
      }
      if ((lo >>> 32) == 0xffffL) {
        return IPV4_MAPPED | classifyIpv4((int) lo);
      }
      return 0;
    }
    int top16 = (int) (hi >>> 48);
    if ((top16 & 0xfe00) == 0xfc00) {
      return RFC4193;
    }
    if ((top16 & 0xffc0) == 0xfe80) {
      return RFC4862;
    }
    if ((top16 & 0xff00) == 0xff00) {
      return MULTICAST;
    }
    if (top16 == 0x2002) {
      return RFC3964 | classifyIpv4((int) (hi >>> 16));
    }
    if (top16 == 0x3fff && ((hi >>> 44) & 0xF) == 0) {
      return RFC9637;
    }
    long top32 = hi >>> 32;
    if (top32 == TEREDO_PREFIX) {
      return RFC4380 | classifyIpv4(~(int) lo);
    }
    if (top32 == 0x2001_0db8L) {
      return RFC3849;
    }
    long top28 = hi >>> 36;
    if (top28 == 0x2001_001L) {
      return RFC4843;
    }
    if (top28 == 0x2001_002L) {
      return RFC7343;
    }
    if (hi == NAT64_HI && (lo >>> 32) == 0) {
      return RFC6052 | classifyIpv4((int) lo);
    }
    return 0;
  }

  /**
   * Returns the IPv4 address carried by an IPv6 address of one of the {@link #CARRIES_IPV4}
   * classes (Bitcoin Core's {@code GetLinkedIPv4()}).
   *
   * @param hi bytes 0-7 in network order
   * @param lo bytes 8-15 in network order
   * @return the carried IPv4 address, four bytes in network order
   * @throws IllegalArgumentException if the address carries no IPv4 address
   */
  public static int carriedIpv4(long hi, long lo) {
    if ((hi >>> 48) == 0x2002) {
      return (int) (hi >>> 16);
    }
    if ((hi >>> 32) == TEREDO_PREFIX) {
      return ~(int) lo;
    }
    if ((hi == 0 && (lo >>> 32) == TRANSLATED_LO_PREFIX) || (hi == NAT64_HI && (lo >>> 32) == 0)) {
      return (int) lo;
    }
    throw new IllegalArgumentException(
        "IPv6 address " + Ipv6Literal.format(hi, lo) + " carries no IPv4 address");
  }

  private static int blockers() {
    int mask = 0;
    for (AddressClass addressClass : AddressClass.values()) {
      if (addressClass.blocksRouting()) {
        mask |= bit(addressClass);
      }
    }
    return mask;
  }
}
