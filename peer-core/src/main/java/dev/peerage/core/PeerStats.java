package dev.peerage.core;

import dev.peerage.core.internal.manager.PeerStatsBuilder;
import dev.peerage.core.internal.manager.Snapshots;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of what the peer manager is doing, for status pages and metrics (module
 * {@code peer-micrometer} exports every figure to Micrometer). Counters are totals since
 * {@link PeerManager#start()}; the other figures are the state at {@link #at()}. Immutable and
 * thread-safe. The maps are unmodifiable and iterate in key order.
 *
 * <h2>Evolution</h2>
 *
 * <p>Only the manager builds snapshots: there is no public constructor, so a host depends on the
 * accessors alone. A new figure arrives as a new accessor method; existing accessors are never removed
 * or changed, and a map may gain keys (a new dial outcome, a new task). So a host compiled against one
 * version runs against later ones. {@link #equals}, {@link #hashCode} and {@link #toString} cover every
 * figure, so {@code toString} gains fields over time; parse the accessors, not the text.
 *
 * <p>Taking a snapshot costs one pass over the managed peers and the live connections under the
 * manager's lock; a metrics scrape should take one snapshot and read every figure from it.
 */
public final class PeerStats {
  static {
    Snapshots.install(new SnapshotFactory());
  }

  private final Instant at;
  private final Map<PeerState, Integer> managedByState;
  private final int inbound;
  private final int outbound;
  private final int connections;
  private final int dialsInFlight;
  private final int knownAddresses;
  private final int newAddresses;
  private final int triedAddresses;
  private final int bans;
  private final Map<String, Long> dialsByOutcome;
  private final Map<String, Long> dialsByPurpose;
  private final Map<String, Long> disconnectsByReason;
  private final Map<String, Long> inboundRefusedByReason;
  private final long exchangeRequestsSent;
  private final long exchangeRequestsAnswered;
  private final long addressesLearned;
  private final long addressesShared;
  private final long addressesDropped;
  private final long bytesIn;
  private final long bytesOut;
  private final WarmStart warmStart;
  private final Map<String, Long> tasks;

  private PeerStats(Builder b) {
    at = Objects.requireNonNull(b.at, "at");
    managedByState = sortedCopy(b.managedByState, "managedByState");
    inbound = b.inbound;
    outbound = b.outbound;
    connections = b.connections;
    dialsInFlight = b.dialsInFlight;
    knownAddresses = b.knownAddresses;
    newAddresses = b.newAddresses;
    triedAddresses = b.triedAddresses;
    bans = b.bans;
    dialsByOutcome = sortedCopy(b.dialsByOutcome, "dialsByOutcome");
    dialsByPurpose = sortedCopy(b.dialsByPurpose, "dialsByPurpose");
    disconnectsByReason = sortedCopy(b.disconnectsByReason, "disconnectsByReason");
    inboundRefusedByReason = sortedCopy(b.inboundRefusedByReason, "inboundRefusedByReason");
    exchangeRequestsSent = b.exchangeRequestsSent;
    exchangeRequestsAnswered = b.exchangeRequestsAnswered;
    addressesLearned = b.addressesLearned;
    addressesShared = b.addressesShared;
    addressesDropped = b.addressesDropped;
    bytesIn = b.bytesIn;
    bytesOut = b.bytesOut;
    warmStart = Objects.requireNonNull(b.warmStart, "warmStart");
    tasks = sortedCopy(b.tasks, "tasks");
  }

  /**
   * An unmodifiable copy that iterates in key order, so two snapshots of the same state print the
   * same text on every JVM ({@code Map.copyOf} iterates in an order salted per JVM run).
   */
  private static <K extends Comparable<K>, V> Map<K, V> sortedCopy(Map<K, V> map, String name) {
    Objects.requireNonNull(map, name);
    TreeMap<K, V> sorted = new TreeMap<>();
    map.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, name + " key"),
        Objects.requireNonNull(value, name + " value")));
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * When the snapshot was taken, on the manager's clock.
   *
   * @return the instant
   */
  public Instant at() {
    return at;
  }

  /**
   * Managed peers of the active network by state; a state with none is absent.
   *
   * @return an unmodifiable map in {@link PeerState} order
   */
  public Map<PeerState, Integer> managedByState() {
    return managedByState;
  }

  /**
   * Live inbound connections.
   *
   * @return 0 to {@link PeerManagerConfig#maxInbound()}
   */
  public int inbound() {
    return inbound;
  }

  /**
   * Live outbound connections, feelers excluded (a feeler only tests an address and closes at once).
   *
   * @return 0 or more
   */
  public int outbound() {
    return outbound;
  }

  /**
   * Every live connection: {@link #inbound()} plus {@link #outbound()} plus live feelers; the size of
   * {@link PeerManager#connections()} at {@link #at()}.
   *
   * @return 0 or more
   */
  public int connections() {
    return connections;
  }

  /**
   * Dials started and not yet finished (connected, failed or timed out), of every purpose.
   *
   * @return 0 to {@link PeerManagerConfig#maxConcurrentDials()}
   */
  public int dialsInFlight() {
    return dialsInFlight;
  }

  /**
   * Addresses in the address book.
   *
   * @return {@link #newAddresses()} plus {@link #triedAddresses()}
   */
  public int knownAddresses() {
    return knownAddresses;
  }

  /**
   * Addresses in the book's new table (heard of, never connected).
   *
   * @return 0 or more
   */
  public int newAddresses() {
    return newAddresses;
  }

  /**
   * Addresses in the book's tried table (connected at least once).
   *
   * @return 0 or more
   */
  public int triedAddresses() {
    return triedAddresses;
  }

  /**
   * Active bans.
   *
   * @return 0 or more
   */
  public int bans() {
    return bans;
  }

  /**
   * Finished dials by outcome: {@code CONNECTED}; {@code REFUSED_BY_US} (connected, then refused by
   * this node's checks: a ban, itself, the wrong node); {@code DUPLICATE} and {@code DUPLICATE_FAILED}
   * (a managed peer's dial that finished after a connection in the other direction won); a
   * {@link DialException.Failure} name; or {@code OTHER} (an unexpected exception).
   *
   * @return an unmodifiable map in key order; an outcome with none is absent
   */
  public Map<String, Long> dialsByOutcome() {
    return dialsByOutcome;
  }

  /**
   * Started dials by purpose: {@code MANAGED}, {@code BOOTSTRAP}, {@code ANCHOR}, {@code CACHE},
   * {@code BOOK}, {@code FEELER}, {@code CRAWL}.
   *
   * @return an unmodifiable map in key order; a purpose with none is absent
   */
  public Map<String, Long> dialsByPurpose() {
    return dialsByPurpose;
  }

  /**
   * Closed connections by {@link DisconnectReason.Code} name.
   *
   * @return an unmodifiable map in key order; a reason with none is absent
   */
  public Map<String, Long> disconnectsByReason() {
    return disconnectsByReason;
  }

  /**
   * Refused inbound connections by {@link DisconnectReason.Code} name.
   *
   * @return an unmodifiable map in key order; a reason with none is absent
   */
  public Map<String, Long> inboundRefusedByReason() {
    return inboundRefusedByReason;
  }

  /**
   * Address requests this node sent.
   *
   * @return 0 or more
   */
  public long exchangeRequestsSent() {
    return exchangeRequestsSent;
  }

  /**
   * Address requests this node answered.
   *
   * @return 0 or more
   */
  public long exchangeRequestsAnswered() {
    return exchangeRequestsAnswered;
  }

  /**
   * Addresses that entered the address book from peer exchange or discovery.
   *
   * @return 0 or more
   */
  public long addressesLearned() {
    return addressesLearned;
  }

  /**
   * Addresses sent in answers.
   *
   * @return 0 or more
   */
  public long addressesShared() {
    return addressesShared;
  }

  /**
   * Addresses refused by the per-peer rate limit.
   *
   * @return 0 or more
   */
  public long addressesDropped() {
    return addressesDropped;
  }

  /**
   * Bytes received: on connections that have closed, plus the live ones so far.
   *
   * @return bytes, 0 or more
   */
  public long bytesIn() {
    return bytesIn;
  }

  /**
   * Bytes sent, counted as {@link #bytesIn()}.
   *
   * @return bytes, 0 or more
   */
  public long bytesOut() {
    return bytesOut;
  }

  /**
   * How the last start went.
   *
   * @return the warm-start figures
   */
  public WarmStart warmStart() {
    return warmStart;
  }

  /**
   * Runs of each background task: {@code maintenance}, {@code save}, {@code feeler},
   * {@code rotation}, {@code discovery}.
   *
   * @return an unmodifiable map in key order; a task that never ran is absent
   */
  public Map<String, Long> tasks() {
    return tasks;
  }

  /**
   * The number of finished dials with the given outcome.
   *
   * @param outcome a key of {@link #dialsByOutcome()}
   * @return the count, 0 if none
   */
  public long dials(String outcome) {
    return dialsByOutcome.getOrDefault(outcome, 0L);
  }

  /**
   * Whether {@code o} is a snapshot with the same figures, {@link #at()} included.
   *
   * @param o the other object
   * @return {@code true} if every figure is equal
   */
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof PeerStats s
        && at.equals(s.at)
        && managedByState.equals(s.managedByState)
        && inbound == s.inbound
        && outbound == s.outbound
        && connections == s.connections
        && dialsInFlight == s.dialsInFlight
        && knownAddresses == s.knownAddresses
        && newAddresses == s.newAddresses
        && triedAddresses == s.triedAddresses
        && bans == s.bans
        && dialsByOutcome.equals(s.dialsByOutcome)
        && dialsByPurpose.equals(s.dialsByPurpose)
        && disconnectsByReason.equals(s.disconnectsByReason)
        && inboundRefusedByReason.equals(s.inboundRefusedByReason)
        && exchangeRequestsSent == s.exchangeRequestsSent
        && exchangeRequestsAnswered == s.exchangeRequestsAnswered
        && addressesLearned == s.addressesLearned
        && addressesShared == s.addressesShared
        && addressesDropped == s.addressesDropped
        && bytesIn == s.bytesIn
        && bytesOut == s.bytesOut
        && warmStart.equals(s.warmStart)
        && tasks.equals(s.tasks);
  }

  /**
   * A hash of every figure, consistent with {@link #equals}.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return Objects.hash(at, managedByState, inbound, outbound, connections, dialsInFlight,
        knownAddresses, newAddresses, triedAddresses, bans, dialsByOutcome, dialsByPurpose,
        disconnectsByReason, inboundRefusedByReason, exchangeRequestsSent, exchangeRequestsAnswered,
        addressesLearned, addressesShared, addressesDropped, bytesIn, bytesOut, warmStart, tasks);
  }

  /**
   * Every figure as {@code name=value}, for logs; the same text for the same figures on every JVM.
   *
   * @return for example {@code PeerStats[at=..., managedByState={CONNECTED=2}, inbound=1, ...]}
   */
  @Override
  public String toString() {
    return "PeerStats[at=" + at + ", managedByState=" + managedByState + ", inbound=" + inbound
        + ", outbound=" + outbound + ", connections=" + connections + ", dialsInFlight=" + dialsInFlight
        + ", knownAddresses=" + knownAddresses + ", newAddresses=" + newAddresses
        + ", triedAddresses=" + triedAddresses + ", bans=" + bans + ", dialsByOutcome=" + dialsByOutcome
        + ", dialsByPurpose=" + dialsByPurpose + ", disconnectsByReason=" + disconnectsByReason
        + ", inboundRefusedByReason=" + inboundRefusedByReason + ", exchangeRequestsSent="
        + exchangeRequestsSent + ", exchangeRequestsAnswered=" + exchangeRequestsAnswered
        + ", addressesLearned=" + addressesLearned + ", addressesShared=" + addressesShared
        + ", addressesDropped=" + addressesDropped + ", bytesIn=" + bytesIn + ", bytesOut=" + bytesOut
        + ", warmStart=" + warmStart + ", tasks=" + tasks + "]";
  }

  /**
   * How the last start went: whether the warm cache spared the bootstrap peers. Immutable;
   * built by the manager only, and evolves like {@link PeerStats}: new figures are new accessors.
   */
  public static final class WarmStart {
    private final int cachedCandidates;
    private final int cacheDialed;
    private final int cacheConnected;
    private final int bootstrapDials;
    private final int bootstrapDialsAvoided;
    private final Optional<Duration> timeToFirstConnection;
    private final Optional<Duration> timeToTarget;

    private WarmStart(int cachedCandidates, int cacheDialed, int cacheConnected, int bootstrapDials,
        int bootstrapDialsAvoided, Optional<Duration> timeToFirstConnection,
        Optional<Duration> timeToTarget) {
      this.cachedCandidates = cachedCandidates;
      this.cacheDialed = cacheDialed;
      this.cacheConnected = cacheConnected;
      this.bootstrapDials = bootstrapDials;
      this.bootstrapDialsAvoided = bootstrapDialsAvoided;
      this.timeToFirstConnection = Objects.requireNonNull(timeToFirstConnection, "timeToFirstConnection");
      this.timeToTarget = Objects.requireNonNull(timeToTarget, "timeToTarget");
    }

    private static final WarmStart NONE = new WarmStart(0, 0, 0, 0, 0, Optional.empty(),
        Optional.empty());

    /**
     * Anchors and cached peers the start dialled from (fresh enough, best first).
     *
     * @return 0 or more
     */
    public int cachedCandidates() {
      return cachedCandidates;
    }

    /**
     * How many cached candidates were dialled.
     *
     * @return 0 or more
     */
    public int cacheDialed() {
      return cacheDialed;
    }

    /**
     * How many dialled cached candidates answered.
     *
     * @return 0 to {@link #cacheDialed()}
     */
    public int cacheConnected() {
      return cacheConnected;
    }

    /**
     * Dials to default bootstrap peers since the start.
     *
     * @return 0 or more
     */
    public int bootstrapDials() {
      return bootstrapDials;
    }

    /**
     * Default bootstrap peers not dialled because the cache reached the outbound target first.
     *
     * @return 0 or more
     */
    public int bootstrapDialsAvoided() {
      return bootstrapDialsAvoided;
    }

    /**
     * From start to the first connection, once there is one.
     *
     * @return the duration, empty until the first connection
     */
    public Optional<Duration> timeToFirstConnection() {
      return timeToFirstConnection;
    }

    /**
     * From start to the outbound target, once reached.
     *
     * @return the duration, empty until the target is reached
     */
    public Optional<Duration> timeToTarget() {
      return timeToTarget;
    }

    /**
     * The share of dialled cached peers that answered.
     *
     * @return 0.0 to 1.0; 0 if none was dialled
     */
    public double cacheHitRate() {
      return cacheDialed == 0 ? 0.0 : cacheConnected / (double) cacheDialed;
    }

    /**
     * Whether {@code o} holds the same figures.
     *
     * @param o the other object
     * @return {@code true} if every figure is equal
     */
    @Override
    public boolean equals(Object o) {
      return this == o || o instanceof WarmStart w
          && cachedCandidates == w.cachedCandidates
          && cacheDialed == w.cacheDialed
          && cacheConnected == w.cacheConnected
          && bootstrapDials == w.bootstrapDials
          && bootstrapDialsAvoided == w.bootstrapDialsAvoided
          && timeToFirstConnection.equals(w.timeToFirstConnection)
          && timeToTarget.equals(w.timeToTarget);
    }

    /**
     * A hash of every figure, consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
      return Objects.hash(cachedCandidates, cacheDialed, cacheConnected, bootstrapDials,
          bootstrapDialsAvoided, timeToFirstConnection, timeToTarget);
    }

    /**
     * Every figure as {@code name=value}.
     *
     * @return for example {@code WarmStart[cachedCandidates=3, ...]}
     */
    @Override
    public String toString() {
      return "WarmStart[cachedCandidates=" + cachedCandidates + ", cacheDialed=" + cacheDialed
          + ", cacheConnected=" + cacheConnected + ", bootstrapDials=" + bootstrapDials
          + ", bootstrapDialsAvoided=" + bootstrapDialsAvoided + ", timeToFirstConnection="
          + timeToFirstConnection + ", timeToTarget=" + timeToTarget + "]";
    }
  }

  /** The manager's builder, reached through {@link Snapshots#peerStats()}. */
  static final class Builder implements PeerStatsBuilder {
    private Instant at;
    private Map<PeerState, Integer> managedByState = Map.of();
    private int inbound;
    private int outbound;
    private int connections;
    private int dialsInFlight;
    private int knownAddresses;
    private int newAddresses;
    private int triedAddresses;
    private int bans;
    private Map<String, Long> dialsByOutcome = Map.of();
    private Map<String, Long> dialsByPurpose = Map.of();
    private Map<String, Long> disconnectsByReason = Map.of();
    private Map<String, Long> inboundRefusedByReason = Map.of();
    private long exchangeRequestsSent;
    private long exchangeRequestsAnswered;
    private long addressesLearned;
    private long addressesShared;
    private long addressesDropped;
    private long bytesIn;
    private long bytesOut;
    private WarmStart warmStart = WarmStart.NONE;
    private Map<String, Long> tasks = Map.of();

    @Override
    public Builder at(Instant value) {
      at = value;
      return this;
    }

    @Override
    public Builder managedByState(Map<PeerState, Integer> value) {
      managedByState = value;
      return this;
    }

    @Override
    public Builder inbound(int value) {
      inbound = value;
      return this;
    }

    @Override
    public Builder outbound(int value) {
      outbound = value;
      return this;
    }

    @Override
    public Builder connections(int value) {
      connections = value;
      return this;
    }

    @Override
    public Builder dialsInFlight(int value) {
      dialsInFlight = value;
      return this;
    }

    @Override
    public Builder knownAddresses(int value) {
      knownAddresses = value;
      return this;
    }

    @Override
    public Builder newAddresses(int value) {
      newAddresses = value;
      return this;
    }

    @Override
    public Builder triedAddresses(int value) {
      triedAddresses = value;
      return this;
    }

    @Override
    public Builder bans(int value) {
      bans = value;
      return this;
    }

    @Override
    public Builder dialsByOutcome(Map<String, Long> value) {
      dialsByOutcome = value;
      return this;
    }

    @Override
    public Builder dialsByPurpose(Map<String, Long> value) {
      dialsByPurpose = value;
      return this;
    }

    @Override
    public Builder disconnectsByReason(Map<String, Long> value) {
      disconnectsByReason = value;
      return this;
    }

    @Override
    public Builder inboundRefusedByReason(Map<String, Long> value) {
      inboundRefusedByReason = value;
      return this;
    }

    @Override
    public Builder exchangeRequestsSent(long value) {
      exchangeRequestsSent = value;
      return this;
    }

    @Override
    public Builder exchangeRequestsAnswered(long value) {
      exchangeRequestsAnswered = value;
      return this;
    }

    @Override
    public Builder addressesLearned(long value) {
      addressesLearned = value;
      return this;
    }

    @Override
    public Builder addressesShared(long value) {
      addressesShared = value;
      return this;
    }

    @Override
    public Builder addressesDropped(long value) {
      addressesDropped = value;
      return this;
    }

    @Override
    public Builder bytesIn(long value) {
      bytesIn = value;
      return this;
    }

    @Override
    public Builder bytesOut(long value) {
      bytesOut = value;
      return this;
    }

    @Override
    public Builder warmStart(int cachedCandidates, int cacheDialed, int cacheConnected,
        int bootstrapDials, int bootstrapDialsAvoided, Optional<Duration> timeToFirstConnection,
        Optional<Duration> timeToTarget) {
      warmStart = new WarmStart(cachedCandidates, cacheDialed, cacheConnected, bootstrapDials,
          bootstrapDialsAvoided, timeToFirstConnection, timeToTarget);
      return this;
    }

    @Override
    public Builder tasks(Map<String, Long> value) {
      tasks = value;
      return this;
    }

    @Override
    public PeerStats build() {
      return new PeerStats(this);
    }
  }
}
