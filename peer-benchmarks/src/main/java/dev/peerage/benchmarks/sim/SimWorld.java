package dev.peerage.benchmarks.sim;

import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerStats;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * One simulated network: a virtual clock, an in-memory network and a peer manager per running node, each
 * with its own store (kept across restarts) and a random source derived from the run's seed. Not
 * thread-safe: a simulation runs on one thread.
 */
final class SimWorld implements AutoCloseable {
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  static final int SEEDS = 5;
  static final int GROUPS = 1250;

  final long seed;
  final Random random;
  VirtualTime time;
  InMemoryNetwork network;
  final Map<Integer, PeerManager> running = new HashMap<>();
  final Map<Integer, InMemoryPeerStore> stores = new HashMap<>();
  final Map<Integer, Instant> startedAt = new HashMap<>();
  private final List<PeerAddress> seedAddresses = new ArrayList<>();
  private boolean discardSaves;
  private BiConsumer<Integer, PeerEvent> eventTap;

  /** A store that starts empty and forgets every save. */
  private static final PeerStore DISCARDING = new PeerStore() {
    @Override
    public PeerSnapshot load() {
      return PeerSnapshot.empty();
    }

    @Override
    public void save(PeerSnapshot snapshot) {}

    @Override
    public void close() {}
  };

  SimWorld(long seed) {
    this(seed, EPOCH);
  }

  private SimWorld(long seed, Instant start) {
    this.seed = seed;
    this.random = new Random(seed);
    this.time = new VirtualTime(start);
    this.network = newNetwork(time, seed);
    for (int i = 0; i < SEEDS; i++) {
      seedAddresses.add(address(i));
    }
  }

  private static InMemoryNetwork newNetwork(VirtualTime time, long seed) {
    return InMemoryNetwork.builder().scheduler(time).latency(Duration.ofMillis(40))
        .latencyJitter(Duration.ofMillis(40)).random(new Random(seed * 31 + 7)).build();
  }

  /**
   * Node i's address: nodes are dealt round-robin over 1,250 /16s counted up from 11.0/16 (11/8 to
   * 15/8, all publicly routable), so up to 1,250 nodes each have a group of their own and 10,000
   * nodes share eight to a group.
   */
  static PeerAddress address(int i) {
    int group = i % GROUPS;
    int host = i / GROUPS;
    int a = 11 + group / 256;
    int b = group % 256;
    return PeerAddress.parse(a + "." + b + "." + (host / 250 + 1) + "." + (host % 250 + 1) + ":9000");
  }

  /**
   * Listener identities for scenarios that bring up thousands of plain listeners: the same for every
   * run (deriving an Ed25519 key costs about a millisecond, which dominated a run), grown on demand.
   */
  private static final List<List<NodeIdentity>> LISTENER_IDENTITIES =
      List.of(new ArrayList<>(), new ArrayList<>());

  /** Identity {@code index} of pool 0 (honest listeners) or 1 (attacker listeners). */
  static synchronized NodeIdentity listenerIdentity(int pool, int index) {
    List<NodeIdentity> identities = LISTENER_IDENTITIES.get(pool);
    while (identities.size() <= index) {
      identities.add(NodeIdentity.fromSeed((pool + 3L) * 1_000_000_000L + identities.size()));
    }
    return identities.get(index);
  }

  static PeerManagerConfig defaultConfig() {
    return PeerManagerConfig.builder(NetworkId.MAIN).build();
  }

  /**
   * Every event of every node started from now on is passed to {@code tap} with the node's index, on
   * the simulation's thread, in the order the managers publish them (the golden-transcript test).
   */
  void tapEvents(BiConsumer<Integer, PeerEvent> tap) {
    this.eventTap = tap;
  }

  List<PeerAddress> seedAddresses() {
    return seedAddresses;
  }

  /** Starts node i (with its stored state, if it ran before) and registers the seed nodes. */
  PeerManager start(int i, PeerManagerConfig config) {
    if (discardSaves) {
      return start(i, address(i), config, DISCARDING);
    }
    InMemoryPeerStore store = stores.computeIfAbsent(i, k -> new InMemoryPeerStore());
    return start(i, config, store);
  }

  /**
   * From now on, nodes started by {@link #start(int, PeerManagerConfig)} get a store that keeps
   * nothing: for scenarios in which no node restarts, so the heap holds no second copy of every book.
   */
  void discardSaves() {
    discardSaves = true;
  }

  PeerManager start(int i, PeerManagerConfig config, InMemoryPeerStore store) {
    return start(i, address(i), config, store);
  }

  /** Starts node i listening at the given address (seed nodes, 0 to 4, register no defaults). */
  PeerManager start(int i, PeerAddress address, PeerManagerConfig config, PeerStore store) {
    if (running.containsKey(i)) {
      throw new IllegalStateException("node " + i + " is already running");
    }
    if (store instanceof InMemoryPeerStore kept) {
      stores.put(i, kept);
    }
    PeerManager manager = PeerManager.builder()
        .config(config)
        .transport(network.transport(address))
        .store(store)
        .clock(time)
        .scheduler(time)
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .random(new Random(seed * 1_000_003L + i * 7919L + time.millis()))
        .build();
    if (eventTap != null) {
      BiConsumer<Integer, PeerEvent> tap = eventTap;
      manager.addListener(event -> tap.accept(i, event));
    }
    if (i >= SEEDS) {
      manager.registerDefaults(NetworkId.MAIN, seedAddresses);
    }
    manager.start();
    running.put(i, manager);
    startedAt.put(i, time.instant());
    return manager;
  }

  /**
   * Starts nodes {@code from} to {@code to - 1} at random moments spread over {@code spread} (seeds
   * first, at once), returning when the last has started.
   */
  void startSpread(int from, int to, PeerManagerConfig config, Duration spread) {
    Instant t0 = time.instant();
    long[] at = new long[to - from];
    Integer[] order = new Integer[to - from];
    for (int k = 0; k < at.length; k++) {
      at[k] = from + k < SEEDS ? 0 : (long) (random.nextDouble() * spread.toMillis());
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Long.compare(at[a], at[b]));
    for (int k : order) {
      time.advanceTo(t0.plusMillis(at[k]));
      start(from + k, config);
    }
  }

  /** Stops node i; its store keeps what it saved on close. */
  void stop(int i) {
    PeerManager manager = running.remove(i);
    if (manager != null) {
      manager.close();
    }
  }

  /** Stops every node and moves the world to a fresh network and clock {@code gap} later. */
  void restartWorld(Duration gap) {
    for (PeerManager manager : running.values()) {
      manager.close();
    }
    running.clear();
    time.advance(Duration.ofSeconds(10)); // lets the closes finish
    Instant later = time.instant().plus(gap);
    time = new VirtualTime(later);
    network = newNetwork(time, seed + 1);
  }

  void run(Duration duration) {
    time.advance(duration);
  }

  static int outbound(PeerManager manager) {
    int n = 0;
    for (Connection c : manager.connections()) {
      if (c.direction() == Direction.OUTBOUND) {
        n++;
      }
    }
    return n;
  }

  static long dials(PeerStats stats) {
    long n = 0;
    for (long v : stats.dialsByPurpose().values()) {
      n += v;
    }
    return n;
  }

  @Override
  public void close() {
    for (PeerManager manager : running.values()) {
      manager.close();
    }
    running.clear();
  }
}
