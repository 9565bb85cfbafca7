package dev.peerage.benchmarks;

import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.InMemoryTransport;
import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the peer manager itself costs: a real {@code PeerManager} over peer-core's in-memory network,
 * on virtual time, managing {@value #MANAGED} persistent peers with an address book filled to its
 * capacity.
 *
 * <p>Of the managed peers, {@value #REFUSING} listen at addresses that refuse every dial, so they
 * cycle through backoff; the others accept and stay connected. The book (default geometry, 65,536
 * new and 16,384 tried slots) is filled with random routable addresses announced by 1,024 sources,
 * a third of those kept then marked good, so the manager's own outbound dials draw from a full
 * book; nothing listens at those addresses, so those dials are refused one round trip (20 to 60 ms of
 * virtual time) after they begin.
 *
 * <ul>
 *   <li>{@link #tick()}: advance virtual time by one {@link PeerManagerConfig#maintenanceInterval()}
 *       (15 s): the maintenance tick and everything else due in that window (backoff retries,
 *       feelers, dial timeouts).
 *   <li>{@link #churn}: the network breaks the connections of {@value #CHURNED} connected peers,
 *       then virtual time runs a minute so the manager redials them; the {@code events} counter is
 *       the events a listener received, per second of benchmark time.
 *   <li>{@link #stats()} and {@link #peerStates()}: the read cost of the two snapshots an
 *       application polls.
 * </ul>
 *
 * <p>Run with {@code java -jar peer-benchmarks/target/benchmarks.jar Manager -f 1 -wi 3 -i 5 -prof
 * gc}; {@code gc.alloc.rate.norm} is then the allocation per operation (per tick, per churn round).
 * Single-threaded: all work runs on the benchmark thread, which drives the virtual clock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ManagerBenchmark {
  /** Managed peers. */
  static final int MANAGED = 1_000;

  /** Managed peers whose listeners refuse dials, so they are in backoff. */
  static final int REFUSING = 100;

  /** Connections broken per churn round. */
  static final int CHURNED = 100;

  private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

  /**
   * The address book: {@code full} (filled to saturation, the case issue 17 asks about) or {@code
   * empty} (only the managed peers), to show what the book's share of a tick is.
   */
  @Param({"full", "empty"})
  public String book;

  private VirtualTime time;
  private InMemoryNetwork network;
  private PeerManager manager;
  private final List<InMemoryTransport> listeners = new ArrayList<>();
  private final List<PeerAddress> accepting = new ArrayList<>();
  private Duration tickInterval;
  private long events;
  private long opened;
  private int nextChurned;

  /** Events a listener received and connections opened, per second of benchmark wall time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Delivered {
    /** Events delivered to the listener. */
    public long events;

    /** Connections opened (redials that succeeded), to show the churn really reconnects. */
    public long reconnections;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
      reconnections = 0;
    }
  }

  /** Brings up the listeners and the manager, fills the book and lets the connections settle. */
  @Setup(Level.Trial)
  public void setUp() {
    time = new VirtualTime(START);
    network =
        InMemoryNetwork.builder()
            .scheduler(time)
            .latency(Duration.ofMillis(20))
            .latencyJitter(Duration.ofMillis(20))
            .random(new Random(7))
            .build();
    PeerManagerConfig config =
        PeerManagerConfig.builder(NetworkId.MAIN).maxCustomPeers(MANAGED).build();
    tickInterval = config.maintenanceInterval();
    manager =
        PeerManager.builder()
            .config(config)
            .transport(network.transport(PeerAddress.parse("10.0.0.1:9000")))
            .store(new InMemoryPeerStore())
            .identity(NodeIdentity.fromSeed(1))
            .clock(time)
            .scheduler(time)
            .listenerExecutor(Runnable::run)
            .storeExecutor(Runnable::run)
            .random(new Random(11))
            .build();
    manager.addListener(this::count);
    manager.start();
    ConnectionHandler quiet = new ConnectionHandler() {};
    for (int i = 0; i < MANAGED; i++) {
      PeerAddress address = managedAddress(i);
      InMemoryTransport transport = network.transport(address);
      transport.start(
          new TransportContext(
              NodeIdentity.fromSeed(1_000_000L + i), NetworkId.MAIN, c -> c.activate(quiet)));
      listeners.add(transport);
      if (i < REFUSING) {
        network.setRefusing(address, true);
      } else {
        accepting.add(address);
      }
      manager.addPeer(
          manager
              .newPeer(NetworkId.MAIN, address)
              .flag(PeerFlag.PERSISTENT, true)
              .flag(PeerFlag.AUTO_CONNECT, true)
              .build());
    }
    manager.connectAll();
    time.advance(Duration.ofMinutes(10));
    // Filled once the managed peers are up, so the setup does not pay for the book during the
    // thousand initial dials; the measured ticks see the full book.
    if (book.equals("full")) {
      fill(manager.addressBook(), new SplittableRandom(42));
    }
    long started = System.nanoTime();
    time.advance(tickInterval);
    System.out.printf(
        "%n# first tick after setup (%s book): %.1f ms%n", book, (System.nanoTime() - started) / 1e6);
    int connected = 0;
    int backoff = 0;
    for (PeerStatus status : manager.peerStates()) {
      if (status.state() == PeerState.CONNECTED || status.state() == PeerState.ACTIVE) {
        connected++;
      } else if (status.state() == PeerState.BACKOFF) {
        backoff++;
      }
    }
    PeerStats stats = manager.stats();
    if (connected < MANAGED - REFUSING - 10) {
      throw new IllegalStateException(
          "only " + connected + " of " + (MANAGED - REFUSING) + " accepting peers connected");
    }
    System.out.printf(
        "%n# %d managed peers: %d connected, %d in backoff; book: %d new + %d tried%n",
        MANAGED, connected, backoff, stats.newAddresses(), stats.triedAddresses());
  }

  /** Stops the manager and the listeners. */
  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
    for (InMemoryTransport transport : listeners) {
      transport.close();
    }
    time.advance(Duration.ofSeconds(10));
  }

  private void count(PeerEvent event) {
    events++;
    if (event instanceof PeerEvent.ConnectionOpened) {
      opened++;
    }
  }

  /**
   * One maintenance interval of virtual time.
   *
   * @return the virtual time reached, so the JIT cannot drop the work
   */
  @Benchmark
  public Instant tick() {
    time.advance(tickInterval);
    return time.instant();
  }

  /**
   * One churn round: {@value #CHURNED} connections broken by the network, then a virtual minute
   * for the redials.
   *
   * @param delivered where the round's events are counted
   * @return the virtual time reached
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Instant churn(Delivered delivered) {
    long eventsBefore = events;
    long openedBefore = opened;
    for (int k = 0; k < CHURNED; k++) {
      PeerAddress peer = accepting.get(nextChurned);
      nextChurned = (nextChurned + 1) % accepting.size();
      // A node whose own network drops: its connections break at once, and its dials fail.
      network.setOffline(peer, true);
      network.setOffline(peer, false);
    }
    time.advance(Duration.ofMinutes(1));
    delivered.events += events - eventsBefore;
    delivered.reconnections += opened - openedBefore;
    return time.instant();
  }

  /**
   * The manager's statistics snapshot.
   *
   * @return the snapshot
   */
  @Benchmark
  public PeerStats stats() {
    return manager.stats();
  }

  /**
   * The state of every managed peer.
   *
   * @return the states
   */
  @Benchmark
  public List<PeerStatus> peerStates() {
    return manager.peerStates();
  }

  /** Managed peer i's address: 1,000 distinct /16s counted up from 11.0/16. */
  static PeerAddress managedAddress(int i) {
    return PeerAddress.ofIp(new byte[] {(byte) (11 + i / 256), (byte) (i % 256), 0, 1}, 9000);
  }

  /**
   * Fills {@code book} to its capacity: random routable addresses (80% IPv4, the rest IPv6 in
   * 2001::/16) from 1,024 sources, far more than the new table holds, then a fifth of those kept
   * marked good, which fills the tried table.
   */
  static void fill(AddressBook book, SplittableRandom random) {
    PeerAddress[] sources = new PeerAddress[1_024];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = randomAddress(random);
    }
    for (int round = 0; round < 1_600; round++) {
      List<TimestampedAddress> batch = new ArrayList<>(256);
      for (int j = 0; j < 256; j++) {
        batch.add(new TimestampedAddress(randomAddress(random), START));
      }
      book.add(batch, sources[round % sources.length], Duration.ZERO);
    }
    List<PeerAddress> kept = new ArrayList<>(book.addressesToShare(book.size(), 100));
    for (int i = 0; i < kept.size(); i += 3) {
      book.markGood(kept.get(i));
    }
  }

  private static PeerAddress randomAddress(SplittableRandom random) {
    if (random.nextInt(5) == 0) {
      byte[] ip = new byte[16];
      ip[0] = 0x20;
      ip[1] = 0x01;
      for (int i = 2; i < ip.length; i++) {
        ip[i] = (byte) random.nextInt(256);
      }
      return PeerAddress.ofIp(ip, 1 + random.nextInt(65_535));
    }
    byte[] ip = new byte[4];
    ip[0] = (byte) (16 + random.nextInt(200));
    for (int i = 1; i < ip.length; i++) {
      ip[i] = (byte) random.nextInt(256);
    }
    return PeerAddress.ofIp(ip, 1 + random.nextInt(65_535));
  }
}
