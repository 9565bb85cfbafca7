package dev.peerage.core.address;

/**
 * Special-purpose IP ranges an address can fall into, named as in Bitcoin Core's
 * {@code src/netaddress.h} ({@code IsRFC1918()} and so on) where Core has the range.
 *
 * <p>{@link PeerAddress#classes()} reports every class an address belongs to; an ordinary public
 * unicast address belongs to none. Most classes mark addresses that are never reachable across
 * the public internet ({@link #blocksRouting()}); the tunnelling and translation classes
 * {@link #RFC3964}, {@link #RFC4380}, {@link #RFC6052} and {@link #RFC6145} only say how an IPv6
 * address carries an IPv4 one. For those four, the embedded IPv4 address is classified as well and
 * its classes are added, so {@code 2002:a00:1::} (6to4 for {@code 10.0.0.1}) is both
 * {@code RFC3964} and {@code RFC1918}.
 *
 * <p>Ranges are written in CIDR notation. Where Peerage differs from Bitcoin Core the constant says
 * so.
 */
public enum AddressClass {

  /**
   * The unspecified address: IPv4 {@code 0.0.0.0/8} ("this network", RFC 1122 section 3.2.1.3) and
   * IPv6 {@code ::/128}. Bitcoin Core counts all of {@code 0.0.0.0/8} as local, as Peerage does
   * through this class.
   */
  UNSPECIFIED,

  /** Loopback: IPv4 {@code 127.0.0.0/8} and IPv6 {@code ::1/128}. */
  LOOPBACK,

  /**
   * IPv4 private networks (RFC 1918): {@code 10.0.0.0/8}, {@code 172.16.0.0/12} and
   * {@code 192.168.0.0/16}.
   */
  RFC1918,

  /** IPv4 inter-network benchmark testing (RFC 2544): {@code 198.18.0.0/15}. */
  RFC2544,

  /** IPv4 link-local autoconfiguration (RFC 3927): {@code 169.254.0.0/16}. */
  RFC3927,

  /** IPv6 unique local addresses (RFC 4193): {@code fc00::/7}. */
  RFC4193,

  /** IPv6 ORCHID, deprecated (RFC 4843): {@code 2001:10::/28}. */
  RFC4843,

  /** IPv6 ORCHIDv2 (RFC 7343): {@code 2001:20::/28}. */
  RFC7343,

  /**
   * IPv6 link-local (RFC 4862, range from RFC 4291 section 2.5.6): {@code fe80::/10}. Bitcoin Core
   * tests only {@code fe80::/64}; Peerage uses the whole allocated link-local range, because no
   * address in it is reachable beyond its link.
   */
  RFC4862,

  /**
   * IPv4 documentation (RFC 5737): {@code 192.0.2.0/24}, {@code 198.51.100.0/24} and
   * {@code 203.0.113.0/24}.
   */
  RFC5737,

  /** IPv6 documentation (RFC 3849): {@code 2001:db8::/32}. */
  RFC3849,

  /** IPv6 documentation (RFC 9637): {@code 3fff::/20}. */
  RFC9637,

  /** IPv4 shared address space for carrier-grade NAT (RFC 6598): {@code 100.64.0.0/10}. */
  RFC6598,

  /**
   * Multicast: IPv4 {@code 224.0.0.0/4} and IPv6 {@code ff00::/8}. Bitcoin Core does not exclude
   * multicast from routing; Peerage does, because a peer is never a multicast group.
   */
  MULTICAST,

  /**
   * IPv4 reserved for future use (RFC 1112 section 4): {@code 240.0.0.0/4}, which includes the
   * limited broadcast address {@code 255.255.255.255}. Bitcoin Core's {@code IsReserved()}.
   */
  RESERVED,

  /**
   * 6to4 tunnelling (RFC 3964): {@code 2002::/16}; the IPv4 address is in bytes 2 to 5. Does not
   * block routing by itself.
   */
  RFC3964,

  /**
   * Teredo tunnelling (RFC 4380): {@code 2001::/32}; the client's IPv4 address is the last four
   * bytes with every bit inverted. Does not block routing by itself.
   */
  RFC4380,

  /**
   * NAT64 well-known prefix (RFC 6052): {@code 64:ff9b::/96}; the IPv4 address is the last four
   * bytes. Does not block routing by itself.
   */
  RFC6052,

  /**
   * IPv4-translated addresses (RFC 6145, SIIT): {@code ::ffff:0:0:0/96}; the IPv4 address is the
   * last four bytes. Does not block routing by itself.
   */
  RFC6145,

  /**
   * IPv4-mapped IPv6 addresses: {@code ::ffff:0:0/96}. Never reported by {@link PeerAddress}:
   * every way of making one ({@code parse}, {@code ofIp}, {@code of}) turns a mapped address into
   * the plain IPv4 address it stands for, so that one host never has two addresses. The constant
   * exists so that code describing raw 16-byte addresses can name the range. Does not block
   * routing by itself.
   */
  IPV4_MAPPED;

  /**
   * Returns whether an address in this class is never reachable across the public internet. This
   * is {@code true} for every class except the tunnelling and translation classes
   * {@link #RFC3964}, {@link #RFC4380}, {@link #RFC6052}, {@link #RFC6145} and
   * {@link #IPV4_MAPPED}, whose reachability depends on the IPv4 address they carry.
   *
   * @return whether membership alone makes an address unroutable
   */
  public boolean blocksRouting() {
    return switch (this) {
      case RFC3964, RFC4380, RFC6052, RFC6145, IPV4_MAPPED -> false;
      default -> true;
    };
  }
}
