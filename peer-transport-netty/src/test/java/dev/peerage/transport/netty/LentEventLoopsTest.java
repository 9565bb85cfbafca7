package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.internal.EventLoops;
import dev.peerage.transport.netty.internal.NettyConnection;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which channels a lent event loop group gets, and what a transport does with a group it cannot
 * use. The io_uring and kqueue cases run on their classes alone (a group that claims the I/O type),
 * since neither native library is needed to choose the channel classes; the real io_uring group is
 * in {@link IoUringTransportTest}.
 */
class LentEventLoopsTest {
  private final TestNodes nodes = new TestNodes();
  private final List<EventLoopGroup> groups = new ArrayList<>();

  @AfterEach
  void closeAll() throws InterruptedException {
    nodes.close();
    for (EventLoopGroup group : groups) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  private <G extends EventLoopGroup> G own(G group) {
    groups.add(group);
    return group;
  }

  @Test
  void aLentNioGroupCarriesConnectionsOverTcpOnNioChannels() {
    EventLoopGroup host = own(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()));
    TestNodes.Node a = nodes.start(TestNodes.listening().eventLoopGroup(host));
    TestNodes.Node b = nodes.start(TestNodes.listening().eventLoopGroup(host));

    Connection out = a.dial(b);
    Connection in = b.nextInbound();
    RecordingHandler received = new RecordingHandler();
    in.activate(received);
    out.activate(new RecordingHandler());
    TestNodes.await(out.send(7, new byte[] {1, 2, 3}));

    assertThat(received.nextMessage().payload()).containsExactly(1, 2, 3);
    assertThat(((NettyConnection) out).channel()).isInstanceOf(NioSocketChannel.class);
    assertThat(((NettyConnection) out).channel().eventLoop().parent()).isSameAs(host);
    assertThat(a.transport.usesNativeTransport()).isFalse();
  }

  @Test
  void aLentGroupOfAnotherIoTypeFailsStartNamingTheGroupAndTheSupportedKinds() {
    EventLoopGroup local = own(new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory()));

    Throwable failure = startFailure(TestNodes.listening().eventLoopGroup(local));

    assertUnsupported(failure, MultiThreadIoEventLoopGroup.class);
    assertThat(failure).hasMessage("cannot run on the lent event loop group "
        + "io.netty.channel.MultiThreadIoEventLoopGroup: its IoHandler is of another type; the "
        + "transport supports groups of NIO (NioIoHandler), epoll (EpollIoHandler), io_uring "
        + "(IoUringIoHandler), kqueue (KQueueIoHandler)");
    assertThat(local.isShuttingDown()).isFalse();
  }

  @Test
  void aDialOnlyTransportRefusesTheGroupAtStartAndNotAtItsFirstDial() {
    EventLoopGroup local = own(new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory()));

    Throwable failure = startFailure(NettyTransport.builder().eventLoopGroup(local));

    assertUnsupported(failure, MultiThreadIoEventLoopGroup.class);
  }

  @Test
  void aManagerOnAnUnsupportedGroupFailsItsStartWithTheTransportsMessage() {
    EventLoopGroup local = own(new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory()));
    PeerManager manager = PeerManager.builder()
        .config(ManagedNodes.config(8))
        .transport(TestNodes.listening().eventLoopGroup(local).build())
        .build();
    try {
      // Refused at once, but reported like any transport failure: through start()'s stage.
      assertThatThrownBy(() -> manager.start().toCompletableFuture().join())
          .isInstanceOf(java.util.concurrent.CompletionException.class)
          .cause().isInstanceOf(PeerManagerException.class)
          .hasMessageContaining(MultiThreadIoEventLoopGroup.class.getName())
          .hasMessageContaining("io_uring (IoUringIoHandler)");
      assertThat(manager.isRunning()).isFalse();
    } finally {
      manager.close();
    }
    assertThat(local.isShuttingDown()).isFalse();
  }

  @Test
  void aLegacyGroupWithoutAnIoTypeFailsStartNamingItsClass() {
    EventLoopGroup legacy = own(new DefaultEventLoopGroup(1));

    Throwable failure = startFailure(TestNodes.listening().eventLoopGroup(legacy));

    assertUnsupported(failure, DefaultEventLoopGroup.class);
  }

  @Test
  void anIoUringGroupGetsIoUringChannels() {
    EventLoops loops = EventLoops.lent(own(new ClaimedIoTypeGroup(IoUringIoHandler.class)));

    assertThat(loops.serverChannel()).isEqualTo(IoUringServerSocketChannel.class);
    assertThat(loops.socketChannel()).isEqualTo(IoUringSocketChannel.class);
    assertThat(loops.owned()).isFalse();
  }

  @Test
  void aKqueueGroupGetsKqueueChannels() {
    EventLoops loops = EventLoops.lent(own(new ClaimedIoTypeGroup(KQueueIoHandler.class)));

    assertThat(loops.serverChannel()).isEqualTo(KQueueServerSocketChannel.class);
    assertThat(loops.socketChannel()).isEqualTo(KQueueSocketChannel.class);
    assertThat(loops.owned()).isFalse();
  }

  @Test
  void anEpollGroupGetsEpollChannelsAndANioGroupNioChannels() {
    EventLoops epoll = EventLoops.lent(own(new ClaimedIoTypeGroup(EpollIoHandler.class)));
    EventLoops nio = EventLoops.lent(own(new ClaimedIoTypeGroup(NioIoHandler.class)));

    assertThat(epoll.serverChannel()).isEqualTo(EpollServerSocketChannel.class);
    assertThat(epoll.socketChannel()).isEqualTo(EpollSocketChannel.class);
    assertThat(nio.serverChannel()).isEqualTo(NioServerSocketChannel.class);
    assertThat(nio.socketChannel()).isEqualTo(NioSocketChannel.class);
  }

  @Test
  void anOwnedGroupIsEpollOrNioNeverIoUring() {
    EventLoops loops = EventLoops.create(1, true);
    groups.add(loops.group());

    assertThat(loops.owned()).isTrue();
    assertThat(loops.socketChannel()).isEqualTo(EventLoops.epollAvailable()
        ? EpollSocketChannel.class : NioSocketChannel.class);
  }

  private Throwable startFailure(NettyTransport.Builder builder) {
    NettyTransport transport = builder.build();
    Throwable failure = TestNodes.failureOf(transport.start(new TransportContext(
        NodeIdentity.fromSeed(1), TestNodes.NETWORK, connection -> { })));
    assertThat(transport.listenAddress()).isEmpty();
    TestNodes.await(transport.close());
    return failure;
  }

  private static void assertUnsupported(Throwable failure, Class<?> groupClass) {
    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(groupClass.getName())
        .hasMessageContaining("NIO")
        .hasMessageContaining("epoll")
        .hasMessageContaining("io_uring")
        .hasMessageContaining("kqueue");
  }

  /**
   * A NIO group that answers {@link #isIoType} for one other handler class only: what a group of
   * that I/O type says, without its native library. Its loops run NIO, so it is never used for I/O.
   */
  private static final class ClaimedIoTypeGroup extends MultiThreadIoEventLoopGroup {
    private final Class<? extends IoHandler> claimed;

    ClaimedIoTypeGroup(Class<? extends IoHandler> claimed) {
      super(1, NioIoHandler.newFactory());
      this.claimed = claimed;
    }

    @Override
    public boolean isIoType(Class<? extends IoHandler> type) {
      return type == claimed;
    }
  }
}
