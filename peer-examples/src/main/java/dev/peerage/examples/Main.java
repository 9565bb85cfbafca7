package dev.peerage.examples;

import dev.peerage.core.InvalidPeerAddressException;
import dev.peerage.core.PeerAddress;
import java.io.PrintStream;
import java.util.List;

/**
 * Entry point of {@code peer-examples.jar}. For now it shows the modules this jar wires together and how
 * Peerage reads, classifies and groups a few peer addresses; the runnable demo replaces it when the peer
 * manager, the JSON store and the Netty transport are in place.
 */
public final class Main {
  private static final List<String> MODULES =
      List.of("peer-core", "peer-store-json", "peer-transport-netty");

  private static final List<String> SAMPLE_ADDRESSES = List.of(
      "203.0.113.7:8333",
      "[2001:0DB8:0:0:0:0:0:1]:8333",
      "[::ffff:198.51.100.4]:9798",
      "Node.Example.ORG:9798",
      "8.8.4.4:53",
      "192.168.1.20:9798",
      "1.2.3.4:70000");

  private Main() {}

  /**
   * Prints the wired modules and a parsed, classified sample of addresses.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    out.println("Peerage examples: modules wired into this jar");
    for (String module : MODULES) {
      out.println("  " + module);
    }
    out.println();
    out.println("Parsing peer addresses");
    for (String text : SAMPLE_ADDRESSES) {
      try {
        PeerAddress address = PeerAddress.parse(text);
        String reach = address.isRoutable() ? "routable" : "unroutable " + address.classes();
        out.printf("  %-30s -> %-22s %-9s %-22s group %s%n", text, address, address.type(), reach,
            address.netGroup());
      } catch (InvalidPeerAddressException e) {
        out.printf("  %-30s -> rejected: %s%n", text, e.getMessage());
      }
    }
  }
}
