package dev.peerage.core.address;

import dev.peerage.core.internal.address.Ipv4Literal;
import dev.peerage.core.internal.address.Ipv6Literal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The network group of a peer address: the block of addresses one operator plausibly controls,
 * used to spread the address book and outbound connections across many operators so that an
 * attacker with a few networks cannot fill them (Bitcoin Core's {@code NetGroupManager::GetGroup}
 * without an ASMap).
 *
 * <p>{@link PeerAddress#netGroup()} assigns groups in this order:
 *
 * <ol>
 *   <li>{@link Kind#LOCAL}: every address that {@link PeerAddress#isLocal()} (loopback or
 *       unspecified, including those carried inside an IPv6 tunnel address) shares one group.
 *   <li>{@link Kind#UNROUTABLE}: every other address that is not {@link PeerAddress#isRoutable()
 *       routable} shares one group; so do host names that are not routable.
 *   <li>{@link Kind#IPV4}: an IPv4 address, or the IPv4 address carried by a 6to4, Teredo, NAT64
 *       or IPv4-translated IPv6 address, is grouped by its first 16 bits ({@code /16}).
 *   <li>{@link Kind#IPV6}: addresses in Hurricane Electric's tunnel broker block
 *       {@code 2001:470::/32} are grouped by their first 36 bits, because that block hands /48s
 *       to very many unrelated users; every other IPv6 address by its first 32 bits.
 *   <li>{@link Kind#HOST_NAME}: a routable host name is grouped by its last two labels, so that
 *       {@code a.example.org} and {@code b.example.org} share the group {@code example.org}; a
 *       name of one label is its own group. This approximates the registrable domain without a
 *       public-suffix list: names under one public suffix such as {@code co.uk} all share a group,
 *       which errs on the side of fewer groups.
 * </ol>
 *
 * <p><b>Key layout.</b> {@link #bytes()} is the stable key that the address book hashes. It will
 * not change between releases, because persisted tables were bucketed with it:
 *
 * <ul>
 *   <li>byte 0 is a tag: {@code 0x00} unroutable, {@code 0x01} IPv4, {@code 0x02} IPv6 (the same
 *       numbers as Bitcoin Core's {@code NET_UNROUTABLE}, {@code NET_IPV4}, {@code NET_IPV6}),
 *       {@code 0x40} local, {@code 0x41} host name. Tags 3 to 6 are left free for overlay networks,
 *       again matching Core's numbering.
 *   <li>IPv4: the tag and the first two bytes of the address (3 bytes in all).
 *   <li>IPv6 {@code /32}: the tag and the first four bytes (5 bytes). IPv6 {@code /36}: the tag
 *       and the first five bytes with the low four bits of the last one cleared (6 bytes). Core
 *       sets those four bits to one instead; the key is Peerage's own and not comparable to
 *       Core's anyway.
 *   <li>Local and unroutable: the tag alone (1 byte).
 *   <li>Host name: the tag and the group's name in US-ASCII, lower case (for example
 *       {@code "example.org"}).
 * </ul>
 *
 * <p>Instances are immutable values and thread-safe; compare them with {@link #equals(Object)}.
 */
public final class NetGroup implements Comparable<NetGroup> {

  /** What a network group is made of. */
  public enum Kind {
    /** A {@code /16} of IPv4 addresses, including IPv4 addresses carried by IPv6 tunnels. */
    IPV4,
    /** A {@code /32} of IPv6 addresses, or a {@code /36} within {@code 2001:470::/32}. */
    IPV6,
    /** The single group of all loopback and unspecified addresses. */
    LOCAL,
    /** The single group of all addresses (and host names) that are not publicly routable. */
    UNROUTABLE,
    /** The group of routable host names sharing their last two labels. */
    HOST_NAME
  }

  private static final byte TAG_UNROUTABLE = 0x00;
  private static final byte TAG_IPV4 = 0x01;
  private static final byte TAG_IPV6 = 0x02;
  private static final byte TAG_LOCAL = 0x40;
  private static final byte TAG_HOST_NAME = 0x41;

  static final NetGroup LOCAL = new NetGroup(Kind.LOCAL, 0, new byte[] {TAG_LOCAL});
  static final NetGroup UNROUTABLE =
      new NetGroup(Kind.UNROUTABLE, 0, new byte[] {TAG_UNROUTABLE});

  private final Kind kind;
  private final int prefixLength;
  private final byte[] key;
  private final int hash;

  private NetGroup(Kind kind, int prefixLength, byte[] key) {
    this.kind = kind;
    this.prefixLength = prefixLength;
    this.key = key;
    this.hash = hashOf(key);
  }

  /**
   * A hash that spreads groups over all 32 bits. {@code Arrays.hashCode} of the short keys (31 times
   * one byte plus the next) gave the 65,536 IPv4 /16 groups fewer than 8,000 distinct values, so sets
   * of outbound groups probed long collision chains. Here each 8 bytes of key are packed into a long,
   * which is one-to-one, and mixed with SplitMix64's finalizer (Steele, Lea and Flood, "Fast
   * splittable pseudorandom number generators", 2014), a bijection on 64 bits, so distinct keys share
   * a hash about as rarely as random 32-bit values do.
   */
  private static int hashOf(byte[] key) {
    long h = key.length;
    long word = 0;
    for (int i = 0; i < key.length; i++) {
      word = word << 8 | (key[i] & 0xFF);
      if ((i & 7) == 7 || i == key.length - 1) {
        h = mix(h * 0x9E37_79B9_7F4A_7C15L + word);
        word = 0;
      }
    }
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /** The /16 group of an IPv4 address given as four bytes in network order. */
  static NetGroup ipv4(int address) {
    return new NetGroup(
        Kind.IPV4, 16, new byte[] {TAG_IPV4, (byte) (address >>> 24), (byte) (address >>> 16)});
  }

  /** The /32 or /36 group of an IPv6 address whose first eight bytes are {@code hi}. */
  static NetGroup ipv6(long hi, int prefixLength) {
    byte[] key = new byte[1 + (prefixLength + 7) / 8];
    key[0] = TAG_IPV6;
    for (int i = 1; i < key.length; i++) {
      key[i] = (byte) (hi >>> (64 - 8 * i));
    }
    if (prefixLength % 8 != 0) {
      key[key.length - 1] &= (byte) (0xFF << (8 - prefixLength % 8));
    }
    return new NetGroup(Kind.IPV6, prefixLength, key);
  }

  /** The group named by a lower-case host name suffix. */
  static NetGroup hostName(String groupName) {
    byte[] name = groupName.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[name.length + 1];
    key[0] = TAG_HOST_NAME;
    System.arraycopy(name, 0, key, 1, name.length);
    return new NetGroup(Kind.HOST_NAME, 0, key);
  }

  /**
   * Returns what this group is made of.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the length in bits of the address prefix that defines this group: 16 for IPv4, 32 or
   * 36 for IPv6, and 0 for local, unroutable and host-name groups.
   *
   * @return the prefix length in bits
   */
  public int prefixLength() {
    return prefixLength;
  }

  /**
   * Returns a fresh copy of this group's key, laid out as the class comment describes. Two groups
   * are equal exactly when their keys are equal.
   *
   * @return the key bytes; the caller may modify them
   */
  public byte[] bytes() {
    return key.clone();
  }

  /**
   * Returns {@code true} if {@code other} is a network group with the same key.
   *
   * @param other the object to compare with
   * @return whether the groups are equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof NetGroup that && Arrays.equals(key, that.key);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Orders groups by {@link Kind} (in declaration order), then by key bytes compared as unsigned
   * numbers. The order is stable across releases.
   *
   * @param other the group to compare with
   * @return a negative number, zero or a positive number as this group sorts before, with or
   *     after {@code other}
   */
  @Override
  public int compareTo(NetGroup other) {
    int byKind = kind.compareTo(other.kind);
    return byKind != 0 ? byKind : Arrays.compareUnsigned(key, other.key);
  }

  /**
   * Returns a readable description: {@code "ipv4 1.2.0.0/16"}, {@code "ipv6 2001:db8::/32"},
   * {@code "ipv6 2001:470:1000::/36"}, {@code "local"}, {@code "unroutable"} or
   * {@code "name example.org"}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    switch (kind) {
      case IPV4:
        int address = ((key[1] & 0xFF) << 24) | ((key[2] & 0xFF) << 16);
        return "ipv4 " + Ipv4Literal.format(address) + "/16";
      case IPV6:
        long hi = 0;
        for (int i = 1; i < key.length; i++) {
          hi |= (key[i] & 0xFFL) << (64 - 8 * i);
        }
        return "ipv6 " + Ipv6Literal.format(hi, 0) + "/" + prefixLength;
      case LOCAL:
        return "local";
      case UNROUTABLE:
        return "unroutable";
      case HOST_NAME:
        return "name " + new String(key, 1, key.length - 1, StandardCharsets.US_ASCII);
      default:
        throw new AssertionError(kind);
    }
  }
}
