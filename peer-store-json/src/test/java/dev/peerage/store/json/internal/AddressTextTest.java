package dev.peerage.store.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.PeerAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The IPv4 shortcut agrees with {@link PeerAddress#parse}, and never accepts what it rejects. */
class AddressTextTest {
  @Provide
  Arbitrary<String> ipv4Texts() {
    Arbitrary<String> octet =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 255).map(String::valueOf),
            Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(4));
    Arbitrary<String> port =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 65_535).map(String::valueOf),
            Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(7));
    Arbitrary<String> separator = Arbitraries.of(".", ".", ".", ".", ":", "", "..", " ");
    return net.jqwik.api.Combinators.combine(
            octet,
            separator,
            octet,
            octet,
            octet,
            port,
            Arbitraries.of(":", ":", ":", ".", "", "::"))
        .as((a, s, b, c, d, p, colon) -> a + s + b + "." + c + "." + d + colon + p);
  }

  @Property(tries = 5000)
  void agreesWithTheCoreParser(@ForAll("ipv4Texts") String text) {
    PeerAddress fast = AddressText.parseIpv4(text);
    PeerAddress full;
    try {
      full = PeerAddress.parse(text);
    } catch (InvalidPeerAddressException e) {
      assertThat(fast).as(text).isNull();
      assertThatThrownBy(() -> AddressText.parse(text))
          .isInstanceOf(InvalidPeerAddressException.class);
      return;
    }
    if (fast != null) {
      assertThat(fast).isEqualTo(full);
      assertThat(fast.toString()).isEqualTo(text);
    }
    assertThat(AddressText.parse(text)).isEqualTo(full);
  }

  @Property(tries = 1000)
  void readsFromTheMiddleOfABuffer(@ForAll("ipv4Texts") String text) {
    char[] buffer = ("1.2.3.4:5" + text + "6").toCharArray();
    PeerAddress expected;
    try {
      expected = PeerAddress.parse(text);
    } catch (InvalidPeerAddressException e) {
      assertThatThrownBy(() -> AddressText.parse(buffer, 9, text.length()))
          .isInstanceOf(InvalidPeerAddressException.class);
      return;
    }
    assertThat(AddressText.parse(buffer, 9, text.length())).isEqualTo(expected);
  }

  @Property(tries = 2000)
  void takesTheShortcutForEveryCanonicalIpv4Address(@ForAll int ip, @ForAll("ports") int port) {
    PeerAddress address =
        PeerAddress.ofIp(java.nio.ByteBuffer.allocate(4).putInt(ip).array(), port);
    assertThat(AddressText.parseIpv4(address.toString())).isEqualTo(address);
  }

  @Provide
  Arbitrary<Integer> ports() {
    return Arbitraries.integers().between(1, 65_535);
  }

  @Example
  void leavesEverythingElseToTheCoreParser() {
    for (String text :
        new String[] {
          "[2001:db8::1]:80",
          "example.org:80",
          "1.2.3.4:0",
          "1.2.3.4:65536",
          "01.2.3.4:80",
          "1.2.3.4:080",
          "256.1.1.1:1",
          "1.2.3:80",
          "1.2.3.4",
          "1.2.3.4:",
          " 1.2.3.4:80",
          "1.2.3.4:80 ",
          "1.2.3.4.5:80",
          "1.2.3.4:123456"
        }) {
      assertThat(AddressText.parseIpv4(text)).as(text).isNull();
    }
  }
}
