package dev.peerage.examples;

import dev.peerage.core.InboundPolicy;
import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The code of {@code docs/getting-started.md}: a host wires a {@link PeerManager} into its startup and
 * shutdown, manages peers, pairs with a ticket, watches state and exchanges a message. It runs on the
 * in-memory transport and virtual time so it needs no network and finishes at once; a real host passes a
 * Netty transport and a JSON store and leaves clock and scheduler to their defaults.
 */
public final class GettingStarted {
  private GettingStarted() {}

  /**
   * Runs the walk-through, printing what happens.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    // 1. Build the manager.
    VirtualTime time = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();

    PeerManagerConfig config = PeerManagerConfig.builder(NetworkId.MAIN)
        .inbound(InboundPolicy.ANYONE, 40)
        .build();

    PeerManager manager = PeerManager.builder()
        .config(config)
        .transport(network.transport(PeerAddress.parse("10.0.0.1:9000")))
        .store(new InMemoryPeerStore())
        .clock(time)          // leave out clock and scheduler in production:
        .scheduler(time)      // the manager then uses the system clock and its own timer thread
        .build();

    // Two more nodes for this walk-through to talk to.
    PeerManager home = node(network, time, config, "10.0.0.3:9000");
    PeerManager otherNode = node(network, time, config, "10.0.0.5:9000");

    // 2. Start and stop with the host.
    manager.registerDefaults(NetworkId.MAIN, List.of(PeerAddress.parse("10.0.0.2:9000")));
    manager.start();
    Runtime.getRuntime().addShutdownHook(new Thread(manager::close, "peerage-shutdown"));

    // 5. Watch connection state (subscribed first, so the walk-through sees every change).
    Subscription states = manager.onPeerStateChange(status ->
        out.println(status.peer().label().orElse(status.id()) + " is " + status.state()
            + status.nextAttempt().map(t -> ", next try " + t).orElse("")));

    Subscription events = manager.addListener(event -> {
      if (event instanceof PeerEvent.StoreFailed failed) {
        out.println("could not save peers: " + failed.message());
      }
    });

    // 3. Manage peers.
    PeerEntry homePeer = manager.addPeer(
        manager.newPeer(NetworkId.MAIN, PeerAddress.parse("10.0.0.3:9000"))
            .label("Home server")
            .flag(PeerFlag.PERSISTENT, true)
            .build());

    manager.updatePeer(homePeer.id(), peer -> peer.notes("in the closet"));
    manager.setEnabled(homePeer.id(), false);
    manager.setEnabled(homePeer.id(), true);

    ImportResult imported = manager.importAddresses(NetworkId.MAIN,
        List.of("10.0.0.4:9000", "not an address", "10.0.0.3:9000"));
    out.println("imported " + imported.added().size() + ", rejected "
        + imported.rejected().size() + " (" + imported.rejected().get(0).reason() + "), duplicates "
        + imported.duplicates());

    List<String> arguments = manager.launchArguments(NetworkId.MAIN, "--peer");
    out.println("launch arguments: " + String.join(" ", arguments));

    // 4. Pair two devices with a ticket.
    String ticket = otherNode.ticket(Optional.of("laptop")).encode(); // show as text or QR code
    PeerEntry paired = manager.addPeer(PeerTicket.parse(ticket), "My laptop");
    out.println("ticket " + ticket + " added " + paired.label().orElse("?"));

    time.advance(Duration.ofSeconds(2));

    // 6. Exchange application messages.
    home.onMessage(message -> out.println("home received on channel " + message.channel() + ": "
        + new String(message.payload(), StandardCharsets.UTF_8)));
    manager.connection(homePeer.id())
        .ifPresent(c -> c.send(1, "hello".getBytes(StandardCharsets.UTF_8)));
    time.advance(Duration.ofSeconds(1));

    for (PeerStatus status : manager.peerStates()) {
      out.println("status: " + status.peer().label().orElse(status.peer().address().toString())
          + " " + status.state());
    }
    states.close();
    events.close();
    manager.close();
    home.close();
    otherNode.close();
  }

  private static PeerManager node(InMemoryNetwork network, VirtualTime time,
      PeerManagerConfig config, String address) {
    PeerManager node = PeerManager.builder()
        .config(config)
        .transport(network.transport(PeerAddress.parse(address)))
        .clock(time)
        .scheduler(time)
        .build();
    node.start();
    return node;
  }
}
