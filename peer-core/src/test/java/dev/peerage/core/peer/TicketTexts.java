package dev.peerage.core.peer;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.Bech32m;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds ticket texts for tests: sample tickets, and texts with a valid checksum around payloads
 * that {@link PeerTicket#of} would never produce, so tests can reach the payload checks.
 */
final class TicketTexts {

  /** Node id bytes 3, 10, 17, ... (7i + 3): arbitrary but fixed. */
  static final NodeId NODE = NodeId.of(nodeBytes());

  private TicketTexts() {}

  static byte[] nodeBytes() {
    byte[] bytes = new byte[NodeId.LENGTH];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (7 * i + 3);
    }
    return bytes;
  }

  /** One IPv4 address, network main, no label: the typical small ticket. */
  static PeerTicket oneIpv4() {
    return PeerTicket.of(
        NODE, List.of(PeerAddress.parse("203.0.113.7:9798")), NetworkId.MAIN, Optional.empty());
  }

  /** A LAN IPv4 and a public IPv6 address with a label. */
  static PeerTicket twoAddressesWithLabel() {
    return PeerTicket.of(
        NODE,
        List.of(PeerAddress.parse("192.168.1.20:9798"), PeerAddress.parse("[2001:db8::7]:9798")),
        NetworkId.MAIN,
        Optional.of("Alice's laptop"));
  }

  /** Eight addresses of all kinds, a custom network and a label outside ASCII. */
  static PeerTicket eightMixedWithUnicodeLabel() {
    return PeerTicket.of(
        NODE,
        List.of(
            PeerAddress.parse("10.0.0.2:1"),
            PeerAddress.parse("[fe80::1]:65535"),
            PeerAddress.parse("node.example.org:9798"),
            PeerAddress.parse("198.51.100.1:9798"),
            PeerAddress.parse("[2001:db8:85a3::8a2e:370:7334]:443"),
            PeerAddress.parse("localhost:8080"),
            PeerAddress.parse("xn--bcher-kva.example:9798"),
            PeerAddress.parse("127.0.0.1:9798")),
        NetworkId.of("home-lab_2.test"),
        Optional.of("Büro-PC 🖥️ 東京"));
  }

  /** One host name on regtest. */
  static PeerTicket hostName() {
    return PeerTicket.of(
        NODE,
        List.of(PeerAddress.parse("node.example.org:9798")),
        NetworkId.REGTEST,
        Optional.empty());
  }

  static List<PeerTicket> samples() {
    return List.of(oneIpv4(), twoAddressesWithLabel(), eightMixedWithUnicodeLabel(), hostName());
  }

  /** A ticket text with a valid checksum around {@code payload} under {@code version}. */
  static String withPayload(int version, byte[] payload) {
    byte[] groups = Bech32m.toFiveBitGroups(payload);
    byte[] data = new byte[groups.length + 1];
    data[0] = (byte) version;
    System.arraycopy(groups, 0, data, 1, groups.length);
    return withData(data);
  }

  /** A ticket text with a valid checksum around raw 5-bit values (version symbol included). */
  static String withData(byte[] data) {
    return Bech32m.encode("peerage", data).toUpperCase(Locale.ROOT);
  }

  /** Builds payload bytes field by field. */
  static final class Payload {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts with the sample node id and the network {@code main}. */
    static Payload standard() {
      return new Payload().bytes(nodeBytes()).network("main");
    }

    Payload bytes(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Payload bytes(int... values) {
      for (int value : values) {
        out.write(value);
      }
      return this;
    }

    Payload network(String name) {
      byte[] ascii = name.getBytes(StandardCharsets.ISO_8859_1);
      return bytes(ascii.length).bytes(ascii);
    }

    Payload ipv4(int a, int b, int c, int d, int port) {
      return bytes(1, a, b, c, d).port(port);
    }

    Payload hostName(String name, int port) {
      byte[] ascii = name.getBytes(StandardCharsets.ISO_8859_1);
      return bytes(3, ascii.length).bytes(ascii).port(port);
    }

    Payload port(int port) {
      return bytes(port >>> 8, port & 0xFF);
    }

    Payload label(String label) {
      return bytes(label.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toBytes() {
      return out.toByteArray();
    }

    String ticket() {
      return withPayload(PeerTicket.VERSION, toBytes());
    }
  }
}
