package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.NettyConnection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real io_uring group lent to the transport, over TCP on 127.0.0.1. Needs the io_uring classes
 * and native library of one version (the build's io_uring-test execution provides both) and a
 * kernel that allows io_uring; anywhere else it is skipped, with Netty's reason.
 */
class IoUringTransportTest {
  private final TestNodes nodes = new TestNodes();
  private EventLoopGroup host;

  @BeforeEach
  void ioUringWorksHere() {
    assumeTrue(IoUring.isAvailable(), () -> "io_uring is not available here: "
        + IoUring.unavailabilityCause());
    host = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
  }

  @AfterEach
  void closeAll() throws InterruptedException {
    nodes.close();
    if (host != null) {
      host.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void aLentIoUringGroupCarriesConnectionsOnIoUringChannelsAndIsNotShutDown() {
    TestNodes.Node a = nodes.start(TestNodes.listening().eventLoopGroup(host));
    TestNodes.Node b = nodes.start(TestNodes.listening().eventLoopGroup(host));

    Connection out = a.dial(b);
    Connection in = b.nextInbound();
    RecordingHandler outHandler = new RecordingHandler();
    RecordingHandler inHandler = new RecordingHandler();
    out.activate(outHandler);
    in.activate(inHandler);
    TestNodes.await(out.send(3, "over io_uring".getBytes()));
    TestNodes.await(in.send(4, "and back".getBytes()));

    assertThat(new String(inHandler.nextMessage().payload())).isEqualTo("over io_uring");
    assertThat(new String(outHandler.nextMessage().payload())).isEqualTo("and back");
    assertThat(((NettyConnection) out).channel()).isInstanceOf(IoUringSocketChannel.class);
    assertThat(((NettyConnection) in).channel()).isInstanceOf(IoUringSocketChannel.class);
    assertThat(a.transport.usesNativeTransport()).isTrue();
    assertThat(a.transport.toString()).contains("io_uring");

    TestNodes.await(a.transport.close());
    assertThat(TestNodes.await(out.closed()).code())
        .isEqualTo(DisconnectReason.Code.SHUTTING_DOWN);
    assertThat(host.isShuttingDown()).isFalse();
  }

  @Test
  void anIoUringNodeAndANioNodeTalk() {
    TestNodes.Node uring = nodes.start(TestNodes.listening().eventLoopGroup(host));
    TestNodes.Node nio = nodes.start(TestNodes.listening());

    Connection out = nio.dial(uring);
    Connection in = uring.nextInbound();
    RecordingHandler received = new RecordingHandler();
    in.activate(received);
    out.activate(new RecordingHandler());
    TestNodes.await(out.send(1, new byte[] {42}));

    assertThat(received.nextMessage().payload()).containsExactly(42);
    assertThat(((NettyConnection) out).channel()).isInstanceOf(NioSocketChannel.class);
    assertThat(((NettyConnection) in).channel()).isInstanceOf(IoUringSocketChannel.class);
  }
}
