package dev.peerage.examples;

import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reacting to what the peer manager reports: state changes (with the next retry time while a peer is
 * backing off), bans, failed saves, and turning a {@link PeerStats} snapshot into gauges and counters the
 * way a metrics bridge (Micrometer, Prometheus, OpenTelemetry) would. Runs on the in-memory transport and
 * virtual time, so an hour of retries takes no time.
 */
public final class PeerEventsExample {
  private PeerEventsExample() {}

  /**
   * Runs the example, printing the events and the metrics.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    VirtualTime time = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();
    PeerAddress flaky = PeerAddress.parse("30.2.0.1:9000");

    PeerManager manager = PeerManager.builder()
        .config(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .transport(network.transport(PeerAddress.parse("30.1.0.1:9000")))
        .store(new UnwritableStore())
        .clock(time)
        .scheduler(time)
        // Listeners run on this executor; a direct one keeps the output in order for the example.
        // Leave it out in production: the default never runs listeners on the manager's own threads.
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .build();

    // One listener sees every event; switch on the sealed type.
    Subscription events = manager.addListener(event -> {
      if (event instanceof PeerEvent.StateChanged changed) {
        out.println("state " + changed.previous() + " -> " + changed.status().state()
            + changed.status().nextAttempt().map(at -> ", retry at " + at).orElse("")
            + changed.status().lastError().map(error -> " (" + error + ")").orElse(""));
      } else if (event instanceof PeerEvent.PeerBanned banned) {
        out.println("banned " + banned.ban().target() + " until " + banned.ban().until().map(Instant::toString).orElse("forever")
            + ": " + banned.ban().reason());
      } else if (event instanceof PeerEvent.StoreFailed failed) {
        // The previous save is intact and the manager retries; a host would raise an alert here.
        out.println("store failed: " + failed.message());
      }
    });

    manager.start();
    // Nothing listens at the flaky peer's address yet: every dial is refused and the peer backs off.
    PeerEntry peer = manager.addPeer(manager.newPeer(NetworkId.MAIN, flaky).label("flaky").build());
    time.advance(Duration.ofMinutes(1));

    manager.ban(Subnet.parse("30.66.0.0/16"), Duration.ofHours(1), "sent garbage");

    // The peer comes up: the next retry would connect; connectNow skips the wait.
    PeerManager remote = PeerManager.builder()
        .config(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .transport(network.transport(flaky))
        .clock(time)
        .scheduler(time)
        .build();
    remote.start();
    manager.connectNow(peer.id());
    time.advance(Duration.ofSeconds(5));
    out.println("flaky is " + manager.peerState(peer.id()).map(s -> s.state()).orElseThrow());

    printMetrics(manager.stats(), out);
    events.close();
    manager.close();
    remote.close();
  }

  /**
   * Prints a statistics snapshot as metrics, one {@code name{tags} value} line each. A Micrometer bridge
   * would register a gauge per line that reads the latest snapshot (taken once per scrape, not once per
   * gauge), and function counters for the monotonic totals.
   */
  static void printMetrics(PeerStats stats, PrintStream out) {
    Map<String, Number> metrics = new TreeMap<>();
    for (PeerState state : PeerState.values()) {
      metrics.put("peerage.managed{state=" + state + "}",
          stats.managedByState().getOrDefault(state, 0));
    }
    metrics.put("peerage.connections{direction=inbound}", stats.inbound());
    metrics.put("peerage.connections{direction=outbound}", stats.outbound());
    metrics.put("peerage.addresses{table=new}", stats.newAddresses());
    metrics.put("peerage.addresses{table=tried}", stats.triedAddresses());
    metrics.put("peerage.bans", stats.bans());
    // Counters: totals since start; a backend derives rates from them.
    stats.dialsByOutcome().forEach((outcome, count) ->
        metrics.put("peerage.dials.total{outcome=" + outcome + "}", count));
    stats.disconnectsByReason().forEach((reason, count) ->
        metrics.put("peerage.disconnects.total{reason=" + reason + "}", count));
    metrics.put("peerage.bytes.in.total", stats.bytesIn());
    metrics.put("peerage.bytes.out.total", stats.bytesOut());
    metrics.forEach((name, value) -> out.println(name + " " + value));
  }

  /** A store whose disk is full: loads nothing and fails every save. Thread-safe (stateless). */
  private static final class UnwritableStore implements PeerStore {
    @Override
    public PeerSnapshot load() {
      return PeerSnapshot.empty();
    }

    @Override
    public void save(PeerSnapshot snapshot) throws PeerStoreException {
      throw new PeerStoreException("no space left on device");
    }

    @Override
    public void close() {}
  }
}
