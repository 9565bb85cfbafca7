package dev.peerage.core.address;

import dev.peerage.core.internal.address.AddressClassifier;
import dev.peerage.core.internal.address.HostPortParser;
import dev.peerage.core.internal.address.Ipv4Literal;
import dev.peerage.core.internal.address.Ipv6Literal;
import dev.peerage.core.internal.address.ParsedHostPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where a peer can be reached: an IPv4 address, an IPv6 address or a host name, and a TCP port.
 *
 * <h2>Text form</h2>
 *
 * <p>{@link #parse(String)} reads {@code host:port}; {@link #toString()} writes the canonical form
 * ({@code 1.2.3.4:80}, {@code [2001:db8::1]:8333}, {@code node.example.org:9798}), and
 * {@code parse(a.toString())} always equals {@code a}. The rules are strict so that one address
 * has one spelling and hostile text cannot smuggle in surprises:
 *
 * <ul>
 *   <li>The port is ASCII digits only, 1 to 65535, without sign, spaces or leading zeros
 *       ({@code 080} is rejected: other programs read it as octal).
 *   <li>An IPv6 address with a port is written in brackets: {@code [2001:db8::1]:8333}. IPv4
 *       addresses and host names must not be in brackets. Zone identifiers ({@code %eth0}) are not
 *       supported.
 *   <li>IPv4 is a dotted quad of four decimal numbers 0 to 255 without leading zeros;
 *       {@code 01.2.3.4}, {@code 127.1} and {@code 0x7f.0.0.1} are rejected.
 *   <li>IPv6 follows RFC 4291 section 2.2: one to four hex digits per group, at most one
 *       {@code ::}, optionally a dotted quad in the last 32 bits. It is written back per RFC 5952:
 *       lower case, no leading zeros, the longest run of two or more zero groups (the first on a
 *       tie) shortened to {@code ::}, always in hexadecimal (embedded IPv4 addresses are not
 *       written in dotted form).
 *   <li>An IPv4-mapped IPv6 address ({@code [::ffff:1.2.3.4]:80}) becomes the IPv4 address it
 *       maps ({@code 1.2.3.4:80}), so one host never has two addresses.
 *   <li>Host names follow RFC 1123: labels of 1 to 63 letters, digits and inner hyphens, at most
 *       253 characters, case-insensitive and written in lower case. One trailing dot is accepted
 *       and dropped ({@code example.org.} is {@code example.org}). Internationalised names must be
 *       given in their {@code xn--} form. Text made only of numbers and dots ({@code 1.2.3}), a
 *       name whose last label is all digits, and the numeric forms resolvers turn into IPv4
 *       addresses ({@code 0x7f000001}) are rejected as malformed IP addresses.
 *   <li>Whitespace, control characters and non-ASCII characters are rejected anywhere, and so is
 *       text longer than 260 characters.
 * </ul>
 *
 * <p>Every rejection is an {@link InvalidPeerAddressException} whose message quotes the text and
 * says what is wrong; no other exception is thrown for any non-null text. Parsing never resolves a
 * name and never consults DNS.
 *
 * <h2>Classification</h2>
 *
 * <p>{@link #classes()} lists the special-purpose ranges an IP address falls into (see
 * {@link AddressClass}); {@link #isRoutable()} and {@link #isLocal()} summarise them and
 * {@link #netGroup()} groups addresses by operator. Host names have no classes; whether a name is
 * routable is decided from its name alone, as {@link #isRoutable()} explains.
 *
 * <h2>Identity and order</h2>
 *
 * <p>Two addresses are equal when their canonical forms are equal. {@link #compareTo} orders by
 * {@link Type} (IPv4, then IPv6, then host names), then by address bytes as unsigned numbers (host
 * names: by their canonical text), then by port.
 *
 * <p>Instances are immutable and thread-safe. IP addresses are stored as two {@code long}s, and the
 * hash code and classes are computed once, so creating and hashing many addresses is cheap.
 */
public final class PeerAddress implements Comparable<PeerAddress> {

  /** What kind of host a {@link PeerAddress} names. */
  public enum Type {
    /** A 32-bit IPv4 address. */
    IPV4,
    /** A 128-bit IPv6 address (never an IPv4-mapped one; those become {@link #IPV4}). */
    IPV6,
    /** A DNS host name, not yet resolved. */
    HOST_NAME
  }

  /**
   * Suffixes of special-use names (RFC 6761, RFC 6762, RFC 8375, ICANN's {@code .internal}) and the
   * de-facto {@code localdomain} that never name a public host.
   */
  private static final String[] NON_PUBLIC_NAME_SUFFIXES = {
    "localhost", "local", "localdomain", "internal", "home.arpa", "invalid", "test"
  };

  private static final AddressClass[] ALL_CLASSES = AddressClass.values();

  private final Type type;
  /** IPv6: bytes 0-7 in network order; otherwise 0. */
  private final long hi;
  /** IPv6: bytes 8-15; IPv4: the address in the low 32 bits; host names: 0. */
  private final long lo;
  /** Host names: the canonical name; otherwise {@code null}. */
  private final String name;
  private final int port;
  private final int classBits;
  private final boolean routable;
  private final int hash;

  /** Canonical text, computed on first use; racy but safe because String is immutable. */
  private String text;
  /** Network group, computed on first use; racy but safe because NetGroup is immutable. */
  private NetGroup group;

  private PeerAddress(Type type, long hi, long lo, String name, int port) {
    this.type = type;
    this.hi = hi;
    this.lo = lo;
    this.name = name;
    this.port = port;
    switch (type) {
      case IPV4 -> classBits = AddressClassifier.classifyIpv4((int) lo);
      case IPV6 -> classBits = AddressClassifier.classifyIpv6(hi, lo);
      default -> classBits = 0;
    }
    this.routable = type == Type.HOST_NAME
        ? isPublicName(name)
        : (classBits & AddressClassifier.ROUTING_BLOCKERS) == 0;
    this.hash = computeHash(type, hi, lo, name, port);
  }

  /**
   * Parses {@code host:port} text; the port is required. See the class comment for the rules.
   *
   * @param text the address, for example {@code "1.2.3.4:80"}, {@code "[2001:db8::1]:8333"} or
   *     {@code "node.example.org:9798"}
   * @return the address
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws InvalidPeerAddressException if the text is not a valid address with a port; the message
   *     quotes the text and says what is wrong
   */
  public static PeerAddress parse(String text) {
    return fromParsed(HostPortParser.parse(text, HostPortParser.PORT_REQUIRED));
  }

  /**
   * Parses {@code host:port} or {@code host} text, using {@code defaultPort} when the text has no
   * port. Unlike {@link #parse(String)}, text with two or more colons and no brackets is read as an
   * IPv6 address without a port ({@code 2001:db8::1} becomes {@code [2001:db8::1]:defaultPort}).
   * An explicit but empty port ({@code "host:"}) is still rejected.
   *
   * @param text the address, for example {@code "1.2.3.4"}, {@code "2001:db8::1"} or
   *     {@code "node.example.org:9798"}
   * @param defaultPort the port to use when the text has none, 1 to 65535; checked even when the
   *     text has a port
   * @return the address
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws InvalidPeerAddressException if {@code defaultPort} is out of range or the text is not a
   *     valid address
   */
  public static PeerAddress parse(String text, int defaultPort) {
    HostPortParser.checkPort(defaultPort, "default port");
    return fromParsed(HostPortParser.parse(text, defaultPort));
  }

  /**
   * Makes an address from raw IP bytes. Sixteen bytes holding an IPv4-mapped address
   * ({@code ::ffff:a.b.c.d}) make the IPv4 address {@code a.b.c.d}.
   *
   * @param ip 4 bytes (IPv4) or 16 bytes (IPv6) in network order; not kept, so the caller may
   *     reuse the array
   * @param port the port, 1 to 65535
   * @return the address
   * @throws NullPointerException if {@code ip} is {@code null}
   * @throws InvalidPeerAddressException if {@code ip} is not 4 or 16 bytes long or the port is out
   *     of range
   */
  public static PeerAddress ofIp(byte[] ip, int port) {
    Objects.requireNonNull(ip, "ip");
    HostPortParser.checkPort(port, "port");
    if (ip.length == 4) {
      return new PeerAddress(Type.IPV4, 0, readInt(ip, 0) & 0xFFFF_FFFFL, null, port);
    }
    if (ip.length == 16) {
      return ofIpv6(readLong(ip, 0), readLong(ip, 8), port);
    }
    throw new InvalidPeerAddressException(
        "an IP address has 4 or 16 bytes, not " + ip.length);
  }

  /**
   * Makes an address from a {@link InetAddress} without any name lookup: only the address bytes
   * are used, so a host name the {@code InetAddress} may carry is ignored and so is an IPv6 scope
   * (zone), which Peerage does not support. An IPv4-mapped IPv6 address becomes the IPv4 address.
   *
   * @param address the IP address
   * @param port the port, 1 to 65535
   * @return the address
   * @throws NullPointerException if {@code address} is {@code null}
   * @throws InvalidPeerAddressException if the port is out of range
   */
  public static PeerAddress of(InetAddress address, int port) {
    Objects.requireNonNull(address, "address");
    return ofIp(address.getAddress(), port);
  }

  private static PeerAddress fromParsed(ParsedHostPort parsed) {
    return switch (parsed.type()) {
      case IPV4 -> new PeerAddress(Type.IPV4, 0, parsed.lo(), null, parsed.port());
      case IPV6 -> ofIpv6(parsed.hi(), parsed.lo(), parsed.port());
      case HOST_NAME -> new PeerAddress(Type.HOST_NAME, 0, 0, parsed.name(), parsed.port());
    };
  }

  private static PeerAddress ofIpv6(long hi, long lo, int port) {
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      return new PeerAddress(Type.IPV4, 0, lo & 0xFFFF_FFFFL, null, port);
    }
    return new PeerAddress(Type.IPV6, hi, lo, null, port);
  }

  /**
   * Returns the canonical host without brackets: {@code "1.2.3.4"}, {@code "2001:db8::1"} or
   * {@code "node.example.org"}.
   *
   * @return the host
   */
  public String host() {
    return switch (type) {
      case IPV4 -> Ipv4Literal.format((int) lo);
      case IPV6 -> Ipv6Literal.format(hi, lo);
      case HOST_NAME -> name;
    };
  }

  /**
   * Returns the port.
   *
   * @return the port, 1 to 65535
   */
  public int port() {
    return port;
  }

  /**
   * Returns what kind of host this is.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  /**
   * Returns whether the host is an IPv4 address.
   *
   * @return {@code type() == Type.IPV4}
   */
  public boolean isIpv4() {
    return type == Type.IPV4;
  }

  /**
   * Returns whether the host is an IPv6 address.
   *
   * @return {@code type() == Type.IPV6}
   */
  public boolean isIpv6() {
    return type == Type.IPV6;
  }

  /**
   * Returns whether the host is a host name.
   *
   * @return {@code type() == Type.HOST_NAME}
   */
  public boolean isHostName() {
    return type == Type.HOST_NAME;
  }

  /**
   * Returns whether the host is an IP address of either family.
   *
   * @return {@code !isHostName()}
   */
  public boolean isIp() {
    return type != Type.HOST_NAME;
  }

  /**
   * Returns the address bytes in network order.
   *
   * @return a fresh array of 4 (IPv4) or 16 (IPv6) bytes
   * @throws IllegalStateException if this is a host name
   */
  public byte[] ipBytes() {
    if (type == Type.IPV4) {
      byte[] bytes = new byte[4];
      writeInt(bytes, 0, (int) lo);
      return bytes;
    }
    if (type == Type.IPV6) {
      byte[] bytes = new byte[16];
      writeInt(bytes, 0, (int) (hi >>> 32));
      writeInt(bytes, 4, (int) hi);
      writeInt(bytes, 8, (int) (lo >>> 32));
      writeInt(bytes, 12, (int) lo);
      return bytes;
    }
    throw new IllegalStateException("host name " + name + " has no IP bytes; resolve it first");
  }

  /**
   * Returns the IP address as an {@link InetAddress}, without any name lookup.
   *
   * @return an {@code Inet4Address} or {@code Inet6Address}
   * @throws IllegalStateException if this is a host name
   */
  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(ipBytes());
    } catch (UnknownHostException e) {
      // getByAddress only fails for arrays that are not 4 or 16 bytes long.
      throw new AssertionError(e);
    }
  }

  /**
   * Returns this address with another port.
   *
   * @param port the new port, 1 to 65535
   * @return an address with the same host and {@code port}; {@code this} if the port is unchanged
   * @throws InvalidPeerAddressException if the port is out of range
   */
  public PeerAddress withPort(int port) {
    HostPortParser.checkPort(port, "port");
    return port == this.port ? this : new PeerAddress(type, hi, lo, name, port);
  }

  /**
   * Returns the special-purpose ranges this IP address falls into, including those of an IPv4
   * address carried by a 6to4, Teredo, NAT64 or IPv4-translated IPv6 address. Empty for ordinary
   * public addresses and for host names. Never contains {@link AddressClass#IPV4_MAPPED}.
   *
   * @return an unmodifiable set of classes
   */
  public Set<AddressClass> classes() {
    if (classBits == 0) {
      return Collections.emptySet();
    }
    EnumSet<AddressClass> set = EnumSet.noneOf(AddressClass.class);
    for (AddressClass addressClass : ALL_CLASSES) {
      if ((classBits & AddressClassifier.bit(addressClass)) != 0) {
        set.add(addressClass);
      }
    }
    return Collections.unmodifiableSet(set);
  }

  /**
   * Returns whether this address falls into {@code addressClass}; always {@code false} for host
   * names.
   *
   * @param addressClass the class to test
   * @return whether {@link #classes()} contains it
   * @throws NullPointerException if {@code addressClass} is {@code null}
   */
  public boolean is(AddressClass addressClass) {
    return (classBits & AddressClassifier.bit(addressClass)) != 0;
  }

  /**
   * Returns whether this address may be reachable across the public internet.
   *
   * <p>For an IP address: none of its {@link #classes()} {@link AddressClass#blocksRouting()
   * blocks routing}. This matches Bitcoin Core's {@code IsRoutable()} with three differences:
   * multicast and link-local {@code fe80::/10} (not just {@code fe80::/64}) are unroutable too,
   * and a tunnel address is unroutable when the IPv4 address it carries is (for example Teredo
   * {@code 2001::1} carries the reserved {@code 255.255.255.254}).
   *
   * <p>For a host name, which is resolved only later: {@code true} unless the name is one of, or
   * ends with a label sequence of, {@code localhost}, {@code local}, {@code localdomain},
   * {@code internal}, {@code home.arpa}, {@code invalid} or {@code test}, which never name a public
   * host.
   *
   * @return whether the address may be publicly routable
   */
  public boolean isRoutable() {
    return routable;
  }

  /**
   * Returns whether this IP address is loopback or unspecified (Bitcoin Core's
   * {@code IsLocal()}): {@code 0.0.0.0/8}, {@code 127.0.0.0/8}, {@code ::} and {@code ::1}, also
   * when carried by a tunnel address. Always {@code false} for host names, even
   * {@code localhost}, because a name is not resolved here.
   *
   * @return whether the address is local
   */
  public boolean isLocal() {
    return (classBits & AddressClassifier.LOCAL) != 0;
  }

  /**
   * Returns the network group of this address; see {@link NetGroup} for the rules.
   *
   * @return the group
   */
  public NetGroup netGroup() {
    NetGroup result = group;
    if (result == null) {
      result = computeGroup();
      group = result;
    }
    return result;
  }

  /** IPv6: bytes 0-7 in network order; otherwise 0. For {@link Subnet}. */
  long highBits() {
    return hi;
  }

  /** IPv6: bytes 8-15; IPv4: the address in the low 32 bits; otherwise 0. For {@link Subnet}. */
  long lowBits() {
    return lo;
  }

  private NetGroup computeGroup() {
    if (type == Type.HOST_NAME) {
      return routable ? NetGroup.hostName(lastTwoLabels(name)) : NetGroup.UNROUTABLE;
    }
    if (isLocal()) {
      return NetGroup.LOCAL;
    }
    if (!routable) {
      return NetGroup.UNROUTABLE;
    }
    if (type == Type.IPV4) {
      return NetGroup.ipv4((int) lo);
    }
    if ((classBits & AddressClassifier.CARRIES_IPV4) != 0) {
      return NetGroup.ipv4(AddressClassifier.carriedIpv4(hi, lo));
    }
    if ((hi >>> 32) == 0x2001_0470L) {
      return NetGroup.ipv6(hi, 36);
    }
    return NetGroup.ipv6(hi, 32);
  }

  /**
   * Returns {@code true} if {@code other} is a peer address with the same canonical form.
   *
   * @param other the object to compare with
   * @return whether the addresses are equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof PeerAddress that
        && hash == that.hash
        && type == that.type
        && port == that.port
        && hi == that.hi
        && lo == that.lo
        && Objects.equals(name, that.name);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}, computed once at creation.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Orders by {@link Type} (IPv4, IPv6, host name), then by address bytes as unsigned numbers (host
   * names by their canonical text), then by port. Consistent with {@link #equals(Object)}.
   *
   * @param other the address to compare with
   * @return a negative number, zero or a positive number as this address sorts before, with or
   *     after {@code other}
   */
  @Override
  public int compareTo(PeerAddress other) {
    int result = type.compareTo(other.type);
    if (result == 0) {
      if (type == Type.HOST_NAME) {
        result = name.compareTo(other.name);
      } else {
        result = Long.compareUnsigned(hi, other.hi);
        if (result == 0) {
          result = Long.compareUnsigned(lo, other.lo);
        }
      }
    }
    return result != 0 ? result : Integer.compare(port, other.port);
  }

  /**
   * Returns the canonical text: {@code "1.2.3.4:80"}, {@code "[2001:db8::1]:8333"} or
   * {@code "node.example.org:9798"}. {@link #parse(String)} reads it back to an equal address.
   *
   * @return the canonical text
   */
  @Override
  public String toString() {
    String result = text;
    if (result == null) {
      StringBuilder out = new StringBuilder(48);
      switch (type) {
        case IPV4 -> Ipv4Literal.appendTo(out, (int) lo);
        case IPV6 -> {
          out.append('[');
          Ipv6Literal.appendTo(out, hi, lo);
          out.append(']');
        }
        case HOST_NAME -> out.append(name);
      }
      result = out.append(':').append(port).toString();
      text = result;
    }
    return result;
  }

  private static boolean isPublicName(String name) {
    for (String suffix : NON_PUBLIC_NAME_SUFFIXES) {
      if (name.endsWith(suffix)
          && (name.length() == suffix.length()
              || name.charAt(name.length() - suffix.length() - 1) == '.')) {
        return false;
      }
    }
    return true;
  }

  private static String lastTwoLabels(String name) {
    int lastDot = name.lastIndexOf('.');
    if (lastDot < 0) {
      return name;
    }
    int secondLastDot = name.lastIndexOf('.', lastDot - 1);
    return secondLastDot < 0 ? name : name.substring(secondLastDot + 1);
  }

  private static int computeHash(Type type, long hi, long lo, String name, int port) {
    long mixed = type == Type.HOST_NAME
        ? name.hashCode()
        : (hi * 0x9E37_79B9_7F4A_7C15L) ^ lo ^ ((long) type.ordinal() << 62);
    mixed = (mixed ^ (mixed >>> 29)) * 0xBF58_476D_1CE4_E5B9L + port;
    return (int) (mixed ^ (mixed >>> 32));
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24)
        | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8)
        | (bytes[offset + 3] & 0xFF);
  }

  private static long readLong(byte[] bytes, int offset) {
    return ((long) readInt(bytes, offset) << 32) | (readInt(bytes, offset + 4) & 0xFFFF_FFFFL);
  }

  private static void writeInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }
}
