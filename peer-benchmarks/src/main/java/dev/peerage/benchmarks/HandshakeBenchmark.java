package dev.peerage.benchmarks;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * The cost of a Peerage handshake over loopback against its physical floor, in one run.
 *
 * <ul>
 *   <li>{@link #handshake()}: one dial to a listening transport, TCP connect plus the full handshake
 *       (two HELLOs, two Ed25519 signatures and two verifications), until the dialler holds a
 *       proven connection. The listener closes each connection at once. Average time.
 *   <li>{@link #nettyConnectAndRoundTrip()}: the floor: a plain Netty TCP connect to a plain Netty
 *       echo server, one 64-byte frame and its echo, and the close, on the same kind of event loops
 *       (one NIO thread for the server, one for the client). A handshake is a connect plus about one
 *       and a half round trips (both HELLOs cross at once, then both PROOFs), so it cannot be faster.
 *       Average time.
 *   <li>{@link #handshakes()}: {@value #BATCH} dials at once, until all hold proven connections;
 *       reported per handshake in throughput mode (handshakes per second). Both ends run in this
 *       JVM, so every handshake costs the machine two signatures and two verifications: a node that
 *       only accepts does about twice as many per second.
 * </ul>
 *
 * <p>Ports: thousands of connections per second would fill the ephemeral port range (about 28,000
 * ports on Linux by default) with TIME_WAIT sockets within seconds. Every client socket here, the
 * dialler's and the plain Netty client's, closes with {@code SO_LINGER} 0, so it ends with a reset
 * and leaves no TIME_WAIT behind. Everything is on 127.0.0.1.
 *
 * <p>Run: {@code java -jar peer-benchmarks/target/benchmarks.jar HandshakeBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HandshakeBenchmark {
  private static final NetworkId NETWORK = NetworkId.of("bench");
  private static final int PAYLOAD = 64;
  /** Dials in flight at once in {@link #handshakes()}; below the listener's pending limit of 128. */
  static final int BATCH = 64;

  private NettyTransport server;
  private NettyTransport client;
  private PeerAddress serverAddress;

  private PlainNettyEcho plain;

  /** Starts the transports and the plain Netty echo server. */
  @Setup
  public void setUp() throws Exception {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    // The node-wide inbound rate (default 1,000 per second) raised out of the way: this measures
    // how fast handshakes can go, not the limit.
    server = NettyTransport.builder().listen(loopback).ioThreads(1).nativeTransport(false)
        .maxInboundHandshakesPerSecond(1_000_000).build();
    server.start(new TransportContext(NodeIdentity.fromSeed(1), NETWORK, connection ->
        connection.close(DisconnectReason.local(DisconnectReason.Code.REQUESTED, "bench"))))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    serverAddress = server.listenAddress().orElseThrow();
    client = NettyTransport.builder().ioThreads(1).nativeTransport(false)
        .pipelineCustomizer(pipeline -> pipeline.channel().config()
            .setOption(ChannelOption.SO_LINGER, 0))
        .build();
    client.start(new TransportContext(NodeIdentity.fromSeed(3), NETWORK,
        connection -> connection.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);

    plain = new PlainNettyEcho(loopback, true);
  }

  /** Closes everything. */
  @TearDown
  public void tearDown() throws Exception {
    client.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    plain.close();
  }

  /**
   * One dial with the full handshake.
   *
   * @return the proven remote node id
   * @throws Exception if the dial fails
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object handshake() throws Exception {
    Connection connection = client.dial(serverAddress, Duration.ofSeconds(10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    connection.activate(new ConnectionHandler() {});
    return connection.remoteNodeId();
  }

  /**
   * A plain Netty connect, one frame and its echo, and the close.
   *
   * @throws Exception if the echo does not come
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void nettyConnectAndRoundTrip() throws Exception {
    CompletableFuture<Void> echo = new CompletableFuture<>();
    Channel channel = plain.connect(() -> echo.complete(null));
    channel.writeAndFlush(channel.alloc().buffer(PAYLOAD).writeZero(PAYLOAD));
    echo.get(10, TimeUnit.SECONDS);
    channel.close().sync();
  }

  /**
   * {@value #BATCH} dials at once, each with the full handshake; time per handshake.
   *
   * @throws Exception if a dial fails
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void handshakes() throws Exception {
    List<CompletableFuture<Connection>> dials = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      dials.add(client.dial(serverAddress, Duration.ofSeconds(10)).toCompletableFuture());
    }
    for (CompletableFuture<Connection> dial : dials) {
      dial.get(20, TimeUnit.SECONDS).activate(new ConnectionHandler() {});
    }
  }
}
