package dev.peerage.benchmarks;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.channel.ChannelOption;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An inbound storm of handshakes against one node, and what it costs an established peer of that
 * node: the delay of that peer's echoes while the storm runs, against the same run's phase without a
 * storm.
 *
 * <p>Three JVMs, so that what is measured is the node and not the harness:
 *
 * <ul>
 *   <li>the node under test ({@code -Xmx512m}): a {@link NettyTransport} on 127.0.0.1 with its
 *       default settings, which echoes every application message of the established peer (node id of
 *       seed 2) and closes every other connection with {@code TOO_MANY_PEERS} as soon as its
 *       handshake completes, as a full node does;
 *   <li>the storm ({@code -Xmx512m}, optionally at a lower CPU priority, {@code -Dstorm.nice=N}):
 *       per phase that many clients in parallel, each dialling the node, completing a full
 *       handshake, taking the node's close and dialling again at once; its transport uses two event
 *       loop threads;
 *   <li>this JVM: only the established peer, which sends a 64-byte message every millisecond (the
 *       next one at the next whole millisecond after the echo, so at most one is in flight) and
 *       records each echo's delay. The storm's garbage and threads are not in this JVM, so they
 *       cannot pause the peer's own receive.
 * </ul>
 *
 * <p>It runs one phase per storm size given (0 for none), for the given seconds each, and reports
 * per phase the echo delays (p50, p99, p99.9, max), the storm's completed handshakes per second and
 * how its other dials ended. The delay caused by the storm is each storm phase's p99, p99.9 and max
 * minus those of the run's phase without a storm (printed when one of the sizes is 0). Before the
 * phases, a warm-up of 50 storm clients for {@code -Dstorm.warmupSeconds} (default 3) is not
 * recorded, so that no phase pays for compiling the node's code. {@code -Dstorm.nodeJvmOptions}
 * adds options to the node's JVM (space-separated, such as {@code -Xlog:gc:node-gc.log}).
 *
 * <p>All JVMs share the machine's cores; without {@code nice} the storm's own signing and verifying
 * competes with the node for CPU as an attacker on the same host would, with {@code nice} 19 it
 * mostly takes what the node leaves, as clients on other machines would. The storm's sockets close
 * with {@code SO_LINGER} 0, so they leave no TIME_WAIT behind; connections the node refuses at
 * accept end in the node's TIME_WAIT, which Linux reuses for new loopback connections ({@code
 * net.ipv4.tcp_tw_reuse} = 2, the default). Everything is on 127.0.0.1. Only public API is used in
 * the node, so the same class measures an older build of the transport: put that build's jar before
 * this one with {@code -Dstorm.nodeClasspath}.
 *
 * <p>Run: {@code java -cp peer-benchmarks/target/benchmarks.jar
 * dev.peerage.benchmarks.HandshakeStormHarness [seconds per phase, default 10] [storm sizes,
 * default 0 50 200]}. {@code -Dstorm.cryptoThreads=N} sets the node's {@code
 * handshakeCryptoThreads} and {@code -Dstorm.inboundRate=N} its {@code
 * maxInboundHandshakesPerSecond} (builds that have them).
 */
public final class HandshakeStormHarness {
  private HandshakeStormHarness() {}

  private static final NetworkId NETWORK = NetworkId.of("handshake-storm");
  private static final int PING_BYTES = 64;
  private static final long PING_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long PING_LOST_MILLIS = 5_000;
  private static final int WARMUP_CLIENTS = 50;

  /**
   * Runs the measurement, or (with {@code --serve}) the node under test, or (with {@code --storm
   * port}) the storm clients.
   *
   * @param args {@code [seconds per phase] [storm sizes...]}, {@code --serve} or {@code --storm
   *     port}
   * @throws Exception if the child cannot be started or a step fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve();
      return;
    }
    if (args.length > 1 && args[0].equals("--storm")) {
      storm(PeerAddress.of(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])));
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int[] storms = args.length > 1
        ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {0, 50, 200};
    run(seconds, storms);
  }

  // ---- the node under test, in the child JVM ---------------------------------------------------

  private static void serve() throws Exception {
    NodeIdentity established = NodeIdentity.fromSeed(2);
    AtomicLong handshakes = new AtomicLong();
    ConnectionHandler echo = new ConnectionHandler() {
      @Override
      public void onMessage(Connection connection, int channel, byte[] payload) {
        connection.send(channel, payload);
      }
    };
    NettyTransport.Builder builder = NettyTransport.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    // Reflection, so that this class also runs the node of a build without the options.
    intOption(builder, "handshakeCryptoThreads", System.getProperty("storm.cryptoThreads"));
    intOption(builder, "maxInboundHandshakesPerSecond", System.getProperty("storm.inboundRate"));
    NettyTransport node = builder.build();
    node.start(new TransportContext(NodeIdentity.fromSeed(1), NETWORK, connection -> {
      handshakes.incrementAndGet();
      if (connection.remoteNodeId().equals(established.nodeId())) {
        connection.activate(echo);
      } else {
        connection.close(DisconnectReason.local(DisconnectReason.Code.TOO_MANY_PEERS, "storm"));
      }
    })).toCompletableFuture().get(10, TimeUnit.SECONDS);
    ChildJvm.answer("PORT " + node.listenAddress().orElseThrow().port(),
        line -> line.equals("STATS") ? "STATS handshakes=" + handshakes.get() : null);
    node.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void intOption(NettyTransport.Builder builder, String name, String value)
      throws ReflectiveOperationException {
    if (value != null) {
      Method option = NettyTransport.Builder.class.getMethod(name, int.class);
      option.invoke(builder, Integer.parseInt(value));
    }
  }

  // ---- the storm, in a second child JVM --------------------------------------------------------

  /**
   * Answers {@code START n} by starting n dial loops against the node ({@code STARTED n}), and
   * {@code STOP} by stopping them and, once every dial in flight has ended, {@code RESULT} with the
   * handshakes completed, the nanoseconds between start and stop and how the other dials ended.
   */
  private static void storm(PeerAddress node) throws Exception {
    NettyTransport storm = NettyTransport.builder()
        .ioThreads(2)
        .pipelineCustomizer(pipeline -> pipeline.channel().config()
            .setOption(ChannelOption.SO_LINGER, 0))
        .build();
    storm.start(new TransportContext(NodeIdentity.fromSeed(3), NETWORK,
        c -> c.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    AtomicReference<StormPhase> current = new AtomicReference<>();
    ChildJvm.answer("READY storm", line -> {
      if (line.startsWith("START ")) {
        int clients = Integer.parseInt(line.substring(6));
        StormPhase phase = new StormPhase(clients);
        current.set(phase);
        for (int i = 0; i < clients; i++) {
          dialLoop(storm, node, phase);
        }
        return "STARTED " + clients;
      }
      if (line.equals("STOP")) {
        StormPhase phase = current.getAndSet(null);
        phase.running.set(false);
        long elapsed = System.nanoTime() - phase.start;
        long done = phase.completed.get();
        if (phase.clients > 0) {
          phase.drained.get(30, TimeUnit.SECONDS);
        }
        return "RESULT " + done + " " + elapsed + " " + new TreeMap<>(phase.ends);
      }
      return null;
    });
    // The end of input (or QUIT) may come mid-phase, when the parent ended early: stop dialling.
    StormPhase left = current.get();
    if (left != null) {
      left.running.set(false);
    }
    try {
      storm.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      System.exit(0);
    }
  }

  /** One phase of the storm: its clients' shared counters. */
  private static final class StormPhase {
    final int clients;
    final long start = System.nanoTime();
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong completed = new AtomicLong();
    final AtomicInteger inFlight;
    final Map<String, AtomicInteger> ends = new ConcurrentHashMap<>();
    final CompletableFuture<Void> drained = new CompletableFuture<>();

    StormPhase(int clients) {
      this.clients = clients;
      this.inFlight = new AtomicInteger(clients);
    }
  }

  /** One storm client: dial, take the node's close, dial again, until told to stop. */
  private static void dialLoop(NettyTransport storm, PeerAddress node, StormPhase phase) {
    if (!phase.running.get()) {
      if (phase.inFlight.decrementAndGet() == 0) {
        phase.drained.complete(null);
      }
      return;
    }
    storm.dial(node, Duration.ofSeconds(20)).whenComplete((connection, error) -> {
      if (error == null) {
        phase.completed.incrementAndGet();
        connection.close(null);
      } else {
        String kind = error instanceof DialException dial ? dial.failure().name()
            : error.getClass().getSimpleName();
        phase.ends.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      }
      dialLoop(storm, node, phase);
    });
  }

  // ---- the established peer, in this JVM -------------------------------------------------------

  private static void run(int seconds, int[] storms) throws Exception {
    List<String> nodeOptions = new ArrayList<>(List.of("-Xmx512m"));
    for (String property : List.of("storm.cryptoThreads", "storm.inboundRate")) {
      if (System.getProperty(property) != null) {
        nodeOptions.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    String extra = System.getProperty("storm.nodeJvmOptions", "").trim();
    if (!extra.isEmpty()) {
      nodeOptions.addAll(List.of(extra.split("\\s+")));
    }
    String classpath = System.getProperty("java.class.path");
    int niceness = Integer.getInteger("storm.nice", 0);
    try (ChildJvm nodeJvm = ChildJvm.start("handshake-storm-node", 0, nodeOptions,
        System.getProperty("storm.nodeClasspath", classpath), HandshakeStormHarness.class,
        "--serve")) {
      int port = Integer.parseInt(nodeJvm.expect("PORT"));
      PeerAddress node = PeerAddress.of(InetAddress.getLoopbackAddress(), port);
      try (ChildJvm stormJvm = ChildJvm.start("handshake-storm-clients", niceness,
          List.of("-Xmx512m"), classpath, HandshakeStormHarness.class, "--storm",
          Integer.toString(port))) {
        stormJvm.expect("READY");
        measure(seconds, storms, niceness, node, nodeJvm, stormJvm);
      }
    }
  }

  private static void measure(int seconds, int[] storms, int niceness, PeerAddress node,
      ChildJvm nodeJvm, ChildJvm stormJvm) throws Exception {
    // The established peer, on an event loop of its own.
    EchoProbe peer = EchoProbe.connect(node, NETWORK);
    AtomicReference<List<Long>> recording = new AtomicReference<>(new ArrayList<>());
    AtomicInteger lost = new AtomicInteger();
    Thread pinger = new Thread(() -> {
      byte[] ping = new byte[PING_BYTES];
      long next = System.nanoTime();
      while (!Thread.currentThread().isInterrupted() && peer.closedReason() == null) {
        try {
          long roundTrip = peer.roundTrip(ping, PING_LOST_MILLIS);
          List<Long> samples = recording.get();
          synchronized (samples) {
            samples.add(roundTrip);
          }
        } catch (TimeoutException e) {
          lost.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          lost.incrementAndGet();
          return;
        }
        long now = System.nanoTime();
        next = Math.max(next + PING_EVERY_NANOS, now - now % PING_EVERY_NANOS + PING_EVERY_NANOS);
        LockSupport.parkNanos(next - now);
        if (Thread.interrupted()) {
          return;
        }
      }
    }, "established-pinger");
    pinger.setDaemon(true);
    pinger.start();

    System.out.printf("handshake storm against a node in a child JVM, storm clients in another"
        + " (nice %d); %d s per phase; established peer pings every 1 ms%n", niceness, seconds);
    // Warm-up, not recorded: the node's handshake and echo paths compiled before any phase.
    int warmup = Integer.getInteger("storm.warmupSeconds", 3);
    if (warmup > 0) {
      stormJvm.send("START " + WARMUP_CLIENTS);
      stormJvm.expect("STARTED");
      Thread.sleep(warmup * 1_000L);
      stormJvm.send("STOP");
      stormJvm.expect("RESULT");
    }
    long[] quiet = null;
    for (int clients : storms) {
      List<Long> samples = new ArrayList<>();
      recording.set(samples);
      int lostBefore = lost.get();
      stormJvm.send("START " + clients);
      stormJvm.expect("STARTED");
      Thread.sleep(seconds * 1_000L);
      stormJvm.send("STOP");
      String[] result = stormJvm.expect("RESULT").split(" ", 3);
      long done = Long.parseLong(result[0]);
      double elapsed = Long.parseLong(result[1]) / 1e9;
      List<Long> snapshot;
      synchronized (samples) {
        snapshot = new ArrayList<>(samples);
      }
      long[] delays = percentiles(snapshot);
      if (clients == 0 && quiet == null) {
        quiet = delays;
      }
      System.out.printf("storm clients %3d: echo delay %d samples, p50 %.2f ms, p99 %.2f ms,"
          + " p99.9 %.2f ms, max %.2f ms%s, lost %d; storm %.0f handshakes/s (%d in %.1f s),"
          + " other ends %s%n", clients, snapshot.size(), millis(delays[0]), millis(delays[1]),
          millis(delays[2]), millis(delays[3]),
          clients == 0 || quiet == null ? "" : String.format(
              " (storm's delay: p99 %+.2f ms, p99.9 %+.2f ms, max %+.2f ms)",
              millis(delays[1] - quiet[1]), millis(delays[2] - quiet[2]),
              millis(delays[3] - quiet[3])),
          lost.get() - lostBefore, done / elapsed, done, elapsed, result[2]);
    }
    pinger.interrupt();
    pinger.join(10_000);
    nodeJvm.send("STATS");
    System.out.println("node: " + nodeJvm.expect("STATS")
        + (peer.closedReason() == null ? "; established peer still connected"
        : "; established peer closed: " + peer.closedReason()));
    peer.close();
  }

  /** @return p50, p99, p99.9 and max of the given nanoseconds, or zeros for none */
  private static long[] percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return new long[4];
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return new long[] {at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
        sorted.get(sorted.size() - 1)};
  }

  private static long at(List<Long> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1,
        Math.max(0, (int) Math.ceil(sorted.size() * quantile) - 1)));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
