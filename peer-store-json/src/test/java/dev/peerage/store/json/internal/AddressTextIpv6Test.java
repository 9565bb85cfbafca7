package dev.peerage.store.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The IPv6 shortcut agrees with {@link PeerAddress#parse}: it takes every canonical text, gives the
 * same address, and leaves everything else (other spellings, invalid text) to the core parser, so
 * that the result or the exception is the core's.
 */
class AddressTextIpv6Test {
  /** Addresses with many zero groups, so that runs, ties and compression are all exercised. */
  @Provide
  Arbitrary<PeerAddress> addresses() {
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 0xf)),
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 0xffff)));
    return Combinators.combine(group.list().ofSize(8), Arbitraries.integers().between(1, 65_535))
        .as(
            (groups, port) -> {
              byte[] ip = new byte[16];
              for (int g = 0; g < 8; g++) {
                ip[2 * g] = (byte) (groups.get(g) >>> 8);
                ip[2 * g + 1] = (byte) (int) groups.get(g);
              }
              return PeerAddress.ofIp(ip, port);
            });
  }

  @Property(tries = 5000)
  void takesTheShortcutForEveryCanonicalIpv6Address(@ForAll("addresses") PeerAddress address) {
    String text = address.toString();
    if (address.type() != PeerAddress.Type.IPV6) {
      return; // an IPv4-mapped address, written as IPv4
    }
    PeerAddress fast = AddressText.parseIpv6(text);
    assertThat(fast).as(text).isEqualTo(address);
    assertThat(AddressText.parse(text.toCharArray(), 0, text.length())).isEqualTo(address);
  }

  /** Other spellings of generated addresses, and damaged versions of them. */
  @Provide
  Arbitrary<String> ipv6Texts() {
    Arbitrary<String> canonical = addresses().map(PeerAddress::toString);
    Arbitrary<String> spelled =
        Combinators.combine(addresses(), Arbitraries.integers().between(0, 9))
            .as(AddressTextIpv6Test::respell);
    Arbitrary<String> damaged =
        Combinators.combine(
                Arbitraries.oneOf(canonical, spelled),
                Arbitraries.integers().between(0, 46),
                Arbitraries.of("", ":", "::", "0", "f", "F", "g", "]", "[", "%eth0", ".", " ", "00"))
            .as(
                (text, at, insert) -> {
                  int cut = Math.min(at, text.length());
                  int drop = at % 3 == 0 && cut < text.length() ? 1 : 0;
                  return text.substring(0, cut) + insert + text.substring(cut + drop);
                });
    return Arbitraries.oneOf(canonical, spelled, damaged);
  }

  /** Writes {@code address} in a valid but possibly non-canonical way chosen by {@code how}. */
  private static String respell(PeerAddress address, int how) {
    if (address.type() != PeerAddress.Type.IPV6) {
      return address.toString();
    }
    byte[] ip = address.ipBytes();
    List<String> groups = new ArrayList<>();
    for (int g = 0; g < 8; g++) {
      groups.add(Integer.toHexString(((ip[2 * g] & 0xff) << 8) | (ip[2 * g + 1] & 0xff)));
    }
    String host =
        switch (how) {
          case 0 -> String.join(":", groups); // no compression at all
          case 1 -> String.join(":", groups).toUpperCase(); // upper case
          case 2 -> String.join(":", groups.stream().map(g -> ("000" + g).substring(g.length() - 1)).toList());
          case 3 -> compressFirstZero(groups); // "::" for a single zero group or a shorter run
          case 4 ->
              String.join(":", groups.subList(0, 6))
                  + ":"
                  + (ip[12] & 0xff)
                  + "."
                  + (ip[13] & 0xff)
                  + "."
                  + (ip[14] & 0xff)
                  + "."
                  + (ip[15] & 0xff); // embedded IPv4
          case 5 -> address.host() + "%eth0"; // zone id
          case 6 -> address.host().replace("::", ":0:0:"); // partly expanded
          default -> address.host();
        };
    return "[" + host + "]:" + address.port();
  }

  private static String compressFirstZero(List<String> groups) {
    int zero = groups.indexOf("0");
    if (zero < 0) {
      return String.join(":", groups);
    }
    return String.join(":", groups.subList(0, zero))
        + "::"
        + String.join(":", groups.subList(zero + 1, 8));
  }

  @Property(tries = 10_000)
  void agreesWithTheCoreParser(@ForAll("ipv6Texts") String text) {
    PeerAddress fast = AddressText.parseIpv6(text);
    PeerAddress full;
    try {
      full = PeerAddress.parse(text);
    } catch (InvalidPeerAddressException e) {
      assertThat(fast).as(text).isNull();
      assertThatThrownBy(() -> AddressText.parse(text.toCharArray(), 0, text.length()))
          .as(text)
          .isInstanceOf(InvalidPeerAddressException.class)
          .hasMessage(e.getMessage());
      return;
    }
    if (fast != null) {
      assertThat(fast).as(text).isEqualTo(full);
      if (full.type() == PeerAddress.Type.IPV6) {
        assertThat(full.toString()).as("only canonical text takes the shortcut").isEqualTo(text);
      }
    }
    assertThat(AddressText.parse(text.toCharArray(), 0, text.length())).as(text).isEqualTo(full);
  }

  @Example
  void leavesOtherSpellingsAndInvalidTextToTheCoreParser() {
    for (String text :
        new String[] {
          "[2001:DB8::1]:80", // upper case
          "[2001:0db8::1]:80", // leading zero
          "[2001:db8:0:0:0:0:0:1]:80", // not compressed
          "[2001:db8::0:1]:80", // run not fully compressed
          "[2001:db8:0::1]:80",
          "[1:0:0:2::3:4]:80", // a tie compressed at the second run
          "[1::2:3:4:5:6:7]:80", // a single zero group compressed
          "[::ffff:1.2.3.4]:80", // dotted IPv4-mapped
          "[::1.2.3.4]:80", // dotted embedded IPv4
          "[fe80::1%eth0]:80", // zone id
          "[2001:db8::1]", // no port
          "[2001:db8::1]:", // empty port
          "[2001:db8::1]:0",
          "[2001:db8::1]:080",
          "[2001:db8::1]:65536",
          "[2001:db8::1]:123456",
          "[2001:db8::1]80",
          "2001:db8::1:80", // no brackets
          "[2001:db8::1:80", // not closed
          "[2001:db8:::1]:80",
          "[2001::db8::1]:80", // two "::"
          "[1:2:3:4:5:6:7:8:9]:80", // nine groups
          "[1:2:3:4:5:6:7]:80", // seven groups, no "::"
          "[12345::1]:80", // five digits
          "[:1::2]:80", // lone leading colon
          "[1::2:]:80", // lone trailing colon
          "[]:80",
          "[::g]:80",
          "[ ::1]:80",
          "[::1] :80",
        }) {
      assertThat(AddressText.parseIpv6(text)).as(text).isNull();
    }
  }

  @Example
  void takesTheShortcutForCanonicalEdgeCases() {
    for (String text :
        new String[] {
          "[::]:1",
          "[::1]:65535",
          "[1::]:80",
          "[2001:db8::1]:8333",
          "[1:0:2::3]:80", // the longer run is compressed, the single zero is written
          "[1::2:0:0:3]:80", // a tie: the first run is compressed
          "[1:2:3:4:5:6:7:8]:80",
          "[1:2:3:4:5:6::]:80",
          "[::2:3:4:5:6:7]:80",
          "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:9798",
        }) {
      PeerAddress expected = PeerAddress.parse(text);
      assertThat(expected.toString()).as("test data is canonical").isEqualTo(text);
      assertThat(AddressText.parseIpv6(text)).as(text).isEqualTo(expected);
    }
    // IPv4-mapped text in hexadecimal is canonical IPv6 text, and makes the same IPv4 address.
    assertThat(AddressText.parseIpv6("[::ffff:102:304]:80"))
        .isEqualTo(PeerAddress.parse("[::ffff:102:304]:80"))
        .isEqualTo(PeerAddress.parse("1.2.3.4:80"));
  }

  @Example
  void oneReaderReusedForManyAddressesGivesWhatTheCoreParserGives() {
    // The reader's scratch arrays carry the previous address's groups: none may leak into the next.
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261203);
    AddressText.Reader reader = new AddressText.Reader();
    for (int i = 0; i < 20_000; i++) {
      byte[] ip = new byte[random.nextBoolean() ? 4 : 16];
      for (int b = 0; b < ip.length; b++) {
        ip[b] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : 0;
      }
      String text = PeerAddress.ofIp(ip, random.nextInt(1, 65_536)).toString();
      String spelled = random.nextInt(4) == 0 ? text.replace("::", ":0:0:") : text;
      char[] buffer = ("x" + spelled + "y").toCharArray();
      PeerAddress expected;
      try {
        expected = PeerAddress.parse(spelled);
      } catch (InvalidPeerAddressException e) {
        assertThatThrownBy(() -> reader.parse(buffer, 1, spelled.length()))
            .as(spelled)
            .hasMessage(e.getMessage());
        continue;
      }
      assertThat(reader.parse(buffer, 1, spelled.length())).as(spelled).isEqualTo(expected);
    }
  }

  @Property(tries = 1000)
  void readsFromTheMiddleOfABuffer(@ForAll("ipv6Texts") String text) {
    char[] buffer = ("[::1]:5" + text + "]6").toCharArray();
    PeerAddress expected;
    try {
      expected = PeerAddress.parse(text);
    } catch (InvalidPeerAddressException e) {
      assertThatThrownBy(() -> AddressText.parse(buffer, 7, text.length()))
          .isInstanceOf(InvalidPeerAddressException.class);
      return;
    }
    assertThat(AddressText.parse(buffer, 7, text.length())).isEqualTo(expected);
  }
}
