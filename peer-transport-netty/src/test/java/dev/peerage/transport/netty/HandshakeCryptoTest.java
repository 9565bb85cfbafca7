package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.HandshakeCrypto;
import dev.peerage.transport.netty.internal.Hello;
import dev.peerage.transport.netty.internal.WireMessage;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handshake signatures and verifications run on the transport's crypto threads, never on an event
 * loop (docs/wire-protocol.md, "Handshake", threading). The tests hold those threads with a gate
 * task to put a handshake in a known state: real TCP on 127.0.0.1, no sleeps.
 */
class HandshakeCryptoTest {
  private final TestNodes nodes = new TestNodes();
  private final BlockingQueue<HandshakeFailure> failures = new LinkedBlockingQueue<>();
  private final List<EventLoopGroup> groups = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    nodes.close();
    for (EventLoopGroup group : groups) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
  }

  /** Counts the HELLOs the handshake handler has taken in (after it took each, so its task is queued). */
  private static Consumer<ChannelPipeline> helloProbe(BlockingQueue<Object> hellos,
      List<Object> proofsWritten) {
    return pipeline -> pipeline.addBefore(NettyTransport.HANDSHAKE, "probe",
        new ChannelDuplexHandler() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean hello = msg instanceof WireMessage.HelloMessage;
            ctx.fireChannelRead(msg);
            if (hello) {
              hellos.add(ctx.channel());
            }
          }

          @Override
          public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof WireMessage.Proof) {
              proofsWritten.add(msg);
            }
            ctx.write(msg, promise);
          }
        });
  }

  /** Occupies every crypto thread of a transport until the returned latch is counted down. */
  private static CountDownLatch hold(HandshakeCrypto crypto) throws Exception {
    int threads = crypto.executor().getCorePoolSize();
    CountDownLatch release = new CountDownLatch(1);
    CyclicBarrier allHeld = new CyclicBarrier(threads + 1);
    for (int i = 0; i < threads; i++) {
      crypto.executor().execute(() -> {
        try {
          allHeld.await(10, TimeUnit.SECONDS);
          release.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
    allHeld.await(10, TimeUnit.SECONDS);
    return release;
  }

  /** Waits until every task queued on the crypto threads so far has run. */
  private static void drain(HandshakeCrypto crypto) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    crypto.executor().execute(done::countDown);
    assertThat(done.await(10, TimeUnit.SECONDS)).as("crypto queue drained").isTrue();
  }

  /** Waits until every task queued on the (single) event loop of the group so far has run. */
  private static void drain(EventLoopGroup group) throws Exception {
    group.next().submit(() -> { }).get(10, TimeUnit.SECONDS);
  }

  private EventLoopGroup oneLoop() {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    groups.add(group);
    return group;
  }

  private static <T> T take(BlockingQueue<T> queue, String what) {
    return RecordingHandler.take(queue, what);
  }

  @Test
  void anEstablishedPeerIsServedWhileAHandshakeWaitsForItsCrypto() throws Exception {
    BlockingQueue<Object> hellos = new LinkedBlockingQueue<>();
    TestNodes.Node server = nodes.start(TestNodes.listening().handshakeCryptoThreads(1)
        .pipelineCustomizer(helloProbe(hellos, new CopyOnWriteArrayList<>())));
    TestNodes.Node client = nodes.start(TestNodes.listening());
    Connection established = client.dial(server);
    server.nextInbound().activate(new ConnectionHandler() {
      @Override
      public void onMessage(Connection from, int channel, byte[] payload) {
        from.send(channel, payload);
      }
    });
    RecordingHandler echoes = new RecordingHandler();
    established.activate(echoes);
    take(hellos, "HELLO of the first connection");
    assertThat(server.transport.handshakeCrypto().executor().getCompletedTaskCount())
        .as("one signature and one verification, on the crypto thread").isEqualTo(2);

    CountDownLatch release = hold(server.transport.handshakeCrypto());
    TestNodes.Node second = nodes.start(TestNodes.listening());
    CompletionStage<Connection> waiting = second.transport.dial(server.address(), TestNodes.DIAL);
    take(hellos, "HELLO of the second connection");
    // Its signature is queued behind the gate; the event loop that runs it is free.
    established.send(3, new byte[] {1, 2, 3});
    assertThat(echoes.nextMessage().payload()).containsExactly(1, 2, 3);
    assertThat(waiting.toCompletableFuture()).isNotDone();

    release.countDown();
    assertThat(TestNodes.await(waiting).remoteNodeId()).isEqualTo(server.identity.nodeId());
  }

  @Test
  void aChannelClosedWhileItsSignatureIsComputedEndsOnceAndWritesNothing() throws Exception {
    BlockingQueue<Object> hellos = new LinkedBlockingQueue<>();
    List<Object> proofsWritten = new CopyOnWriteArrayList<>();
    EventLoopGroup loop = oneLoop();
    TestNodes.Node client = nodes.start(TestNodes.listening().eventLoopGroup(loop)
        .handshakeCryptoThreads(1).handshakeFailureListener(failures::add)
        .pipelineCustomizer(helloProbe(hellos, proofsWritten)));
    CountDownLatch release = hold(client.transport.handshakeCrypto());

    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.accept();
      raw.sendHello(new Hello(RawPeer.V1, TestNodes.NETWORK, NodeIdentity.fromSeed(77).nodeId(),
          0, RawPeer.nonce()));
      take(hellos, "the server's HELLO"); // the client's signature now waits for a crypto thread
      raw.close();

      Throwable failure = TestNodes.failureOf(dial);
      assertThat(failure).isInstanceOf(DialException.class);
      assertThat(((DialException) failure).failure()).isEqualTo(DialException.Failure.REFUSED);
      HandshakeFailure reported = take(failures, "handshake failure report");
      assertThat(reported.reason().code()).isEqualTo(DisconnectReason.Code.NETWORK_ERROR);
    }

    release.countDown();
    drain(client.transport.handshakeCrypto()); // the signature is done and its result posted
    drain(loop); // and the event loop has handled (dropped) it
    assertThat(failures).as("no second report").isEmpty();
    assertThat(proofsWritten).as("no PROOF written on the closed channel").isEmpty();
    assertThat(client.transport.openChannelCount()).isZero();
  }

  @Test
  void aHandshakeThatTimesOutWhileItsCryptoWaitsEndsOnceWithTimeout() throws Exception {
    BlockingQueue<Object> hellos = new LinkedBlockingQueue<>();
    List<Object> proofsWritten = new CopyOnWriteArrayList<>();
    EventLoopGroup loop = oneLoop();
    TestNodes.Node client = nodes.start(TestNodes.listening().eventLoopGroup(loop)
        .handshakeCryptoThreads(1).handshakeTimeout(java.time.Duration.ofMillis(300))
        .handshakeFailureListener(failures::add)
        .pipelineCustomizer(helloProbe(hellos, proofsWritten)));
    CountDownLatch release = hold(client.transport.handshakeCrypto());

    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.accept();
      NodeIdentity listener = NodeIdentity.fromSeed(78);
      raw.sendHello(new Hello(RawPeer.V1, TestNodes.NETWORK, listener.nodeId(), 0,
          RawPeer.nonce()));
      raw.readHello();
      // The listener's PROOF arrives while the client's own signature waits for the crypto thread.
      raw.sendProof(listener.sign(dev.peerage.transport.netty.internal.HandshakeTranscript
          .signedBytes(dev.peerage.core.spi.Direction.INBOUND, raw.remoteHello(), raw.ownHello())));

      Throwable failure = TestNodes.failureOf(dial);
      assertThat(((DialException) failure).failure()).isEqualTo(DialException.Failure.TIMEOUT);
      HandshakeFailure reported = take(failures, "handshake failure report");
      assertThat(reported.reason().code()).isEqualTo(DisconnectReason.Code.TIMEOUT);
      raw.close();
    }

    release.countDown();
    drain(client.transport.handshakeCrypto());
    drain(loop);
    assertThat(failures).as("no second report").isEmpty();
    assertThat(proofsWritten).as("no PROOF written after the timeout").isEmpty();
  }

  @Test
  void aFullCryptoQueueRefusesTheHandshakeWithADisconnectNamingTheLimit() throws Exception {
    BlockingQueue<Object> hellos = new LinkedBlockingQueue<>();
    BlockingQueue<HandshakeFailure> serverFailures = new LinkedBlockingQueue<>();
    TestNodes.Node server = nodes.start(TestNodes.listening()
        .handshakeFailureListener(serverFailures::add));
    TestNodes.Node client = nodes.start(TestNodes.listening().maxPendingHandshakes(1)
        .handshakeCryptoThreads(1).handshakeFailureListener(failures::add)
        .pipelineCustomizer(helloProbe(hellos, new CopyOnWriteArrayList<>())));
    CountDownLatch release = hold(client.transport.handshakeCrypto());

    CompletionStage<Connection> first = client.transport.dial(server.address(), TestNodes.DIAL);
    take(hellos, "HELLO of the first dial");
    CompletionStage<Connection> second = client.transport.dial(server.address(), TestNodes.DIAL);

    Throwable refused = TestNodes.failureOf(second);
    assertThat(refused).isInstanceOf(DialException.class);
    assertThat(((DialException) refused).failure())
        .isEqualTo(DialException.Failure.HANDSHAKE_FAILED);
    assertThat(refused).hasMessageContaining("handshake crypto queue is full")
        .hasMessageContaining("maxPendingHandshakes 1");
    HandshakeFailure told = take(serverFailures, "the server's report of the DISCONNECT");
    assertThat(told.reason().code()).isEqualTo(DisconnectReason.Code.OTHER);
    assertThat(told.reason().detail()).contains("maxPendingHandshakes 1");
    assertThat(told.misbehaviour()).isEmpty();

    release.countDown();
    assertThat(TestNodes.await(first).remoteNodeId()).isEqualTo(server.identity.nodeId());
  }

  @Test
  void theCryptoThreadsAreGoneAfterCloseAlsoOnALentGroup() throws Exception {
    for (boolean lent : new boolean[] {false, true}) {
      NettyTransport.Builder builder = TestNodes.listening().handshakeCryptoThreads(2);
      TestNodes.Node server = nodes.start(lent ? builder.eventLoopGroup(oneLoop()) : builder);
      TestNodes.Node client = nodes.start(TestNodes.listening());
      client.dial(server);
      List<Thread> threads = new CopyOnWriteArrayList<>();
      CyclicBarrier both = new CyclicBarrier(3);
      AtomicInteger named = new AtomicInteger();
      for (int i = 0; i < 2; i++) {
        server.transport.handshakeCrypto().executor().execute(() -> {
          threads.add(Thread.currentThread());
          if (Thread.currentThread().getName().startsWith("peerage-handshake-crypto-")
              && Thread.currentThread().isDaemon()) {
            named.incrementAndGet();
          }
          try {
            both.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
      }
      both.await(10, TimeUnit.SECONDS);
      assertThat(threads).hasSize(2).doesNotHaveDuplicates();
      assertThat(named).hasValue(2);

      CompletableFuture<Void> closed = server.transport.close().toCompletableFuture();
      TestNodes.await(closed);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(10)); // a guard: they end as soon as close is done
        assertThat(thread.isAlive()).as(thread.getName() + " after close").isFalse();
      }
      assertThat(server.transport.handshakeCrypto().executor().isTerminated()).isTrue();
    }
  }
}
