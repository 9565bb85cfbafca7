package dev.peerage.benchmarks;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many peers each holding a partial maximum-size frame against one node, and what that costs the node
 * and an honest peer: the memory the node uses and the round trips the honest peer sees.
 *
 * <p>The node under test runs in a child JVM with {@code -Xmx256m -XX:MaxDirectMemorySize=256m}: a
 * {@link NettyTransport} with {@code maxFrameSize} 8 MiB and every other setting at its default, which
 * echoes every application message it receives. This JVM then
 *
 * <ol>
 *   <li>connects an honest peer that sends a 64-byte message every 20 ms and times each echo
 *       (reported as p50, p99 and max over the hostile phase; an echo later than 5 s counts as lost);
 *   <li>after 2 s, connects the hostile peers one after the other; each completes the handshake
 *       honestly, writes the length prefix of an 8 MiB MESSAGE frame and then dribbles its body in
 *       64 KiB pieces every 5 ms, stopping 64 KiB short of the end, so the frame never completes;
 *   <li>holds that for the given number of seconds after the last hostile peer connected, then asks the
 *       child for its peak direct memory (the JDK's "direct" buffer pool, which {@code
 *       MaxDirectMemorySize} limits, and Netty's allocator), its peak heap in use (sampled every 5 ms,
 *       garbage included) and its heap in use after a full collection with the partial frames still
 *       held.
 * </ol>
 *
 * <p>It also reports how the hostile connections ended (the reason code and detail the hostile side
 * received) and how many lines of the child's error output name an {@code OutOfMemoryError}. Only
 * public API is used, so the same class measures any version of the transport.
 *
 * <p>Run: {@code java -cp peer-benchmarks/target/benchmarks.jar dev.peerage.benchmarks.PartialFrameHarness
 * [hostile peers, default 35] [seconds to hold, default 20]}.
 */
public final class PartialFrameHarness {
  private PartialFrameHarness() {}

  private static final NetworkId NETWORK = NetworkId.of("partial-frames");
  private static final int FRAME = 8 * 1024 * 1024;
  private static final int PIECE = 64 * 1024;
  private static final int UNSENT = 64 * 1024;
  private static final int PING_BYTES = 64;
  private static final long PING_EVERY_MILLIS = 20;
  private static final long PING_LOST_MILLIS = 5_000;
  private static final long DRIBBLE_EVERY_MILLIS = 5;

  /**
   * Runs the measurement, or (with {@code --serve}) the node under test.
   *
   * @param args {@code [hostile peers] [seconds to hold]}, or {@code --serve}
   * @throws Exception if the child cannot be started or a step fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve();
      return;
    }
    int hostile = args.length > 0 ? Integer.parseInt(args[0]) : 35;
    int holdSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    run(hostile, holdSeconds);
  }

  // ---- the node under test, in the child JVM ---------------------------------------------------

  private static void serve() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
    AtomicLong peakDirect = new AtomicLong();
    AtomicLong peakNettyDirect = new AtomicLong();
    AtomicLong peakHeap = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peakDirect.accumulateAndGet(direct.getMemoryUsed(), Math::max);
        peakNettyDirect.accumulateAndGet(nettyDirect(), Math::max);
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "memory-sampler");
    sampler.setDaemon(true);
    sampler.start();

    Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
    ConnectionHandler echo = new ConnectionHandler() {
      @Override
      public void onMessage(Connection connection, int channel, byte[] payload) {
        connection.send(channel, payload);
      }

      @Override
      public void onClosed(Connection connection, DisconnectReason reason) {
        closes.computeIfAbsent(reason.code() + (reason.remote() ? " (remote)" : " (local)"),
            code -> new AtomicInteger()).incrementAndGet();
      }
    };
    NettyTransport node = NettyTransport.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .maxFrameSize(FRAME)
        .build();
    node.start(new TransportContext(NodeIdentity.fromSeed(1), NETWORK,
        connection -> connection.activate(echo))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    ChildJvm.answer("PORT " + node.listenAddress().orElseThrow().port(), line -> {
      if (!line.equals("STATS")) {
        return null;
      }
      System.gc();
      long liveHeap = memory.getHeapMemoryUsage().getUsed();
      return "STATS peakDirect=" + peakDirect.get() + " peakNettyDirect=" + peakNettyDirect.get()
          + " peakHeap=" + peakHeap.get() + " liveHeapAfterGc=" + liveHeap
          + " maxHeap=" + Runtime.getRuntime().maxMemory() + " closes=" + new TreeMap<>(closes);
    });
    node.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static long nettyDirect() {
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metrics) {
      return metrics.metric().usedDirectMemory();
    }
    return -1;
  }

  // ---- the peers, in this JVM -----------------------------------------------------------------

  private static void run(int hostileCount, int holdSeconds) throws Exception {
    ChildJvm child = ChildJvm.start("partial-frames-node", 0,
        List.of("-Xmx256m", "-XX:MaxDirectMemorySize=256m"), System.getProperty("java.class.path"),
        PartialFrameHarness.class, "--serve");
    Path errors = child.errors();
    String port = child.expect("PORT");
    PeerAddress node = PeerAddress.of(InetAddress.getLoopbackAddress(),
        Integer.parseInt(port));

    // The honest peer, on an event loop of its own.
    EchoProbe honest = EchoProbe.connect(node, NETWORK);
    List<Long> baseline = Collections.synchronizedList(new ArrayList<>());
    List<Long> underAttack = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<List<Long>> recording = new AtomicReference<>(baseline);
    AtomicInteger lost = new AtomicInteger();
    Thread pinger = new Thread(() -> {
      byte[] ping = new byte[PING_BYTES];
      while (!Thread.currentThread().isInterrupted() && honest.closedReason() == null) {
        try {
          recording.get().add(honest.roundTrip(ping, PING_LOST_MILLIS));
          Thread.sleep(PING_EVERY_MILLIS);
        } catch (TimeoutException e) {
          lost.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          lost.incrementAndGet();
          return;
        }
      }
    }, "honest-pinger");
    pinger.start();
    Thread.sleep(2_000);
    recording.set(underAttack);

    // The hostile peers: honest handshakes, then a frame that never completes.
    AtomicReference<Channel> lastChannel = new AtomicReference<>();
    NettyTransport attacker = NettyTransport.builder()
        .ioThreads(2)
        .pingInterval(Duration.ofMinutes(10))
        .pipelineCustomizer(pipeline -> lastChannel.set(pipeline.channel()))
        .build();
    attacker.start(new TransportContext(NodeIdentity.fromSeed(3), NETWORK,
        connection -> connection.close(null))).toCompletableFuture().get(10, TimeUnit.SECONDS);
    Map<String, AtomicInteger> hostileEnds = new ConcurrentHashMap<>();
    Map<String, String> sampleDetail = new ConcurrentHashMap<>();
    byte[] piece = new byte[PIECE];
    long attackStart = System.nanoTime();
    for (int i = 0; i < hostileCount; i++) {
      Connection connection;
      try {
        connection = attacker.dial(node, Duration.ofSeconds(10)).toCompletableFuture()
            .get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        hostileEnds.computeIfAbsent("dial failed", k -> new AtomicInteger()).incrementAndGet();
        sampleDetail.putIfAbsent("dial failed", String.valueOf(e.getCause()));
        continue;
      }
      Channel channel = lastChannel.get();
      connection.activate(new ConnectionHandler() {
        @Override
        public void onClosed(Connection closed, DisconnectReason reason) {
          hostileEnds.computeIfAbsent(reason.code().name(), k -> new AtomicInteger())
              .incrementAndGet();
          sampleDetail.putIfAbsent(reason.code().name(), reason.detail());
        }
      });
      channel.eventLoop().execute(() -> dribble(channel, piece));
    }
    long connectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attackStart);
    Thread.sleep(holdSeconds * 1_000L);

    DisconnectReason honestEnd = honest.closedReason();
    child.send("STATS");
    String stats = child.expect("STATS");
    pinger.interrupt();
    pinger.join(10_000);
    child.close();
    attacker.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
    honest.close();
    long oomLines;
    try (var lines = Files.lines(errors)) {
      oomLines = lines.filter(line -> line.contains("OutOfMemoryError")
          || line.contains("OutOfDirectMemoryError")).count();
    }

    System.out.printf("hostile peers: %d, each an 8 MiB frame with %d bytes sent; connected in %d ms;"
        + " held %d s%n", hostileCount, FRAME - UNSENT, connectedMillis, holdSeconds);
    System.out.println("node: " + stats);
    System.out.println("node error output: " + oomLines + " lines naming OutOfMemoryError (" + errors
        + ")");
    System.out.println("hostile connections closed: " + new TreeMap<>(hostileEnds));
    sampleDetail.forEach((code, detail) -> System.out.println("  " + code + ": " + detail));
    System.out.println("honest echo round trip, idle:         " + percentiles(baseline));
    System.out.println("honest echo round trip, under attack: " + percentiles(underAttack)
        + ", lost " + lost.get() + (honestEnd == null ? ", still connected at the end"
        : ", closed during the attack: " + honestEnd));
  }

  /** Writes the frame's prefix and body piece by piece, leaving {@link #UNSENT} bytes out. */
  private static void dribble(Channel channel, byte[] piece) {
    byte[] head = {(byte) (FRAME >>> 24), (byte) (FRAME >>> 16), (byte) (FRAME >>> 8), (byte) FRAME,
        0x40, 0, 1};
    channel.writeAndFlush(Unpooled.wrappedBuffer(head));
    AtomicLong left = new AtomicLong(FRAME - 3 - UNSENT);
    channel.eventLoop().scheduleAtFixedRate(() -> {
      if (!channel.isActive() || left.get() <= 0) {
        return;
      }
      if (channel.isWritable()) {
        int size = (int) Math.min(PIECE, left.get());
        left.addAndGet(-size);
        channel.writeAndFlush(Unpooled.wrappedBuffer(piece, 0, size));
      }
    }, DRIBBLE_EVERY_MILLIS, DRIBBLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static String percentiles(List<Long> nanos) {
    List<Long> sorted;
    synchronized (nanos) {
      sorted = new ArrayList<>(nanos);
    }
    if (sorted.isEmpty()) {
      return "no samples";
    }
    Collections.sort(sorted);
    return String.format("%d samples, p50 %.2f ms, p99 %.2f ms, max %.2f ms", sorted.size(),
        millis(sorted.get(sorted.size() / 2)),
        millis(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1))),
        millis(sorted.get(sorted.size() - 1)));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
