package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class PeerAddressPropertyTest {

  private static final String ADDRESS_CHARS = "0123456789abcdefABCDEF:.[]%/ -+";

  @Property(tries = 2000)
  void ipv4FormatThenParseIsIdentity(@ForAll int ip, @ForAll("ports") int port) {
    byte[] bytes = {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    PeerAddress address = PeerAddress.ofIp(bytes, port);
    String dotted = String.format("%d.%d.%d.%d:%d",
        (ip >>> 24) & 0xFF, (ip >>> 16) & 0xFF, (ip >>> 8) & 0xFF, ip & 0xFF, port);

    assertThat(address.toString()).isEqualTo(dotted);
    assertThat(PeerAddress.parse(dotted)).isEqualTo(address);
    assertThat(PeerAddress.parse(address.toString()).toString()).isEqualTo(address.toString());
    assertThat(address.ipBytes()).isEqualTo(bytes);
  }

  @Property(tries = 2000)
  void ipv6FormatThenParseIsIdentity(@ForAll @Size(16) byte[] bytes, @ForAll("ports") int port)
      throws Exception {
    PeerAddress address = PeerAddress.ofIp(bytes, port);
    PeerAddress reparsed = PeerAddress.parse(address.toString());

    assertThat(reparsed).isEqualTo(address).hasSameHashCodeAs(address);
    assertThat(reparsed.toString()).isEqualTo(address.toString());
    assertThat(address.port()).isEqualTo(port);
    if (address.isIpv6()) {
      assertThat(address.ipBytes()).isEqualTo(bytes);
      assertRfc5952(address.host());
      // The JDK writes every group uncompressed: an independent spelling of the same address.
      String jdkText = InetAddress.getByAddress(bytes).getHostAddress();
      assertThat(PeerAddress.parse(jdkText, port)).isEqualTo(address);
      assertThat(PeerAddress.parse("[" + jdkText.toUpperCase(Locale.ROOT) + "]:" + port))
          .isEqualTo(address);
    } else {
      assertThat(bytes).startsWith(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff);
    }
  }

  @Property(tries = 1000)
  void ipv6WithManyZeroGroupsRoundTrips(@ForAll("sparseIpv6") byte[] bytes) {
    PeerAddress address = PeerAddress.ofIp(bytes, 1);
    assertThat(PeerAddress.parse(address.toString())).isEqualTo(address);
    if (address.isIpv6()) {
      assertRfc5952(address.host());
    }
  }

  @Property(tries = 1000)
  void hostNameFormatThenParseIsIdentity(
      @ForAll("hostNames") String name, @ForAll("ports") int port) {
    PeerAddress address = PeerAddress.parse(name + ":" + port);
    String lower = name.toLowerCase(Locale.ROOT);

    assertThat(address.isHostName()).isTrue();
    assertThat(address.host()).isEqualTo(lower);
    assertThat(address.toString()).isEqualTo(lower + ":" + port);
    assertThat(PeerAddress.parse(address.toString())).isEqualTo(address);
    assertThat(PeerAddress.parse(name + ".:" + port)).isEqualTo(address);
    assertThat(PeerAddress.parse(name, port)).isEqualTo(address);
  }

  @Property(tries = 500)
  void everyPortInRangeRoundTrips(@ForAll("ports") int port) {
    PeerAddress address = PeerAddress.parse("[::1]:" + port);
    assertThat(address.port()).isEqualTo(port);
    assertThat(address.toString()).isEqualTo("[::1]:" + port);
  }

  @Property(tries = 500)
  void portsOutOfRangeAreRejected(@ForAll int port) {
    if (port >= 1 && port <= 65535) {
      return;
    }
    String text = "1.2.3.4:" + port;
    assertThatThrownBy(() -> PeerAddress.parse(text))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining(port < 0 ? "is not a decimal number" : "is out of range 1-65535");
    assertThatThrownBy(() -> PeerAddress.parse("1.2.3.4", port))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("default port " + port + " is out of range 1-65535");
  }

  @Property(tries = 3000)
  void addressCharacterSoupOnlyEverFailsWithInvalidPeerAddress(
      @ForAll("addressCharacterSoup") String text) {
    checkOnlyInvalidPeerAddress(text);
  }

  @Property(tries = 2000)
  void arbitraryUnicodeOnlyEverFailsWithInvalidPeerAddress(@ForAll("unicode") String text) {
    checkOnlyInvalidPeerAddress(text);
  }

  @Property(tries = 3000)
  void editedValidAddressesOnlyEverFailWithInvalidPeerAddress(
      @ForAll("editedAddresses") String text) {
    checkOnlyInvalidPeerAddress(text);
  }

  /**
   * Parsing either throws InvalidPeerAddressException with a message quoting the input, or gives an
   * address whose canonical text parses back to it. The same holds for the default-port form and
   * for subnets.
   */
  private static void checkOnlyInvalidPeerAddress(String text) {
    for (int mode = 0; mode < 2; mode++) {
      try {
        PeerAddress address = mode == 0 ? PeerAddress.parse(text) : PeerAddress.parse(text, 8333);
        assertThat(PeerAddress.parse(address.toString())).isEqualTo(address);
        assertThat(address.netGroup()).isNotNull();
      } catch (InvalidPeerAddressException e) {
        assertThat(e.input()).isEqualTo(text);
        assertThat(e.getMessage()).contains(" in '").doesNotContain("\n", "\r");
      }
    }
    try {
      Subnet subnet = Subnet.parse(text);
      assertThat(Subnet.parse(subnet.toString())).isEqualTo(subnet);
    } catch (InvalidPeerAddressException e) {
      assertThat(e.input()).isEqualTo(text);
    }
  }

  @Provide
  Arbitrary<Integer> ports() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 65535),
        Arbitraries.of(1, 9, 10, 99, 100, 65534, 65535));
  }

  @Provide
  Arbitrary<byte[]> sparseIpv6() {
    Arbitrary<Integer> group = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
    return group.list().ofSize(8).map(groups -> {
      byte[] bytes = new byte[16];
      for (int i = 0; i < 8; i++) {
        bytes[2 * i] = (byte) (groups.get(i) >>> 8);
        bytes[2 * i + 1] = (byte) (int) groups.get(i);
      }
      return bytes;
    });
  }

  @Provide
  Arbitrary<String> hostNames() {
    Arbitrary<String> label = Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        .ofMinLength(1).ofMaxLength(63)
        .filter(s -> s.charAt(0) != '-' && s.charAt(s.length() - 1) != '-');
    Arbitrary<String> lastLabel = label.filter(s -> !s.chars().allMatch(Character::isDigit))
        .filter(s -> !(s.length() >= 2 && s.charAt(0) == '0'
            && (s.charAt(1) == 'x' || s.charAt(1) == 'X')
            && s.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)));
    return Combinators.combine(label.list().ofMaxSize(4), lastLabel)
        .as((labels, last) -> {
          List<String> all = new ArrayList<>(labels);
          all.add(last);
          return String.join(".", all);
        })
        .filter(name -> name.length() <= 253);
  }

  @Provide
  Arbitrary<String> addressCharacterSoup() {
    return Arbitraries.strings().withChars(ADDRESS_CHARS).ofMaxLength(60);
  }

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.strings().all().ofMaxLength(12));
  }

  @Provide
  Arbitrary<String> editedAddresses() {
    Arbitrary<String> valid = Arbitraries.oneOf(
        Arbitraries.integers().map(ip -> PeerAddress.ofIp(new byte[] {
            (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) (int) ip}, 8333)
            .toString()),
        sparseIpv6().map(bytes -> PeerAddress.ofIp(bytes, 80).toString()),
        hostNames().map(name -> name + ":9798"));
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.chars().with(ADDRESS_CHARS.toCharArray()))
        .as(Edit::new);
    return Combinators.combine(valid, edit.list().ofMinSize(1).ofMaxSize(3))
        .as((text, edits) -> {
          StringBuilder out = new StringBuilder(text);
          for (Edit e : edits) {
            e.applyTo(out);
          }
          return out.toString();
        });
  }

  /** Insert, delete or replace one character at a relative position. */
  private record Edit(int kind, double where, char c) {
    void applyTo(StringBuilder text) {
      int at = (int) (where * text.length());
      switch (kind) {
        case 0 -> text.insert(at, c);
        case 1 -> {
          if (at < text.length()) {
            text.deleteCharAt(at);
          }
        }
        default -> {
          if (at < text.length()) {
            text.setCharAt(at, c);
          }
        }
      }
    }
  }

  /** Checks RFC 5952 section 4 on text written by Peerage, independently of how it was made. */
  private static void assertRfc5952(String text) {
    assertThat(text).isEqualTo(text.toLowerCase(Locale.ROOT));
    int compress = text.indexOf("::");
    assertThat(text.indexOf("::", compress + 1)).as("at most one '::' in %s", text)
        .isIn(-1, compress < 0 ? -1 : -2);
    List<String> left = new ArrayList<>();
    List<String> right = new ArrayList<>();
    if (compress < 0) {
      left.addAll(List.of(text.split(":", -1)));
    } else {
      String before = text.substring(0, compress);
      String after = text.substring(compress + 2);
      if (!before.isEmpty()) {
        left.addAll(List.of(before.split(":", -1)));
      }
      if (!after.isEmpty()) {
        right.addAll(List.of(after.split(":", -1)));
      }
    }
    int compressed = compress < 0 ? 0 : 8 - left.size() - right.size();
    if (compress >= 0) {
      assertThat(compressed).as("'::' stands for 2 or more groups in %s", text)
          .isGreaterThanOrEqualTo(2);
    } else {
      assertThat(left).as("8 groups in %s", text).hasSize(8);
    }
    List<String> groups = new ArrayList<>(left);
    groups.addAll(right);
    for (String group : groups) {
      assertThat(group).as("group in %s", text).matches("[0-9a-f]{1,4}");
      assertThat(group.length() == 1 || group.charAt(0) != '0')
          .as("no leading zero in %s", text).isTrue();
    }
    // No run of zero groups left uncompressed may be longer than the compressed one, nor as long
    // and earlier; and without '::' no run of two zero groups may remain.
    int run = 0;
    for (int i = 0; i < groups.size(); i++) {
      run = groups.get(i).equals("0") ? run + 1 : 0;
      boolean beforeCompression = i < left.size();
      if (compress < 0) {
        assertThat(run).as("uncompressed zero run in %s", text).isLessThan(2);
      } else if (beforeCompression) {
        assertThat(run).as("earlier zero run in %s", text).isLessThan(compressed);
      } else {
        assertThat(run).as("later zero run in %s", text).isLessThanOrEqualTo(compressed);
      }
      if (i == left.size() - 1) {
        run = 0;
      }
    }
  }
}
