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

class NetGroupTest {

  /**
   * Sets of groups (the outbound peers' groups a selection excludes) hash them; with the old
   * {@code Arrays.hashCode} of the key the 65,536 IPv4 /16 groups had fewer than 8,000 distinct hash
   * codes, and IPv6 /32 groups fared alike.
   */
  @Test
  void groupsSpreadOverDistinctHashCodes() {
    java.util.Set<Integer> v4 = new java.util.HashSet<>();
    for (int g = 0; g < 65_536; g++) {
      v4.add(NetGroup.ipv4(g << 16 | 0x0101).hashCode());
    }
    java.util.Set<Integer> v6 = new java.util.HashSet<>();
    for (int g = 0; g < 65_536; g++) {
      v6.add(PeerAddress.parse("[2001:" + Integer.toHexString(g) + "::1]:1").netGroup().hashCode());
    }
    // Random 32-bit values would repeat about once in this many; allow a handful.
    assertThat(v4).hasSizeGreaterThan(65_500);
    assertThat(v6).hasSizeGreaterThan(65_500);
  }

  @TestFactory
  Stream<DynamicTest> groupTable() {
    return AddressCaseFile.read("bitcoin-core-netgroup.txt").stream()
        .map(row -> dynamicTest(row.name(), () -> {
          if (row.get(1).equals("reject")) {
            assertThatThrownBy(() -> PeerAddress.parse(row.get(0), 8333))
                .isExactlyInstanceOf(InvalidPeerAddressException.class);
            return;
          }
          NetGroup group = PeerAddress.parse(row.get(0), 8333).netGroup();
          assertThat(group.toString()).isEqualTo(row.get(1));
        }));
  }

  @Test
  void keyLayoutIsStable() {
    assertThat(group("1.2.3.4").bytes()).containsExactly(0x01, 1, 2);
    assertThat(group("2a00:1450:4001:81b::200e").bytes())
        .containsExactly(0x02, 0x2a, 0x00, 0x14, 0x50);
    assertThat(group("2001:470:abcd:9999::1").bytes())
        .containsExactly(0x02, 0x20, 0x01, 0x04, 0x70, 0xa0);
    assertThat(group("127.0.0.1").bytes()).containsExactly(0x40);
    assertThat(group("10.0.0.1").bytes()).containsExactly(0x00);
    assertThat(group("a.example.org").bytes())
        .containsExactly(0x41, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'o', 'r', 'g');
  }

  @Test
  void kindAndPrefixLength() {
    assertKind("1.2.3.4", NetGroup.Kind.IPV4, 16);
    assertKind("2002:102:304::", NetGroup.Kind.IPV4, 16);
    assertKind("2a00:1450::1", NetGroup.Kind.IPV6, 32);
    assertKind("2001:470::1", NetGroup.Kind.IPV6, 36);
    assertKind("::1", NetGroup.Kind.LOCAL, 0);
    assertKind("192.168.0.1", NetGroup.Kind.UNROUTABLE, 0);
    assertKind("node.example.org", NetGroup.Kind.HOST_NAME, 0);
    assertKind("localhost", NetGroup.Kind.UNROUTABLE, 0);
  }

  @Test
  void bytesIsAFreshCopy() {
    NetGroup group = group("1.2.3.4");
    group.bytes()[1] = 99;
    assertThat(group.bytes()).containsExactly(0x01, 1, 2);
  }

  @Test
  void equalByValueAcrossAddressesAndPorts() {
    NetGroup a = PeerAddress.parse("1.2.3.4:1").netGroup();
    NetGroup b = PeerAddress.parse("[2002:102:ffff::]:2").netGroup();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
    assertThat(a).isNotEqualTo(group("1.3.0.0"));
    assertThat(group("127.0.0.1")).isEqualTo(group("::")).isNotEqualTo(group("10.0.0.1"));
    assertThat(group("x.example.org")).isEqualTo(group("y.example.org"));
    assertThat(a).isNotEqualTo("ipv4 1.2.0.0/16");
  }

  @Test
  void ipv4AndIpv6GroupsNeverCollide() {
    // 1.2.0.0/16 and 102::/32 share leading bytes but not the tag.
    assertThat(group("1.2.3.4")).isNotEqualTo(group("102:304::1"));
  }

  @Test
  void addressCachesItsGroup() {
    PeerAddress address = PeerAddress.parse("1.2.3.4:5");
    assertThat(address.netGroup()).isSameAs(address.netGroup());
  }

  @Test
  void orderIsKindThenKey() {
    List<NetGroup> groups = new ArrayList<>(List.of(group("example.org"), group("10.0.0.1"),
        group("127.0.0.1"), group("2a00::1"), group("9.0.0.1"), group("1.2.3.4")));
    groups.sort(null);
    assertThat(groups).extracting(NetGroup::toString).containsExactly(
        "ipv4 1.2.0.0/16", "ipv4 9.0.0.0/16", "ipv6 2a00::/32", "local", "unroutable",
        "name example.org");
  }

  private static NetGroup group(String host) {
    return PeerAddress.parse(host, 1).netGroup();
  }

  private static void assertKind(String host, NetGroup.Kind kind, int prefixLength) {
    NetGroup group = group(host);
    assertThat(group.kind()).as(host).isEqualTo(kind);
    assertThat(group.prefixLength()).as(host).isEqualTo(prefixLength);
  }
}
