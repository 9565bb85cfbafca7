package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.TransportContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Transports on 127.0.0.1 for tests, each started with its own identity and an inbound queue, all
 * closed (and the close awaited) by {@link #close()}.
 */
final class TestNodes implements AutoCloseable {
  static final NetworkId NETWORK = NetworkId.of("peerage-test");
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration DIAL = Duration.ofSeconds(5);

  private final List<NettyTransport> transports = new ArrayList<>();
  private int seed;

  /** A builder listening on an ephemeral loopback port with one I/O thread. */
  static NettyTransport.Builder listening() {
    return NettyTransport.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .ioThreads(1)
        .nativeTransport(false);
  }

  Node start(NettyTransport.Builder builder) {
    return start(builder, NodeIdentity.fromSeed(++seed), NETWORK);
  }

  Node start(NettyTransport.Builder builder, NodeIdentity identity, NetworkId network) {
    NettyTransport transport = builder.build();
    transports.add(transport);
    Node node = new Node(transport, identity);
    await(transport.start(new TransportContext(identity, network, node.inbound::add)));
    return node;
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete within " + WAIT + ": " + e, e);
    }
  }

  static Throwable failureOf(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    try {
      future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("did not complete within " + WAIT + ": " + e, e);
    }
    throw new AssertionError("completed normally, expected a failure");
  }

  @Override
  public void close() {
    for (NettyTransport transport : transports) {
      await(transport.close());
    }
  }

  /** A started transport with its identity and the inbound connections it handed over. */
  static final class Node {
    final NettyTransport transport;
    final NodeIdentity identity;
    final BlockingQueue<Connection> inbound = new LinkedBlockingQueue<>();

    Node(NettyTransport transport, NodeIdentity identity) {
      this.transport = transport;
      this.identity = identity;
    }

    PeerAddress address() {
      return transport.listenAddress().orElseThrow();
    }

    Connection dial(Node other) {
      return await(transport.dial(other.address(), DIAL));
    }

    Connection nextInbound() {
      try {
        Connection connection = inbound.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(connection).as("an inbound connection within " + WAIT).isNotNull();
        return connection;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
