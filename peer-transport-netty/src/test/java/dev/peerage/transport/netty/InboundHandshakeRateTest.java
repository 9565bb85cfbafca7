package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node-wide rate of inbound handshakes, over real TCP on 127.0.0.1 in virtual time: the
 * listener's event loops read a ticker the test advances, so the bucket refills only when the test
 * says. A connection the bucket admits gets the listener's HELLO; one it refuses is closed before
 * any byte is written, and an established connection goes on exchanging messages.
 */
class InboundHandshakeRateTest {
  private static final int PER_SECOND = 4;

  private final MockTicker ticker = Ticker.newMockTicker();
  private final TestNodes nodes = new TestNodes();
  private final List<Socket> sockets = new ArrayList<>();
  private MultiThreadIoEventLoopGroup group;
  private NettyTransport server;

  /** Event loops whose scheduled tasks and ticker-read times follow {@link #ticker}. */
  private final class VirtualTimeGroup extends MultiThreadIoEventLoopGroup {
    VirtualTimeGroup() {
      super(1, (Executor) null, NioIoHandler.newFactory());
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory factory, Object... args) {
      return new SingleThreadIoEventLoop((IoEventLoopGroup) this, executor, factory) {
        @Override
        public Ticker ticker() {
          return ticker;
        }
      };
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      // Close lingers for the remotes' end of stream on a timer of the virtual clock: let it pass.
      CompletableFuture<Void> closing = server.close().toCompletableFuture();
      ticker.advance(1, TimeUnit.MINUTES);
      group.next().execute(() -> { }); // wakes the loop, which then runs what is due
      TestNodes.await(closing);
    }
    nodes.close();
    if (group != null) {
      // The loops end once their shutdown timeout has passed on the virtual clock; each check
      // of the future lets the loop record its shutdown start before the clock moves again.
      io.netty.util.concurrent.Future<?> ended = group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      for (int i = 0; i < 1_000 && !ended.await(10, TimeUnit.MILLISECONDS); i++) {
        ticker.advance(1, TimeUnit.SECONDS);
      }
      assertThat(ended.isDone()).as("the virtual-time loops ended").isTrue();
    }
  }

  /**
   * Connects a plain socket and reads its first byte: a HELLO's first length byte if the listener
   * started a handshake, end of stream (or a reset) if it refused the connection at accept.
   */
  private boolean admitted(PeerAddress address) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.connect(new InetSocketAddress(address.toInetAddress(), address.port()), 10_000);
    socket.setSoTimeout((int) TestNodes.WAIT.toMillis());
    InputStream in = socket.getInputStream();
    try {
      return in.read() >= 0;
    } catch (SocketException reset) {
      return false;
    }
  }

  private List<Boolean> admittedOf(PeerAddress address, int dials) throws IOException {
    List<Boolean> results = new ArrayList<>();
    for (int i = 0; i < dials; i++) {
      results.add(admitted(address));
    }
    return results;
  }

  @Test
  void connectionsBeyondThePendingHandshakesAreCountedAsRefusedAtAccept() throws Exception {
    TestNodes.Node server = nodes.start(TestNodes.listening().maxPendingHandshakes(1));
    assertThat(server.transport.inboundRefusedAtAccept()).isZero();
    // The first socket reads the listener's HELLO and never answers: its handshake stays pending.
    assertThat(admitted(server.address())).isTrue();
    assertThat(admittedOf(server.address(), 2)).containsExactly(false, false);
    assertThat(server.transport.inboundRefusedAtAccept()).isEqualTo(2);
  }

  @Test
  void aStormBeyondTheRateIsRefusedAtAcceptAndTheBucketRefillsWithTime() throws Exception {
    group = new VirtualTimeGroup();
    TestNodes.Node server = nodes.start(TestNodes.listening().eventLoopGroup(group)
        .maxPendingHandshakes(1_000).maxInboundHandshakesPerSecond(PER_SECOND));
    this.server = server.transport;
    TestNodes.Node peer = nodes.start(TestNodes.listening());

    // The established peer takes one handshake from the bucket.
    Connection established = peer.dial(server);
    RecordingHandler atServer = new RecordingHandler();
    server.nextInbound().activate(atServer);

    // A full bucket holds PER_SECOND handshakes; in frozen time, the rest are refused at accept.
    assertThat(admittedOf(server.address(), PER_SECOND + 2))
        .containsExactly(true, true, true, false, false, false);
    assertThat(this.server.inboundRefusedAtAccept()).isEqualTo(3);
    TestNodes.await(established.send(2, new byte[] {42}));
    assertThat(atServer.nextMessage().payload()).containsExactly(42);

    // A quarter of a second refills one handshake, no more.
    ticker.advance(1_000 / PER_SECOND, TimeUnit.MILLISECONDS);
    assertThat(admittedOf(server.address(), 2)).containsExactly(true, false);

    // A long quiet time refills the bucket to its size, not beyond.
    ticker.advance(1, TimeUnit.MINUTES);
    assertThat(admittedOf(server.address(), PER_SECOND + 1))
        .containsExactly(true, true, true, true, false);
    assertThat(this.server.inboundRefusedAtAccept()).as("3 + 1 + 1 refused").isEqualTo(5);
    TestNodes.await(established.send(2, new byte[] {43}));
    assertThat(atServer.nextMessage().payload()).containsExactly(43);
  }

  @Test
  void theRateMustBeWithinItsBounds() {
    assertThatThrownBy(() -> NettyTransport.builder().maxInboundHandshakesPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInboundHandshakesPerSecond must be within 1-1000000, was 0");
    assertThatThrownBy(() -> NettyTransport.builder().maxInboundHandshakesPerSecond(1_000_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 1000001");
  }
}
