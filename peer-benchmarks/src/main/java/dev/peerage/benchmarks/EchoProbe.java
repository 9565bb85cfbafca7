package dev.peerage.benchmarks;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.NettyTransport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The established peer of the harnesses that attack a node in a child JVM: one authenticated
 * connection, on an event loop of its own, to a node that echoes every message, and the time each
 * echo takes. One thread pings at a time; the close reason may be read from any thread.
 */
final class EchoProbe implements AutoCloseable {
  private static final int CHANNEL = 5;

  private final NettyTransport transport;
  private final Connection connection;
  private final AtomicReference<CompletableFuture<Long>> echo = new AtomicReference<>();
  private final AtomicReference<DisconnectReason> closed = new AtomicReference<>();

  private EchoProbe(NettyTransport transport, PeerAddress node) throws Exception {
    this.transport = transport;
    this.connection = transport.dial(node, Duration.ofSeconds(10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    connection.activate(new ConnectionHandler() {
      @Override
      public void onMessage(Connection from, int channel, byte[] payload) {
        CompletableFuture<Long> waiting = echo.getAndSet(null);
        if (waiting != null) {
          waiting.complete(System.nanoTime());
        }
      }

      @Override
      public void onClosed(Connection connection, DisconnectReason reason) {
        closed.set(reason);
      }
    });
  }

  /**
   * Starts a transport as node id seed 2 and connects to {@code node}.
   *
   * @param node the echoing node, on loopback
   * @param network the node's network
   * @return the connected probe
   * @throws Exception if the transport does not start or the dial fails within 10 s
   */
  static EchoProbe connect(PeerAddress node, NetworkId network) throws Exception {
    NettyTransport transport = NettyTransport.builder().ioThreads(1).build();
    transport.start(new TransportContext(NodeIdentity.fromSeed(2), network,
        connection -> connection.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      return new EchoProbe(transport, node);
    } catch (Exception e) {
      transport.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Sends {@code ping} and waits for its echo.
   *
   * @param ping the payload
   * @param timeoutMillis how long to wait for the echo
   * @return the round trip in nanoseconds
   * @throws TimeoutException if no echo came within {@code timeoutMillis}
   * @throws Exception if the wait is interrupted or the send failed
   */
  long roundTrip(byte[] ping, long timeoutMillis) throws Exception {
    CompletableFuture<Long> answer = new CompletableFuture<>();
    echo.set(answer);
    long sent = System.nanoTime();
    connection.send(CHANNEL, ping);
    return answer.get(timeoutMillis, TimeUnit.MILLISECONDS) - sent;
  }

  /**
   * Why the connection closed.
   *
   * @return the reason, or null while it is open
   */
  DisconnectReason closedReason() {
    return closed.get();
  }

  /** Closes the transport and with it the connection. */
  @Override
  public void close() throws Exception {
    transport.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
