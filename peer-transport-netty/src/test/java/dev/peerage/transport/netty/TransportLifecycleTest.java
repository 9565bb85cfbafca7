package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportLifecycleTest {
  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  @Test
  void aHostsEventLoopGroupIsUsedAndNeverShutDown() throws Exception {
    EventLoopGroup host = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      TestNodes.Node a = nodes.start(TestNodes.listening().eventLoopGroup(host));
      TestNodes.Node b = nodes.start(TestNodes.listening().eventLoopGroup(host));
      Connection out = a.dial(b);
      assertThat(((dev.peerage.transport.netty.internal.NettyConnection) out).channel()
          .eventLoop().parent()).isSameAs(host);

      TestNodes.await(a.transport.close());
      TestNodes.await(b.transport.close());

      assertThat(host.isShuttingDown()).isFalse();
      assertThat(a.transport.openChannelCount()).isZero();
      assertThat(TestNodes.await(out.closed()).code())
          .isEqualTo(DisconnectReason.Code.SHUTTING_DOWN);
    } finally {
      host.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void closeTellsEveryPeerAndIsIdempotent() {
    TestNodes.Node a = nodes.start(TestNodes.listening());
    TestNodes.Node b = nodes.start(TestNodes.listening());
    Connection out = a.dial(b);
    RecordingHandler remote = new RecordingHandler();
    b.nextInbound().activate(remote);
    out.activate(new RecordingHandler());

    var first = a.transport.close();
    assertThat(a.transport.close()).isSameAs(first);
    TestNodes.await(first);

    assertThat(remote.awaitClosed()).isEqualTo(DisconnectReason.remote(
        DisconnectReason.Code.SHUTTING_DOWN, "the node is shutting down"));
    assertThat(a.transport.listenAddress()).isEmpty();
    assertThat(a.transport.connectionCount()).isZero();
  }

  @Test
  void theCustomizerSeesEveryPipelineWithPeeragesHandlersInOrder() {
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    TestNodes.Node a = nodes.start(TestNodes.listening().pipelineCustomizer(pipeline -> {
      seen.add(pipeline.names());
      pipeline.addAfter(NettyTransport.TRAFFIC_COUNTER, "host-handler",
          new ChannelInboundHandlerAdapter());
    }));
    TestNodes.Node b = nodes.start(TestNodes.listening());
    Connection out = a.dial(b);

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsSubsequence(NettyTransport.TRAFFIC_COUNTER,
        NettyTransport.FRAME_DECODER, NettyTransport.FRAME_ENCODER,
        NettyTransport.MESSAGE_DECODER, NettyTransport.HANDSHAKE);
    out.activate(new RecordingHandler());
    // Activation rearranges the pipeline on the event loop: read it there, after that work.
    io.netty.channel.Channel channel =
        ((dev.peerage.transport.netty.internal.NettyConnection) out).channel();
    List<String> after;
    try {
      after = channel.eventLoop().submit(() -> channel.pipeline().names()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not read the pipeline on its event loop", e);
    }
    assertThat(after).containsSubsequence(NettyTransport.TRAFFIC_COUNTER, "host-handler",
        NettyTransport.MESSAGE_DECODER, NettyTransport.KEEP_ALIVE, NettyTransport.DISPATCHER)
        .doesNotContain(NettyTransport.HANDSHAKE);
  }

  @Test
  void nativeTransportCanBeTurnedOffAndIsUsedOnlyWhereAvailable() {
    TestNodes.Node nio = nodes.start(TestNodes.listening().nativeTransport(false));
    assertThat(nio.transport.usesNativeTransport()).isFalse();
    TestNodes.Node preferred = nodes.start(TestNodes.listening().nativeTransport(true));
    assertThat(preferred.transport.usesNativeTransport())
        .isEqualTo(NettyTransport.nativeTransportAvailable());
  }

  @Test
  void aTakenPortFailsTheStartAndReleasesTheLoops() {
    TestNodes.Node first = nodes.start(TestNodes.listening());
    PeerAddress taken = first.address();
    NettyTransport second = NettyTransport.builder().listen(taken).ioThreads(1).build();
    Throwable failure = TestNodes.failureOf(second.start(new dev.peerage.core.spi.TransportContext(
        dev.peerage.core.address.NodeIdentity.fromSeed(3), TestNodes.NETWORK, c -> { })));
    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(String.valueOf(taken.port()));
    TestNodes.await(second.close());
  }

  @Test
  void everySettingIsCheckedAndTheMessageNamesTheValue() {
    NettyTransport.Builder builder = NettyTransport.builder();
    assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO))
        .hasMessageContaining("connectTimeout").hasMessageContaining("PT0S");
    assertThatThrownBy(() -> builder.handshakeTimeout(Duration.ofHours(1)))
        .hasMessageContaining("handshakeTimeout").hasMessageContaining("PT1H");
    assertThatThrownBy(() -> builder.pingInterval(Duration.ofSeconds(-1)))
        .hasMessageContaining("pingInterval");
    assertThatThrownBy(() -> builder.pongTimeout(null)).hasMessageContaining("pongTimeout");
    assertThatThrownBy(() -> builder.maxFrameSize(100))
        .hasMessageContaining("maxFrameSize").hasMessageContaining("100");
    assertThatThrownBy(() -> builder.maxAddressesPerMessage(70_000))
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> builder.addressRequestLimit(0, Duration.ofMinutes(1)))
        .hasMessageContaining("addressRequestLimit");
    assertThatThrownBy(() -> builder.maxPendingHandshakes(0))
        .hasMessageContaining("maxPendingHandshakes");
    assertThatThrownBy(() -> builder.ioThreads(0)).hasMessageContaining("ioThreads");
    assertThatThrownBy(() -> builder.writeBufferHighWaterMark(10))
        .hasMessageContaining("writeBufferHighWaterMark");
    assertThatThrownBy(() -> builder.listen(PeerAddress.parse("node.example.org:1")))
        .hasMessageContaining("node.example.org");
    assertThatThrownBy(() -> builder.listen(InetSocketAddress.createUnresolved("x", 1)))
        .hasMessageContaining("unresolved");
  }

  @Test
  void theLeakCheckCatchesALeakedBuffer() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(16);
    leaked.touch(LeakCheckExtension.EXPECTED_LEAK_HINT);
    leaked = null;
    List<String> reports = List.of();
    for (int attempt = 0; attempt < 20 && reports.isEmpty(); attempt++) {
      LeakCheckExtension.collect();
      reports = LeakCheckExtension.takeExpected();
    }
    assertThat(leaked).isNull();
    assertThat(reports).isNotEmpty();
    assertThat(reports.get(0)).contains("LEAK").contains(LeakCheckExtension.EXPECTED_LEAK_HINT);
  }

  @Test
  void theAddressRequestLimitAndTheManagersExchangeIntervalAreOneSetting() {
    NettyTransport defaults = NettyTransport.builder().build();
    assertThat(defaults.minAddressRequestInterval()).contains(Duration.ofMinutes(1));
    // 30 s between exchanges against a transport that answers one request a minute: peers would
    // punish each other within ten minutes, so the manager does not build.
    PeerManagerConfig eager = PeerManagerConfig.builder(NetworkId.MAIN)
        .exchange(1_000, Duration.ofSeconds(30), 0.1, 1_000).build();
    assertThatThrownBy(() -> PeerManager.builder().config(eager).transport(defaults).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exchangeInterval must be at least PT1M").hasMessageContaining("PT30S");
    NettyTransport generous = NettyTransport.builder()
        .addressRequestLimit(20, Duration.ofMinutes(10)).build();
    assertThat(generous.minAddressRequestInterval()).contains(Duration.ofSeconds(30));
    PeerManager manager = PeerManager.builder().config(eager).transport(generous).build();
    manager.close();
    TestNodes.await(defaults.close());
    TestNodes.await(generous.close());
  }
}
