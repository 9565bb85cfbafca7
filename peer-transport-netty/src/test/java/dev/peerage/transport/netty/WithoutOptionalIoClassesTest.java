package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.TransportContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host without the optional io_uring and kqueue classes: the build's
 * without-optional-io-classes execution runs this class with both jars left off the class path,
 * and sets the system property that tells it so.
 * The probes for those kinds must answer "no", not throw {@link NoClassDefFoundError}.
 */
class WithoutOptionalIoClassesTest {
  private static final String WITHOUT_OPTIONAL = "peerage.test.withoutOptionalIoClasses";

  private final TestNodes nodes = new TestNodes();

  @BeforeEach
  void theOptionalClassesAreAbsent() {
    // Run elsewhere (a -Dtest filter also runs it in the default execution), it is skipped.
    assumeTrue(Boolean.getBoolean(WITHOUT_OPTIONAL), "not in the without-optional-io-classes run");
    for (String name : new String[] {"io.netty.channel.uring.IoUringIoHandler",
        "io.netty.channel.kqueue.KQueueIoHandler"}) {
      assertThatThrownBy(() -> Class.forName(name)).as(name + " on the class path")
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  @Test
  void anUnsupportedGroupStillFailsStartWithTheMessageNotAMissingClass() throws Exception {
    EventLoopGroup local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    try {
      NettyTransport transport = TestNodes.listening().eventLoopGroup(local).build();
      Throwable failure = TestNodes.failureOf(transport.start(new TransportContext(
          NodeIdentity.fromSeed(1), TestNodes.NETWORK, connection -> { })));
      TestNodes.await(transport.close());

      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(MultiThreadIoEventLoopGroup.class.getName())
          .hasMessageContaining("io_uring (IoUringIoHandler), kqueue (KQueueIoHandler)");
    } finally {
      local.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void lentNioAndOwnedGroupsWork() throws Exception {
    EventLoopGroup host = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      TestNodes.Node lent = nodes.start(TestNodes.listening().eventLoopGroup(host));
      TestNodes.Node owned = nodes.start(TestNodes.listening().nativeTransport(true));

      Connection out = owned.dial(lent);
      Connection in = lent.nextInbound();
      RecordingHandler received = new RecordingHandler();
      in.activate(received);
      out.activate(new RecordingHandler());
      TestNodes.await(out.send(2, new byte[] {9}));

      assertThat(received.nextMessage().payload()).containsExactly(9);
      nodes.close();
    } finally {
      host.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }
}
