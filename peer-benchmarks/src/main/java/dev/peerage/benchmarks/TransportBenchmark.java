package dev.peerage.benchmarks;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Netty transport over loopback, next to plain Netty as the physical reference.
 *
 * <ul>
 *   <li>{@link #roundTrip()}: a 64-byte application message to a peer that echoes it, until the
 *       echo arrives: the latency a host sees.
 *   <li>{@link #throughput()}: 1,000 messages of 64 bytes sent back to back, until all echoes are
 *       back; reported per message.
 *   <li>{@link #nettyEchoRoundTrip()} and {@link #nettyEchoThroughput()}: the same exchanges over a
 *       bare Netty pipeline (a 4-byte length prefix and an echo handler, no handshake, no
 *       dispatcher): the floor the transport's overhead is measured against. The bare echo writes
 *       the received buffer back as it is, while a transport hands its host a {@code byte[]} and
 *       takes one back, so the transport's side copies each payload once in and once out more.
 * </ul>
 *
 * <p>Every node, the bare Netty client and server included, uses one NIO event loop thread of its
 * own, with TCP_NODELAY on both ends. The handshake is measured in {@link HandshakeBenchmark}.
 * {@link SyscallProfiler} ({@code -prof dev.peerage.benchmarks.SyscallProfiler}) adds read and write
 * system calls per operation. Run: {@code java -jar peer-benchmarks/target/benchmarks.jar Transport}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TransportBenchmark {
  private static final NetworkId NETWORK = NetworkId.of("bench");
  private static final int PAYLOAD = 64;
  private static final int BATCH = 1_000;

  private final byte[] payload = new byte[PAYLOAD];

  private NettyTransport client;
  private NettyTransport echoServer;
  private Connection echoConnection;
  private final AtomicReference<CompletableFuture<Void>> nextEcho = new AtomicReference<>();
  private volatile CountDownLatch batch = new CountDownLatch(0);

  private PlainNettyEcho plain;
  private Channel plainClient;

  /** Starts the transports and the bare Netty echo pair. */
  @Setup
  public void setUp() throws Exception {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    echoServer = NettyTransport.builder().listen(loopback).ioThreads(1).nativeTransport(false)
        .build();
    echoServer.start(new TransportContext(NodeIdentity.fromSeed(2), NETWORK,
        connection -> connection.activate(new ConnectionHandler() {
          @Override
          public void onMessage(Connection from, int channel, byte[] bytes) {
            from.send(channel, bytes);
          }
        }))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = NettyTransport.builder().ioThreads(1).nativeTransport(false).build();
    client.start(new TransportContext(NodeIdentity.fromSeed(3), NETWORK,
        connection -> connection.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    echoConnection = client.dial(echoServer.listenAddress().orElseThrow(), Duration.ofSeconds(10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    echoConnection.activate(new ConnectionHandler() {
      @Override
      public void onMessage(Connection from, int channel, byte[] bytes) {
        echoed();
      }
    });
    plain = new PlainNettyEcho(loopback, false);
    plainClient = plain.connect(this::echoed);
  }

  private void echoed() {
    CompletableFuture<Void> waiting = nextEcho.getAndSet(null);
    if (waiting != null) {
      waiting.complete(null);
    }
    batch.countDown();
  }

  /** Closes everything. */
  @TearDown
  public void tearDown() throws Exception {
    echoConnection.close(null);
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    echoServer.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    plainClient.close().sync();
    plain.close();
  }

  /**
   * One application message and its echo.
   *
   * @throws Exception if the echo does not come
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void roundTrip() throws Exception {
    CompletableFuture<Void> echo = new CompletableFuture<>();
    nextEcho.set(echo);
    echoConnection.send(7, payload);
    echo.get(10, TimeUnit.SECONDS);
  }

  /**
   * A batch of messages sent back to back, until every echo is back; time per message.
   *
   * @throws Exception if the echoes do not come
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(BATCH)
  public void throughput() throws Exception {
    CountDownLatch done = new CountDownLatch(BATCH);
    batch = done;
    for (int i = 0; i < BATCH; i++) {
      echoConnection.send(7, payload);
    }
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " echoes missing");
    }
  }

  /**
   * One frame and its echo over bare Netty.
   *
   * @throws Exception if the echo does not come
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void nettyEchoRoundTrip() throws Exception {
    CompletableFuture<Void> echo = new CompletableFuture<>();
    nextEcho.set(echo);
    plainClient.writeAndFlush(plainClient.alloc().buffer(PAYLOAD).writeBytes(payload));
    echo.get(10, TimeUnit.SECONDS);
  }

  /**
   * A batch of frames over bare Netty, until every echo is back; time per frame.
   *
   * @throws Exception if the echoes do not come
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(BATCH)
  public void nettyEchoThroughput() throws Exception {
    CountDownLatch done = new CountDownLatch(BATCH);
    batch = done;
    for (int i = 0; i < BATCH; i++) {
      plainClient.writeAndFlush(plainClient.alloc().buffer(PAYLOAD).writeBytes(payload));
    }
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " echoes missing");
    }
  }
}
