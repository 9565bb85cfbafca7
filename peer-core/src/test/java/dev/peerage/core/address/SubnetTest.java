package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SubnetTest {

  @TestFactory
  Stream<DynamicTest> subnetTable() {
    return AddressCaseFile.read("subnets.txt").stream()
        .map(row -> dynamicTest(row.name(), () -> {
          switch (row.get(0)) {
            case "parse" -> checkParse(row.get(1), row.get(2), row.get(3));
            case "contains" -> assertThat(
                    Subnet.parse(row.get(1)).contains(PeerAddress.parse(row.get(2), 1)))
                .isEqualTo(Boolean.parseBoolean(row.get(3)));
            case "of" -> assertThat(Subnet.of(
                    PeerAddress.parse(row.get(1), 1), Integer.parseInt(row.get(2))).toString())
                .isEqualTo(row.get(3));
            default -> throw new AssertionError("unknown row kind " + row.get(0));
          }
        }));
  }

  private static void checkParse(String text, String expected, String fragment) {
    if (expected.equals("reject")) {
      assertThatThrownBy(() -> Subnet.parse(text))
          .isExactlyInstanceOf(InvalidPeerAddressException.class)
          .hasMessageContaining(fragment);
      return;
    }
    Subnet subnet = Subnet.parse(text);
    assertThat(subnet.toString()).isEqualTo(expected);
    assertThat(Subnet.parse(subnet.toString())).isEqualTo(subnet);
  }

  @Test
  void hostBitsMessageSaysWhatIsWrongAndWhatWasMeant() {
    assertThatThrownBy(() -> Subnet.parse("1.2.3.4/16"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("address bits after the /16 prefix (host bits) are set; did you mean "
            + "1.2.0.0/16? in '1.2.3.4/16'");
  }

  @Test
  void bareAddressIsASingleAddressSubnet() {
    Subnet v4 = Subnet.parse("192.0.2.7");
    assertThat(v4.prefixLength()).isEqualTo(32);
    assertThat(v4.isIpv4()).isTrue();
    assertThat(v4.isIpv6()).isFalse();
    assertThat(v4.networkBytes()).containsExactly(192, 0, 2, 7);
    Subnet v6 = Subnet.parse("2001:db8::7");
    assertThat(v6.prefixLength()).isEqualTo(128);
    assertThat(v6.isIpv4()).isFalse();
    assertThat(v6.toString()).isEqualTo("2001:db8::7/128");
  }

  @Test
  void mappedSubnetsAreIpv4() {
    assertThat(Subnet.parse("::ffff:1.2.3.0/120")).isEqualTo(Subnet.parse("1.2.3.0/24"));
    assertThat(Subnet.parse("::ffff:0:0/96")).isEqualTo(Subnet.parse("0.0.0.0/0"));
    assertThatThrownBy(() -> Subnet.parse("::ffff:0:0/95"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("prefix length 95 of an IPv4-mapped subnet must be at least 96");
  }

  @Test
  void rejectsBracketsZonesAndNames() {
    assertThatThrownBy(() -> Subnet.parse("[2001:db8::]/32"))
        .hasMessageContaining("without brackets");
    assertThatThrownBy(() -> Subnet.parse("fe80::%eth0/64"))
        .hasMessageContaining("zone identifiers");
    assertThatThrownBy(() -> Subnet.parse("example.org/24"))
        .hasMessageContaining("host names cannot be subnets");
    assertThatThrownBy(() -> Subnet.parse("1.2.3.0/24/8"))
        .hasMessageContaining("more than one '/'");
    assertThatThrownBy(() -> Subnet.parse("/24"))
        .hasMessageContaining("subnet address is empty");
    assertThatThrownBy(() -> Subnet.parse("1.2.3.0/"))
        .hasMessageContaining("prefix length is empty");
    assertThatThrownBy(() -> Subnet.parse("1.2.3.0/08"))
        .hasMessageContaining("prefix length '08' has a leading zero");
    assertThatThrownBy(() -> Subnet.parse("1.2.3.0 /24"))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> Subnet.parse("1".repeat(65)))
        .hasMessageContaining("at most 64");
    assertThatThrownBy(() -> Subnet.parse(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text");
  }

  @Test
  void ofMasksHostBitsAndSingleKeepsThem() {
    PeerAddress address = PeerAddress.parse("[2001:db8:1234:5678::9]:1");
    assertThat(Subnet.of(address, 32).toString()).isEqualTo("2001:db8::/32");
    assertThat(Subnet.of(address, 36).toString()).isEqualTo("2001:db8:1000::/36");
    assertThat(Subnet.of(address, 64).toString()).isEqualTo("2001:db8:1234:5678::/64");
    assertThat(Subnet.of(address, 65).toString()).isEqualTo("2001:db8:1234:5678::/65");
    assertThat(Subnet.single(address).toString()).isEqualTo("2001:db8:1234:5678::9/128");
    assertThat(Subnet.single(PeerAddress.parse("1.2.3.4:5")).toString()).isEqualTo("1.2.3.4/32");
  }

  @Test
  void ofChecksArguments() {
    PeerAddress v4 = PeerAddress.parse("1.2.3.4:5");
    assertThatThrownBy(() -> Subnet.of(v4, 33))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("prefix length 33 is out of range 0-32 for 1.2.3.4");
    assertThatThrownBy(() -> Subnet.of(v4, -1))
        .isExactlyInstanceOf(InvalidPeerAddressException.class);
    assertThatThrownBy(() -> Subnet.of(PeerAddress.parse("[::1]:1"), 129))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("0-128");
    assertThatThrownBy(() -> Subnet.of(PeerAddress.parse("example.org:1"), 8))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("host name example.org cannot be a subnet");
    assertThatThrownBy(() -> Subnet.single(PeerAddress.parse("example.org:1")))
        .isExactlyInstanceOf(InvalidPeerAddressException.class);
    assertThatThrownBy(() -> Subnet.of(null, 8)).isExactlyInstanceOf(NullPointerException.class);
  }

  @Test
  void containsIgnoresPortsAndNeverMatchesNames() {
    Subnet subnet = Subnet.parse("0.0.0.0/0");
    assertThat(subnet.contains(PeerAddress.parse("1.2.3.4:1"))).isTrue();
    assertThat(subnet.contains(PeerAddress.parse("1.2.3.4:65535"))).isTrue();
    assertThat(subnet.contains(PeerAddress.parse("example.org:1"))).isFalse();
    assertThat(Subnet.parse("::/0").contains(PeerAddress.parse("example.org:1"))).isFalse();
    assertThatThrownBy(() -> subnet.contains(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void networkBytesIsAFreshCopy() {
    Subnet subnet = Subnet.parse("2001:db8::/32");
    subnet.networkBytes()[0] = 0;
    assertThat(subnet.networkBytes())
        .containsExactly(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void equalityAndOrder() {
    assertThat(Subnet.parse("2001:DB8::/32")).isEqualTo(Subnet.parse("2001:db8:0::/32"))
        .hasSameHashCodeAs(Subnet.parse("2001:db8::/32"));
    assertThat(Subnet.parse("1.2.0.0/16")).isNotEqualTo(Subnet.parse("1.2.0.0/17"));
    assertThat(Subnet.parse("0.0.0.0/0")).isNotEqualTo(Subnet.parse("::/0"));
    List<Subnet> subnets = new ArrayList<>(List.of(Subnet.parse("::/0"),
        Subnet.parse("1.2.0.0/17"), Subnet.parse("1.2.0.0/16"), Subnet.parse("0.0.0.0/0"),
        Subnet.parse("255.0.0.0/8")));
    subnets.sort(null);
    assertThat(subnets).extracting(Subnet::toString)
        .containsExactly("0.0.0.0/0", "1.2.0.0/16", "1.2.0.0/17", "255.0.0.0/8", "::/0");
  }
}
