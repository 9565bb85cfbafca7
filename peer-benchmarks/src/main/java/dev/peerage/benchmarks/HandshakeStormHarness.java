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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * node: the delay of that peer's echoes while the storm runs, against the same without a storm.
 *
 * <p>The node under test runs in a child JVM ({@code -Xmx512m}): a {@link NettyTransport} on
 * 127.0.0.1 with its default settings, which echoes every application message of the first peer
 * (node id of seed 2) and closes every other connection with {@code TOO_MANY_PEERS} as soon as its
 * handshake completes, as a full node does. This JVM then
 *
 * <ol>
 *   <li>connects the established peer, which sends a 64-byte message every millisecond (the next
 *       one at the next whole millisecond after the echo, so at most one is in flight) and records
 *       each echo's delay;
 *   <li>runs one phase per storm size given (0 for none): that many storm clients in parallel, each
 *       dialling the node, completing a full handshake, taking the node's close and dialling again
 *       at once, for the given seconds; the storm's transport uses two event loop threads;
 *   <li>reports per phase the echo delays (p50, p99, p99.9, max) and the storm's completed
 *       handshakes per second, and how its dials ended otherwise.
 * </ol>
 *
 * <p>Both JVMs share the machine's cores, so the storm's own signing and verifying competes with
 * the node for CPU, as an attacker on the same host would. The storm's sockets close with {@code
 * SO_LINGER} 0, so they leave no TIME_WAIT behind; connections the node refuses at accept (more than
 * {@code maxPendingHandshakes} in progress) end in the node's TIME_WAIT, which Linux reuses for new
 * loopback connections ({@code net.ipv4.tcp_tw_reuse} = 2, the default). Everything is on
 * 127.0.0.1. Only public API is used in the node, so the same class measures an older build of
 * the transport: put that build's jar before this one with {@code -Dstorm.nodeClasspath}.
 *
 * <p>Run: {@code java -cp peer-benchmarks/target/benchmarks.jar
 * dev.peerage.benchmarks.HandshakeStormHarness [seconds per phase, default 10] [storm sizes,
 * default 0 50 200]}. {@code -Dstorm.cryptoThreads=N} sets the node's {@code
 * handshakeCryptoThreads} (builds that have it).
 */
public final class HandshakeStormHarness {
  private HandshakeStormHarness() {}

  private static final NetworkId NETWORK = NetworkId.of("handshake-storm");
  private static final int PING_BYTES = 64;
  private static final long PING_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long PING_LOST_MILLIS = 5_000;

  /**
   * Runs the measurement, or (with {@code --serve}) the node under test.
   *
   * @param args {@code [seconds per phase] [storm sizes...]}, or {@code --serve}
   * @throws Exception if the child cannot be started or a step fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve();
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
    String cryptoThreads = System.getProperty("storm.cryptoThreads");
    if (cryptoThreads != null) {
      // Reflection, so that this class also runs the node of a build without the option.
      Method option = NettyTransport.Builder.class.getMethod("handshakeCryptoThreads", int.class);
      option.invoke(builder, Integer.parseInt(cryptoThreads));
    }
    NettyTransport node = builder.build();
    node.start(new TransportContext(NodeIdentity.fromSeed(1), NETWORK, connection -> {
      handshakes.incrementAndGet();
      if (connection.remoteNodeId().equals(established.nodeId())) {
        connection.activate(echo);
      } else {
        connection.close(DisconnectReason.local(DisconnectReason.Code.TOO_MANY_PEERS, "storm"));
      }
    })).toCompletableFuture().get(10, TimeUnit.SECONDS);
    PrintStream out = System.out;
    out.println("PORT " + node.listenAddress().orElseThrow().port());
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("STATS")) {
        out.println("STATS handshakes=" + handshakes.get());
        out.flush();
      } else if (line.equals("QUIT")) {
        break;
      }
    }
    node.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  // ---- the peers, in this JVM -----------------------------------------------------------------

  private static void run(int seconds, int[] storms) throws Exception {
    Path errors = Files.createTempFile("handshake-storm-child", ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    if (System.getProperty("storm.cryptoThreads") != null) {
      command.add("-Dstorm.cryptoThreads=" + System.getProperty("storm.cryptoThreads"));
    }
    command.addAll(List.of("-cp",
        System.getProperty("storm.nodeClasspath", System.getProperty("java.class.path")),
        HandshakeStormHarness.class.getName(), "--serve"));
    Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    BufferedReader fromChild = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    PrintStream toChild = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
    String portLine = fromChild.readLine();
    if (portLine == null || !portLine.startsWith("PORT ")) {
      throw new IllegalStateException("the child did not start: " + portLine + "; see " + errors);
    }
    PeerAddress node = PeerAddress.of(InetAddress.getLoopbackAddress(),
        Integer.parseInt(portLine.substring(5)));

    // The established peer, on an event loop of its own.
    NettyTransport peer = NettyTransport.builder().ioThreads(1).build();
    peer.start(new TransportContext(NodeIdentity.fromSeed(2), NETWORK,
        connection -> connection.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    AtomicReference<CompletableFuture<Long>> echo = new AtomicReference<>();
    AtomicReference<DisconnectReason> peerClosed = new AtomicReference<>();
    Connection connection = peer.dial(node, Duration.ofSeconds(10))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    connection.activate(new ConnectionHandler() {
      @Override
      public void onMessage(Connection from, int channel, byte[] payload) {
        CompletableFuture<Long> waiting = echo.getAndSet(null);
        if (waiting != null) {
          waiting.complete(System.nanoTime());
        }
      }

      @Override
      public void onClosed(Connection closed, DisconnectReason reason) {
        peerClosed.set(reason);
      }
    });
    AtomicReference<List<Long>> recording = new AtomicReference<>(new ArrayList<>());
    AtomicInteger lost = new AtomicInteger();
    Thread pinger = new Thread(() -> {
      byte[] ping = new byte[PING_BYTES];
      long next = System.nanoTime();
      while (!Thread.currentThread().isInterrupted() && peerClosed.get() == null) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        echo.set(answer);
        long sent = System.nanoTime();
        try {
          connection.send(5, ping);
          long back = answer.get(PING_LOST_MILLIS, TimeUnit.MILLISECONDS);
          List<Long> samples = recording.get();
          synchronized (samples) {
            samples.add(back - sent);
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

    NettyTransport storm = NettyTransport.builder()
        .ioThreads(2)
        .pipelineCustomizer(pipeline -> pipeline.channel().config()
            .setOption(ChannelOption.SO_LINGER, 0))
        .build();
    storm.start(new TransportContext(NodeIdentity.fromSeed(3), NETWORK,
        c -> c.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);

    System.out.printf("handshake storm against a node in a child JVM; %d s per phase;"
        + " established peer pings every 1 ms%n", seconds);
    for (int clients : storms) {
      List<Long> samples = new ArrayList<>();
      recording.set(samples);
      int lostBefore = lost.get();
      Map<String, AtomicInteger> ends = new ConcurrentHashMap<>();
      AtomicLong completed = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger inFlight = new AtomicInteger();
      CompletableFuture<Void> drained = new CompletableFuture<>();
      long start = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        inFlight.incrementAndGet();
        dialLoop(storm, node, running, completed, ends, inFlight, drained);
      }
      Thread.sleep(seconds * 1_000L);
      running.set(false);
      long elapsed = System.nanoTime() - start;
      long done = completed.get();
      if (clients > 0) {
        drained.get(30, TimeUnit.SECONDS);
      }
      List<Long> snapshot;
      synchronized (samples) {
        snapshot = new ArrayList<>(samples);
      }
      System.out.printf("storm clients %3d: echo delay %s, lost %d; storm %.0f handshakes/s"
          + " (%d in %.1f s), other ends %s%n", clients, percentiles(snapshot),
          lost.get() - lostBefore, done / (elapsed / 1e9), done, elapsed / 1e9,
          new TreeMap<>(ends));
    }
    pinger.interrupt();
    pinger.join(10_000);
    toChild.println("STATS");
    String stats = fromChild.readLine();
    System.out.println("node: " + (stats == null ? "no answer" : stats.substring(6))
        + (peerClosed.get() == null ? "; established peer still connected"
        : "; established peer closed: " + peerClosed.get()));
    toChild.println("QUIT");
    storm.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
    peer.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
    child.waitFor(30, TimeUnit.SECONDS);
  }

  /** One storm client: dial, take the node's close, dial again, until told to stop. */
  private static void dialLoop(NettyTransport storm, PeerAddress node, AtomicBoolean running,
      AtomicLong completed, Map<String, AtomicInteger> ends, AtomicInteger inFlight,
      CompletableFuture<Void> drained) {
    if (!running.get()) {
      if (inFlight.decrementAndGet() == 0) {
        drained.complete(null);
      }
      return;
    }
    storm.dial(node, Duration.ofSeconds(20)).whenComplete((connection, error) -> {
      if (error == null) {
        completed.incrementAndGet();
        connection.close(null);
      } else {
        String kind = error instanceof DialException dial ? dial.failure().name()
            : error.getClass().getSimpleName();
        ends.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      }
      dialLoop(storm, node, running, completed, ends, inFlight, drained);
    });
  }

  private static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "no samples";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format("%d samples, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
        sorted.size(), millis(at(sorted, 0.50)), millis(at(sorted, 0.99)),
        millis(at(sorted, 0.999)), millis(sorted.get(sorted.size() - 1)));
  }

  private static long at(List<Long> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1,
        Math.max(0, (int) Math.ceil(sorted.size() * quantile) - 1)));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
