package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.peerage.core.internal.QuotedInput;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerAddressParseTest {

  private static final List<String> PARSE_FILES =
      List.of("go-net.txt", "guava-host-and-port.txt", "bitcoin-core-netbase.txt",
          "peerage-parse.txt");

  @TestFactory
  Stream<DynamicTest> casesFromPublicTestSuites() {
    return PARSE_FILES.stream()
        .flatMap(file -> AddressCaseFile.read(file).stream())
        .map(row -> dynamicTest(row.name(), () -> checkParseRow(row)));
  }

  @Test
  void caseFilesAreNotEmpty() {
    for (String file : PARSE_FILES) {
      assertThat(AddressCaseFile.read(file)).as(file).hasSizeGreaterThan(10);
    }
  }

  private static void checkParseRow(AddressCaseFile.Row row) {
    String mode = row.get(0);
    String input = row.get(1);
    String expected = row.get(2);
    String fragment = row.get(3);
    if (expected.equals("reject")) {
      assertThatThrownBy(() -> parse(mode, input))
          .isExactlyInstanceOf(InvalidPeerAddressException.class)
          .hasMessageContaining(fragment)
          .satisfies(e -> {
            InvalidPeerAddressException invalid = (InvalidPeerAddressException) e;
            if (invalid.input() != null) {
              assertThat(invalid.input()).isEqualTo(input);
              assertThat(invalid.getMessage()).endsWith(" in " + QuotedInput.quote(input));
            }
          });
      return;
    }
    PeerAddress address = parse(mode, input);
    assertThat(address.toString()).isEqualTo(expected);
    assertThat(PeerAddress.parse(address.toString())).isEqualTo(address);
    assertThat(address.toString()).isEqualTo(expected);
  }

  private static PeerAddress parse(String mode, String input) {
    return mode.equals("port")
        ? PeerAddress.parse(input)
        : PeerAddress.parse(input, Integer.parseInt(mode));
  }

  @Test
  void portOutOfRangeMessageMatchesTheIssueExactly() {
    assertThatThrownBy(() -> PeerAddress.parse("1.2.3.4:70000"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("port 70000 is out of range 1-65535 in '1.2.3.4:70000'");
  }

  @Test
  void exceptionRemembersTheWholeInput() {
    InvalidPeerAddressException e = catchInvalid(() -> PeerAddress.parse("1.2.3.4:0"));
    assertThat(e.input()).isEqualTo("1.2.3.4:0");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void longInputIsQuotedShortened() {
    String input = "a".repeat(400) + ":80";
    InvalidPeerAddressException e = catchInvalid(() -> PeerAddress.parse(input));
    assertThat(e.getMessage())
        .startsWith("address is 403 characters long; at most 260 are allowed in '")
        .endsWith("...' (403 characters)")
        .hasSizeLessThan(200);
    assertThat(e.input()).isEqualTo(input);
  }

  @Test
  void controlCharactersAreEscapedInMessages() {
    InvalidPeerAddressException e = catchInvalid(() -> PeerAddress.parse("a\nb:1"));
    assertThat(e.getMessage())
        .isEqualTo("whitespace U+000A at index 1 is not allowed in 'a\\nb:1'")
        .doesNotContain("\n");
  }

  @Test
  void nonAsciiCharactersAreNamedWithAHint() {
    assertThatThrownBy(() -> PeerAddress.parse("bücher.example:1"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("non-ASCII character 'ü' (U+00FC) at index 1 is not allowed; write "
            + "internationalised names in their xn-- form in 'bücher.example:1'");
    assertThat(PeerAddress.parse("xn--bcher-kva.example:1").host())
        .isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void otherDigitScriptsAreNotDigits() {
    // Arabic-Indic digit seven and full-width digit one: Character.isDigit would accept them.
    assertThatThrownBy(() -> PeerAddress.parse("1.2.3.4:\u0667"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("non-ASCII");
    assertThatThrownBy(() -> PeerAddress.parse("[::\uFF11]:1"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("non-ASCII");
  }

  @Test
  void nullTextIsAProgrammingError() {
    assertThatThrownBy(() -> PeerAddress.parse(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("text");
    assertThatThrownBy(() -> PeerAddress.parse(null, 80))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @Test
  void defaultPortIsValidated() {
    assertThatThrownBy(() -> PeerAddress.parse("1.2.3.4", 0))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("default port 0 is out of range 1-65535");
    assertThatThrownBy(() -> PeerAddress.parse("1.2.3.4:80", 65536))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("default port 65536 is out of range 1-65535");
  }

  @Test
  void explicitPortWinsOverDefault() {
    assertThat(PeerAddress.parse("[2001:db8::1]:1", 2).port()).isEqualTo(1);
    assertThat(PeerAddress.parse("2001:db8::1", 2).port()).isEqualTo(2);
    assertThat(PeerAddress.parse("example.org", 3).toString()).isEqualTo("example.org:3");
  }

  @Test
  void hostNameLengthLimits() {
    String label63 = "a".repeat(63);
    assertThat(PeerAddress.parse(label63 + ".org:1").host()).isEqualTo(label63 + ".org");
    assertThatThrownBy(() -> PeerAddress.parse("a" + label63 + ".org:1"))
        .hasMessageContaining("has a label of 64 characters; at most 63 are allowed");

    String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
    assertThat(name253).hasSize(253);
    assertThat(PeerAddress.parse(name253 + ":1").host()).isEqualTo(name253);
    assertThat(PeerAddress.parse(name253 + ".:1").host()).isEqualTo(name253);
    assertThatThrownBy(() -> PeerAddress.parse("b" + name253 + ":1"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("is 254 characters long; at most 253 are allowed");
  }

  @Test
  void addressesAtTheLengthLimitStillParse() {
    String label63 = "a".repeat(63);
    String text = String.join(".", label63, label63, label63, "a".repeat(61)) + ".:65535";
    assertThat(text).hasSize(260);
    assertThat(PeerAddress.parse(text).port()).isEqualTo(65535);
  }

  @Test
  void ofIpAcceptsFourAndSixteenBytes() {
    PeerAddress v4 = PeerAddress.ofIp(new byte[] {1, 2, 3, 4}, 80);
    assertThat(v4).isEqualTo(PeerAddress.parse("1.2.3.4:80"));
    assertThat(v4.type()).isEqualTo(PeerAddress.Type.IPV4);

    byte[] v6bytes = new byte[16];
    v6bytes[0] = 0x20;
    v6bytes[1] = 0x01;
    v6bytes[2] = 0x0d;
    v6bytes[3] = (byte) 0xb8;
    v6bytes[15] = 1;
    PeerAddress v6 = PeerAddress.ofIp(v6bytes, 8333);
    assertThat(v6.toString()).isEqualTo("[2001:db8::1]:8333");
    v6bytes[15] = 2;
    assertThat(v6.toString()).as("the array is copied").isEqualTo("[2001:db8::1]:8333");
  }

  @Test
  void ofIpTurnsMappedAddressesIntoIpv4() {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
    PeerAddress address = PeerAddress.ofIp(mapped, 1);
    assertThat(address.isIpv4()).isTrue();
    assertThat(address.toString()).isEqualTo("10.0.0.1:1");
    assertThat(address.ipBytes()).containsExactly(10, 0, 0, 1);
    assertThat(address.classes()).doesNotContain(AddressClass.IPV4_MAPPED);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 5, 15, 17, 32})
  void ofIpRejectsOtherLengths(int length) {
    assertThatThrownBy(() -> PeerAddress.ofIp(new byte[length], 1))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("an IP address has 4 or 16 bytes, not " + length);
  }

  @Test
  void ofIpChecksArguments() {
    assertThatThrownBy(() -> PeerAddress.ofIp(null, 1))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("ip");
    assertThatThrownBy(() -> PeerAddress.ofIp(new byte[4], 0))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("port 0 is out of range 1-65535");
    assertThatThrownBy(() -> PeerAddress.ofIp(new byte[4], 65536))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("port 65536 is out of range 1-65535");
  }

  @Test
  void ofInetAddressUsesOnlyTheBytes() throws Exception {
    InetAddress named = InetAddress.getByAddress("ignored.example", new byte[] {8, 8, 4, 4});
    assertThat(PeerAddress.of(named, 53).toString()).isEqualTo("8.8.4.4:53");

    byte[] linkLocal = PeerAddress.parse("[fe80::1]:1").ipBytes();
    Inet6Address scoped = Inet6Address.getByAddress(null, linkLocal, 3);
    PeerAddress fromScoped = PeerAddress.of(scoped, 9);
    assertThat(fromScoped.toString()).isEqualTo("[fe80::1]:9");

    assertThatThrownBy(() -> PeerAddress.of(null, 1))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("address");
  }

  @Test
  void toInetAddressRoundTrips() {
    PeerAddress v4 = PeerAddress.parse("192.0.2.1:1");
    assertThat(v4.toInetAddress()).isInstanceOf(Inet4Address.class);
    assertThat(v4.toInetAddress().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(PeerAddress.of(v4.toInetAddress(), 1)).isEqualTo(v4);

    PeerAddress v6 = PeerAddress.parse("[2001:db8::5]:1");
    assertThat(v6.toInetAddress()).isInstanceOf(Inet6Address.class);
    assertThat(PeerAddress.of(v6.toInetAddress(), 1)).isEqualTo(v6);
  }

  @Test
  void hostNamesHaveNoIpForm() {
    PeerAddress name = PeerAddress.parse("node.example.org:9798");
    assertThatThrownBy(name::ipBytes).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node.example.org");
    assertThatThrownBy(name::toInetAddress).isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void ipBytesIsAFreshCopy() {
    PeerAddress address = PeerAddress.parse("1.2.3.4:5");
    byte[] bytes = address.ipBytes();
    bytes[0] = 99;
    assertThat(address.ipBytes()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void accessorsDescribeTheHost() {
    PeerAddress v4 = PeerAddress.parse("1.2.3.4:80");
    PeerAddress v6 = PeerAddress.parse("[2001:DB8:0::1]:8333");
    PeerAddress name = PeerAddress.parse("Node.Example.Org:9798");

    assertThat(v4.host()).isEqualTo("1.2.3.4");
    assertThat(v6.host()).isEqualTo("2001:db8::1");
    assertThat(name.host()).isEqualTo("node.example.org");
    assertThat(List.of(v4.port(), v6.port(), name.port())).containsExactly(80, 8333, 9798);

    assertThat(List.of(v4.isIpv4(), v4.isIpv6(), v4.isHostName(), v4.isIp()))
        .containsExactly(true, false, false, true);
    assertThat(List.of(v6.isIpv4(), v6.isIpv6(), v6.isHostName(), v6.isIp()))
        .containsExactly(false, true, false, true);
    assertThat(List.of(name.isIpv4(), name.isIpv6(), name.isHostName(), name.isIp()))
        .containsExactly(false, false, true, false);
    assertThat(name.type()).isEqualTo(PeerAddress.Type.HOST_NAME);
  }

  @Test
  void withPortKeepsTheHost() {
    PeerAddress address = PeerAddress.parse("[2001:db8::1]:1");
    assertThat(address.withPort(2).toString()).isEqualTo("[2001:db8::1]:2");
    assertThat(address.withPort(1)).isSameAs(address);
    assertThatThrownBy(() -> address.withPort(0))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("port 0 is out of range 1-65535");
  }

  @Test
  void equalityFollowsTheCanonicalForm() {
    PeerAddress a = PeerAddress.parse("[2001:0DB8:0000::0001]:80");
    PeerAddress b = PeerAddress.parse("2001:db8::1", 80);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(PeerAddress.parse("EXAMPLE.org.:1")).isEqualTo(PeerAddress.parse("example.org:1"));
    assertThat(PeerAddress.parse("[::ffff:1.2.3.4]:1")).isEqualTo(PeerAddress.parse("1.2.3.4:1"));
    assertThat(PeerAddress.parse("1.2.3.4:1")).isNotEqualTo(PeerAddress.parse("1.2.3.4:2"));
    assertThat(PeerAddress.parse("[::102:304]:1")).isNotEqualTo(PeerAddress.parse("1.2.3.4:1"));
    assertThat(a).isNotEqualTo("[2001:db8::1]:80");
  }

  @Test
  void orderIsTypeThenBytesThenPort() {
    List<PeerAddress> sorted = new ArrayList<>(List.of(
        PeerAddress.parse("b.example:1"),
        PeerAddress.parse("[::1]:1"),
        PeerAddress.parse("255.0.0.1:1"),
        PeerAddress.parse("[ffff::]:1"),
        PeerAddress.parse("a.example:2"),
        PeerAddress.parse("1.2.3.4:2"),
        PeerAddress.parse("1.2.3.4:1"),
        PeerAddress.parse("a.example:1")));
    sorted.sort(null);
    assertThat(sorted).extracting(PeerAddress::toString).containsExactly(
        "1.2.3.4:1", "1.2.3.4:2", "255.0.0.1:1", "[::1]:1", "[ffff::]:1",
        "a.example:1", "a.example:2", "b.example:1");
    assertThat(PeerAddress.parse("1.2.3.4:1").compareTo(PeerAddress.parse("1.2.3.4:1")))
        .isZero();
  }

  private static InvalidPeerAddressException catchInvalid(Runnable action) {
    try {
      action.run();
    } catch (InvalidPeerAddressException e) {
      return e;
    }
    throw new AssertionError("expected InvalidPeerAddressException");
  }
}
