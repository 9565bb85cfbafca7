package dev.peerage.examples;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A host transport written against the {@link Transport} SPI, the code of
 * {@code docs/custom-transport.md}. {@link AuditedTransport} wraps another transport (here the
 * in-memory one; in a host, the one it already has) and reports every start, dial, inbound
 * connection, close and failure, which is what a host would do to feed its own audit log or metrics.
 * A wrapper keeps the example short while still touching every rule of the contract: where
 * connections come from, what a failed dial reports, who closes, and what {@code close()} releases.
 */
public final class CustomTransportExample {
  private CustomTransportExample() {}

  /**
   * Runs the example, printing what the transport sees.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    VirtualTime time = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();
    PeerAddress hereAddress = PeerAddress.parse("30.1.0.1:9000");
    PeerAddress thereAddress = PeerAddress.parse("30.2.0.1:9000");
    PeerAddress nobodyAddress = PeerAddress.parse("30.3.0.1:9000");
    PeerManagerConfig config = PeerManagerConfig.builder(NetworkId.MAIN).build();

    // The manager only ever sees the Transport interface: plug any implementation in here.
    Transport transport = new AuditedTransport(network.transport(hereAddress),
        line -> out.println("[here] " + line));
    PeerManager here = PeerManager.builder()
        .config(config)
        .transport(transport)
        .clock(time)
        .scheduler(time)
        .build();

    Transport remoteTransport = new AuditedTransport(network.transport(thereAddress),
        line -> out.println("[there] " + line));
    PeerManager there = PeerManager.builder()
        .config(config)
        .transport(remoteTransport)
        .clock(time)
        .scheduler(time)
        .build();

    here.start();
    there.start();
    time.advance(Duration.ofSeconds(1));

    PeerEntry peer = here.addPeer(here.newPeer(NetworkId.MAIN, thereAddress).build());
    here.addPeer(here.newPeer(NetworkId.MAIN, nobodyAddress).label("nobody").build());
    time.advance(Duration.ofSeconds(2));
    out.println("connected to there: " + here.peerState(peer.id()).orElseThrow().isConnected());

    // The manager decides who stays: disconnecting closes the connection through the transport.
    here.disconnect(peer.id());
    time.advance(Duration.ofSeconds(1));

    here.close();
    there.close();
    time.advance(Duration.ofSeconds(1));
  }

  /**
   * A {@link Transport} that delegates to another one and reports what happens. Thread-safe when the
   * delegate is, as the contract requires: it keeps no state of its own besides the final fields.
   */
  public static final class AuditedTransport implements Transport {
    private final Transport delegate;
    private final Consumer<String> audit;

    /**
     * Wraps a transport.
     *
     * @param delegate the transport that carries the bytes
     * @param audit receives one line per event; called on the transport's threads, so it must not block
     */
    public AuditedTransport(Transport delegate, Consumer<String> audit) {
      this.delegate = delegate;
      this.audit = audit;
    }

    @Override
    public CompletionStage<Void> start(TransportContext context) {
      // Inbound connections arrive through the context, already handshaken. Pass them on unactivated:
      // the manager calls activate() (or closes them) itself.
      TransportContext audited = new TransportContext(context.identity(), context.network(),
          connection -> {
            audit.accept("inbound from " + connection.remoteAddress());
            watchClose(connection);
            context.inbound().accept(connection);
          });
      return delegate.start(audited)
          .whenComplete((done, error) -> audit.accept(
              error == null ? "started" : "failed to start: " + error.getMessage()));
    }

    @Override
    public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
      audit.accept("dial " + address);
      // A failed dial completes with a DialException whose failure says why, and leaves nothing open.
      return delegate.dial(address, timeout).whenComplete((connection, error) -> {
        if (error == null) {
          audit.accept("dialed " + address + ", node " + connection.remoteNodeId().shortString());
          watchClose(connection);
        } else {
          audit.accept("dial " + address + " failed: " + failureOf(error));
        }
      });
    }

    @Override
    public Optional<PeerAddress> listenAddress() {
      return delegate.listenAddress();
    }

    @Override
    public CompletionStage<Void> close() {
      // Closes what the delegate created, every connection with SHUTTING_DOWN; nothing lent by the host.
      return delegate.close().whenComplete((done, error) -> audit.accept("closed"));
    }

    private void watchClose(Connection connection) {
      // closed() completes exactly once, whoever closed, with the reason.
      connection.closed().thenAccept(reason ->
          audit.accept("connection to " + connection.remoteAddress() + " closed: " + reason.code()
              + (reason.remote() ? " by the remote" : " locally")));
    }

    private static String failureOf(Throwable error) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      return cause instanceof DialException dial ? dial.failure().toString() : cause.toString();
    }
  }
}
