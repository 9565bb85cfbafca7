package dev.peerage.core;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of a {@link PeerManager}. Immutable; build with {@link #builder(NetworkId)}. Every setter
 * checks its value at once and names it in the exception; {@link Builder#build()} checks the rules
 * between settings. Each default is given with its reason on the getter.
 */
public final class PeerManagerConfig {
  private final NetworkId network;
  private final Set<NetworkId> networks;
  private final int maxCustomPeers;
  private final InboundPolicy inboundPolicy;
  private final int maxInbound;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;
  private final int outboundTarget;
  private final int maxOutbound;
  private final int minOutbound;
  private final int maxConcurrentDials;
  private final boolean oneOutboundPerGroup;
  private final boolean pinnedCountTowardLimits;
  private final Duration maintenanceInterval;
  private final Duration feelerInterval;
  private final Duration rotationInterval;
  private final Duration groupBackoffBase;
  private final Duration groupBackoffCap;
  private final int startupBurst;
  private final Duration startupSpread;
  private final Duration cacheMaxAge;
  private final int cacheSize;
  private final Duration bootstrapDelay;
  private final int exchangeWhenBelow;
  private final Duration exchangeInterval;
  private final double addressRate;
  private final int addressBurst;
  private final Duration inboundRateWindow;
  private final Duration inactivityTimeout;
  private final Duration unreachableAfter;
  private final boolean autoDisableUnreachable;
  private final boolean crawler;
  private final ReconnectPolicy reconnectPolicy;
  private final Duration stableConnection;
  private final Duration saveInterval;
  private final Duration saveDebounce;
  private final Duration saveRetry;
  private final Duration closeTimeout;
  private final AddressBookConfig addressBook;
  private final ScoringPolicy scoring;
  private final BanPolicy bans;

  private PeerManagerConfig(Builder b) {
    this.network = b.network;
    LinkedHashSet<NetworkId> all = new LinkedHashSet<>();
    all.add(b.network);
    all.addAll(b.extraNetworks);
    this.networks = Collections.unmodifiableSet(all);
    this.maxCustomPeers = b.maxCustomPeers;
    this.inboundPolicy = b.inboundPolicy;
    this.maxInbound = b.maxInbound;
    this.connectTimeout = b.connectTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.outboundTarget = b.outboundTarget;
    this.maxOutbound = b.maxOutbound;
    this.minOutbound = b.minOutbound;
    this.maxConcurrentDials = b.maxConcurrentDials;
    this.oneOutboundPerGroup = b.oneOutboundPerGroup;
    this.pinnedCountTowardLimits = b.pinnedCountTowardLimits;
    this.maintenanceInterval = b.maintenanceInterval;
    this.feelerInterval = b.feelerInterval;
    this.rotationInterval = b.rotationInterval;
    this.groupBackoffBase = b.groupBackoffBase;
    this.groupBackoffCap = b.groupBackoffCap;
    this.startupBurst = b.startupBurst;
    this.startupSpread = b.startupSpread;
    this.cacheMaxAge = b.cacheMaxAge;
    this.cacheSize = b.cacheSize;
    this.bootstrapDelay = b.bootstrapDelay;
    this.exchangeWhenBelow = b.exchangeWhenBelow;
    this.exchangeInterval = b.exchangeInterval;
    this.addressRate = b.addressRate;
    this.addressBurst = b.addressBurst;
    this.inboundRateWindow = b.inboundRateWindow;
    this.inactivityTimeout = b.inactivityTimeout;
    this.unreachableAfter = b.unreachableAfter;
    this.autoDisableUnreachable = b.autoDisableUnreachable;
    this.crawler = b.crawler;
    this.reconnectPolicy = b.reconnectPolicy;
    this.stableConnection = b.stableConnection;
    this.saveInterval = b.saveInterval;
    this.saveDebounce = b.saveDebounce;
    this.saveRetry = b.saveRetry;
    this.closeTimeout = b.closeTimeout;
    this.addressBook = b.addressBook;
    this.scoring = b.scoring;
    this.bans = b.bans;
  }

  /**
   * A builder for a node on the given network, holding the defaults.
   *
   * @param network the network this node joins: the only one it dials and accepts
   * @return a new builder
   */
  public static Builder builder(NetworkId network) {
    return new Builder(network);
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(network);
    b.extraNetworks.addAll(networks);
    b.extraNetworks.remove(network);
    b.maxCustomPeers = maxCustomPeers;
    b.inboundPolicy = inboundPolicy;
    b.maxInbound = maxInbound;
    b.connectTimeout = connectTimeout;
    b.handshakeTimeout = handshakeTimeout;
    b.outboundTarget = outboundTarget;
    b.maxOutbound = maxOutbound;
    b.minOutbound = minOutbound;
    b.maxConcurrentDials = maxConcurrentDials;
    b.oneOutboundPerGroup = oneOutboundPerGroup;
    b.pinnedCountTowardLimits = pinnedCountTowardLimits;
    b.maintenanceInterval = maintenanceInterval;
    b.feelerInterval = feelerInterval;
    b.rotationInterval = rotationInterval;
    b.groupBackoffBase = groupBackoffBase;
    b.groupBackoffCap = groupBackoffCap;
    b.startupBurst = startupBurst;
    b.startupSpread = startupSpread;
    b.cacheMaxAge = cacheMaxAge;
    b.cacheSize = cacheSize;
    b.bootstrapDelay = bootstrapDelay;
    b.exchangeWhenBelow = exchangeWhenBelow;
    b.exchangeInterval = exchangeInterval;
    b.addressRate = addressRate;
    b.addressBurst = addressBurst;
    b.inboundRateWindow = inboundRateWindow;
    b.inactivityTimeout = inactivityTimeout;
    b.unreachableAfter = unreachableAfter;
    b.autoDisableUnreachable = autoDisableUnreachable;
    b.crawler = crawler;
    b.reconnectPolicy = reconnectPolicy;
    b.stableConnection = stableConnection;
    b.saveInterval = saveInterval;
    b.saveDebounce = saveDebounce;
    b.saveRetry = saveRetry;
    b.closeTimeout = closeTimeout;
    b.addressBook = addressBook;
    b.scoring = scoring;
    b.bans = bans;
    return b;
  }

  /**
   * The network this node joins: it dials only this network's peers and refuses connections from others.
   *
   * @return the active network
   */
  public NetworkId network() {
    return network;
  }

  /**
   * The networks whose managed peer lists this manager keeps: the active one first, then any extra ones
   * (a wallet that can launch a node on several networks keeps a list for each). A peer of any other network
   * is refused.
   *
   * @return an unmodifiable set, the active network first
   */
  public Set<NetworkId> networks() {
    return networks;
  }

  /**
   * The most custom (non-default) managed peers per network. Default 100: far more than anyone configures
   * by hand, small enough that a runaway import cannot flood the list (seed 000 asks for a limit).
   *
   * @return the limit, 1 to 100,000
   */
  public int maxCustomPeers() {
    return maxCustomPeers;
  }

  /**
   * Whom to accept inbound connections from. Default {@link InboundPolicy#ANYONE}, right for public nodes;
   * private groups choose {@link InboundPolicy#KNOWN_PEERS_ONLY}.
   *
   * @return the policy
   */
  public InboundPolicy inboundPolicy() {
    return inboundPolicy;
  }

  /**
   * The most inbound connections at once. Default 40 (CometBFT's inbound limit): enough to serve the
   * network, few enough for a home connection.
   *
   * @return the limit, 0 to 10,000
   */
  public int maxInbound() {
    return maxInbound;
  }

  /**
   * How long the connect part of a dial may take. Default 10 seconds (Besu; ANCHORS gives 3 to 15 s).
   *
   * @return the timeout, positive
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long the handshake after the connect may take. Default 15 seconds (ANCHORS: 10 to 20 s). The
   * manager gives the transport {@code connectTimeout + handshakeTimeout} for the whole dial.
   *
   * @return the timeout, positive
   */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * The whole time one dial may take: {@link #connectTimeout()} plus {@link #handshakeTimeout()}.
   *
   * @return the dial timeout
   */
  public Duration dialTimeout() {
    return connectTimeout.plus(handshakeTimeout);
  }

  /**
   * How many outbound connections to discovered peers the maintenance tick keeps. Default 8 (Bitcoin Core's
   * full outbound connections): enough diversity that an attacker must control many groups to eclipse us.
   *
   * @return the target, 0 to 1,000
   */
  public int outboundTarget() {
    return outboundTarget;
  }

  /**
   * The most outbound connections at once, counting pinned peers when
   * {@link #pinnedCountTowardLimits()} says so. Default 10: the target plus Core's 2 extra (block-relay)
   * slots, headroom for rotation. Unconditional peers are never counted.
   *
   * @return the maximum, at least the target
   */
  public int maxOutbound() {
    return maxOutbound;
  }

  /**
   * Below this many outbound connections the node is starved: bootstrap peers and discovery sources are
   * used at once, without waiting for the warm-start delay. Default 2.
   *
   * @return the minimum, 0 to the target
   */
  public int minOutbound() {
    return minOutbound;
  }

  /**
   * The most dials in flight at once. Default 16: geth allows 50 concurrent dials for 50 peers; 16 keeps
   * about that ratio for 8 outbound and 40 inbound peers while bounding sockets and memory.
   *
   * @return the limit, 1 to 1,000
   */
  public int maxConcurrentDials() {
    return maxConcurrentDials;
  }

  /**
   * Whether at most one outbound connection to discovered peers per network group is made. Default
   * {@code true} (Bitcoin Core): an attacker holding addresses in a few /16s then gets at most a few of our
   * outbound slots.
   *
   * @return {@code true} for one outbound per group
   */
  public boolean oneOutboundPerGroup() {
    return oneOutboundPerGroup;
  }

  /**
   * Whether pinned managed peers (persistent or auto-connect) count toward {@link #outboundTarget()} and
   * {@link #maxOutbound()}. Default {@code false}, as Bitcoin Core's added nodes: a pinned peer never takes
   * the place of a discovered peer, and is never refused because the limits are full. With {@code true},
   * pinned peers fill outbound slots first and discovered peers get the rest.
   *
   * @return {@code true} if pinned peers count
   */
  public boolean pinnedCountTowardLimits() {
    return pinnedCountTowardLimits;
  }

  /**
   * How often the maintenance tick tops up outbound connections, resolves collisions and sweeps. Default
   * 15 seconds; the tick also runs after every disconnect and dial result.
   *
   * @return the interval, positive
   */
  public Duration maintenanceInterval() {
    return maintenanceInterval;
  }

  /**
   * How often a feeler connection tests a tried-table collision or a fresh new-table address. Default 2
   * minutes (Bitcoin Core); zero turns feelers off.
   *
   * @return the interval, zero or positive
   */
  public Duration feelerInterval() {
    return feelerInterval;
  }

  /**
   * How often the worst-scoring discovered outbound peer is replaced when its score is below the policy's
   * avoid threshold. Default 30 minutes: quality improves over time without churn; zero turns rotation off.
   *
   * @return the interval, zero or positive
   */
  public Duration rotationInterval() {
    return rotationInterval;
  }

  /**
   * The first group-wide pause when every recent dial failed (our own network is probably down). Default 1
   * second; each further all-failed round multiplies it by 1.5 (bitcoinj).
   *
   * @return the base, positive
   */
  public Duration groupBackoffBase() {
    return groupBackoffBase;
  }

  /**
   * The longest group-wide pause. Default 10 seconds (bitcoinj): during an outage the node makes about six
   * dials a minute instead of a storm, and notices the network's return within seconds.
   *
   * @return the cap, at least the base
   */
  public Duration groupBackoffCap() {
    return groupBackoffCap;
  }

  /**
   * How many pinned peers are dialled at once at startup; the rest are spread over
   * {@link #startupSpread()}. Default 10 (lnd).
   *
   * @return the burst, 1 to 10,000
   */
  public int startupBurst() {
    return startupBurst;
  }

  /**
   * Over how long startup dials beyond the burst are spread. Default 30 seconds (lnd).
   *
   * @return the spread, zero or positive
   */
  public Duration startupSpread() {
    return startupSpread;
  }

  /**
   * Cached peers last connected longer ago than this are not dialled at a warm start. Default 7 days (seed
   * 002): addresses of home nodes change, and old ones mostly waste dials.
   *
   * @return the age, positive
   */
  public Duration cacheMaxAge() {
    return cacheMaxAge;
  }

  /**
   * How many of the best-scoring cached peers a warm start dials (and the most that are saved). Default 100
   * (seed 002).
   *
   * @return the size, 0 to 10,000
   */
  public int cacheSize() {
    return cacheSize;
  }

  /**
   * At a warm start, default bootstrap peers are dialled only if anchors and cached peers have not reached
   * the outbound target within this delay. Default 5 seconds: a healthy cache connects in well under that,
   * and a stale one costs only seconds.
   *
   * @return the delay, zero or positive
   */
  public Duration bootstrapDelay() {
    return bootstrapDelay;
  }

  /**
   * Peers are asked for addresses while the address book holds fewer than this many. Default 1,000: below
   * that the book cannot offer diverse candidates; above it, gossip alone keeps it fresh.
   *
   * @return the threshold, 0 (never ask) to 1,000,000
   */
  public int exchangeWhenBelow() {
    return exchangeWhenBelow;
  }

  /**
   * The shortest time between two address requests to the same peer. Default 10 minutes.
   *
   * @return the interval, positive
   */
  public Duration exchangeInterval() {
    return exchangeInterval;
  }

  /**
   * Addresses accepted per second per peer (token bucket refill). Default 0.1 (Bitcoin Core's
   * MAX_ADDR_RATE_PER_SECOND); more arriving than the bucket holds is dropped and counted as misbehaviour.
   *
   * @return the rate, positive
   */
  public double addressRate() {
    return addressRate;
  }

  /**
   * The token bucket's capacity. Default 1,000 (Bitcoin Core's MAX_ADDR_PROCESSING_TOKEN_BUCKET): one full
   * answer to our own request is always accepted.
   *
   * @return the burst, 1 to 1,000,000
   */
  public int addressBurst() {
    return addressBurst;
  }

  /**
   * One inbound connection attempt per IP address within this window; LAN and loopback addresses are
   * exempt. Default 30 seconds (geth).
   *
   * @return the window, zero (no limit) or positive
   */
  public Duration inboundRateWindow() {
    return inboundRateWindow;
  }

  /**
   * A connection with no incoming traffic for this long is closed as inactive. Default zero (off): a
   * transport with its own keep-alive (the Netty transport pings and closes when no pong comes) needs no
   * second check; turn it on for transports without one.
   *
   * @return the timeout, zero (off) or positive
   */
  public Duration inactivityTimeout() {
    return inactivityTimeout;
  }

  /**
   * A managed peer that has failed every attempt for this long is reported with a
   * {@link PeerEvent.PeerUnreachable} event (once). Default 7 days (seed 000, phase 4).
   *
   * @return the duration, positive
   */
  public Duration unreachableAfter() {
    return unreachableAfter;
  }

  /**
   * Whether an unreachable managed peer (see {@link #unreachableAfter()}) is also disabled. Default
   * {@code false}: users decide; persistent peers are never disabled.
   *
   * @return {@code true} to disable automatically
   */
  public boolean autoDisableUnreachable() {
    return autoDisableUnreachable;
  }

  /**
   * Seed-crawler mode: connect to discovered peers only to ask for addresses, then disconnect. Default
   * {@code false}.
   *
   * @return {@code true} for a crawler
   */
  public boolean crawler() {
    return crawler;
  }

  /**
   * How long to wait between attempts. Default {@link ExponentialBackoff#defaults()}.
   *
   * @return the policy
   */
  public ReconnectPolicy reconnectPolicy() {
    return reconnectPolicy;
  }

  /**
   * How long a connection must stay up before a peer's failure count resets. Default 10 minutes (lnd): a
   * peer that accepts and drops at once keeps backing off instead of being hammered.
   *
   * @return the duration, positive
   */
  public Duration stableConnection() {
    return stableConnection;
  }

  /**
   * How often the whole state is saved while running. Default 10 minutes: the address book and scores
   * change constantly, and losing minutes of them costs little.
   *
   * @return the interval, positive
   */
  public Duration saveInterval() {
    return saveInterval;
  }

  /**
   * How soon after a change to the managed list it is saved, batching bursts of changes. Default 2 seconds:
   * a user's edit survives a crash moments later.
   *
   * @return the delay, zero or positive
   */
  public Duration saveDebounce() {
    return saveDebounce;
  }

  /**
   * How long after a failed save the next attempt is made. Default 30 seconds.
   *
   * @return the delay, positive
   */
  public Duration saveRetry() {
    return saveRetry;
  }

  /**
   * How long {@code close()} waits for the transport to shut down before saving anyway. Default 5 seconds,
   * short enough for a JVM shutdown hook.
   *
   * @return the timeout, positive
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * The address book's settings. Default {@link AddressBookConfig#defaults()}.
   *
   * @return the settings
   */
  public AddressBookConfig addressBook() {
    return addressBook;
  }

  /**
   * The scoring settings. Default {@link ScoringPolicy#defaults()}.
   *
   * @return the policy
   */
  public ScoringPolicy scoring() {
    return scoring;
  }

  /**
   * The ban settings. Default {@link BanPolicy#defaults()}.
   *
   * @return the policy
   */
  public BanPolicy bans() {
    return bans;
  }

  @Override
  public String toString() {
    return "PeerManagerConfig{network=" + network + ", networks=" + networks + ", inbound="
        + inboundPolicy + "/" + maxInbound + ", maxCustomPeers=" + maxCustomPeers + "}";
  }

  /** Builds a {@link PeerManagerConfig}. Not thread-safe. */
  public static final class Builder {
    private final NetworkId network;
    private final LinkedHashSet<NetworkId> extraNetworks = new LinkedHashSet<>();
    private int maxCustomPeers = 100;
    private InboundPolicy inboundPolicy = InboundPolicy.ANYONE;
    private int maxInbound = 40;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(15);
    private int outboundTarget = 8;
    private int maxOutbound = 10;
    private int minOutbound = 2;
    private int maxConcurrentDials = 16;
    private boolean oneOutboundPerGroup = true;
    private boolean pinnedCountTowardLimits;
    private Duration maintenanceInterval = Duration.ofSeconds(15);
    private Duration feelerInterval = Duration.ofMinutes(2);
    private Duration rotationInterval = Duration.ofMinutes(30);
    private Duration groupBackoffBase = Duration.ofSeconds(1);
    private Duration groupBackoffCap = Duration.ofSeconds(10);
    private int startupBurst = 10;
    private Duration startupSpread = Duration.ofSeconds(30);
    private Duration cacheMaxAge = Duration.ofDays(7);
    private int cacheSize = 100;
    private Duration bootstrapDelay = Duration.ofSeconds(5);
    private int exchangeWhenBelow = 1_000;
    private Duration exchangeInterval = Duration.ofMinutes(10);
    private double addressRate = 0.1;
    private int addressBurst = 1_000;
    private Duration inboundRateWindow = Duration.ofSeconds(30);
    private Duration inactivityTimeout = Duration.ZERO;
    private Duration unreachableAfter = Duration.ofDays(7);
    private boolean autoDisableUnreachable;
    private boolean crawler;
    private ReconnectPolicy reconnectPolicy = ExponentialBackoff.defaults();
    private Duration stableConnection = Duration.ofMinutes(10);
    private Duration saveInterval = Duration.ofMinutes(10);
    private Duration saveDebounce = Duration.ofSeconds(2);
    private Duration saveRetry = Duration.ofSeconds(30);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private AddressBookConfig addressBook = AddressBookConfig.defaults();
    private ScoringPolicy scoring = ScoringPolicy.defaults();
    private BanPolicy bans = BanPolicy.defaults();

    private Builder(NetworkId network) {
      this.network = Objects.requireNonNull(network, "network");
    }

    /**
     * Adds networks whose managed lists are kept (but never dialled).
     *
     * @param networks further networks
     * @return this builder
     */
    public Builder alsoKeepListsFor(NetworkId... networks) {
      for (NetworkId n : networks) {
        extraNetworks.add(Objects.requireNonNull(n, "network"));
      }
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#maxCustomPeers()}.
     *
     * @param value 1 to 100,000
     * @return this builder
     */
    public Builder maxCustomPeers(int value) {
      this.maxCustomPeers = range("maxCustomPeers", value, 1, 100_000);
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#inboundPolicy()} and {@link PeerManagerConfig#maxInbound()}.
     *
     * @param policy whom to accept
     * @param maxInbound 0 to 10,000
     * @return this builder
     */
    public Builder inbound(InboundPolicy policy, int maxInbound) {
      this.inboundPolicy = Objects.requireNonNull(policy, "inboundPolicy");
      this.maxInbound = range("maxInbound", maxInbound, 0, 10_000);
      return this;
    }

    /**
     * Sets the dial timeouts.
     *
     * @param connect {@link PeerManagerConfig#connectTimeout()}, positive, at most 5 minutes
     * @param handshake {@link PeerManagerConfig#handshakeTimeout()}, positive, at most 5 minutes
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration handshake) {
      this.connectTimeout = positive("connectTimeout", connect, Duration.ofMinutes(5));
      this.handshakeTimeout = positive("handshakeTimeout", handshake, Duration.ofMinutes(5));
      return this;
    }

    /**
     * Sets the outbound connection counts.
     *
     * @param min {@link PeerManagerConfig#minOutbound()}, 0 to target
     * @param target {@link PeerManagerConfig#outboundTarget()}, 0 to 1,000
     * @param max {@link PeerManagerConfig#maxOutbound()}, target to 1,000
     * @return this builder
     */
    public Builder outbound(int min, int target, int max) {
      this.outboundTarget = range("outboundTarget", target, 0, 1_000);
      this.minOutbound = range("minOutbound", min, 0, target);
      this.maxOutbound = range("maxOutbound", max, target, 1_000);
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#maxConcurrentDials()}.
     *
     * @param value 1 to 1,000
     * @return this builder
     */
    public Builder maxConcurrentDials(int value) {
      this.maxConcurrentDials = range("maxConcurrentDials", value, 1, 1_000);
      return this;
    }

    /**
     * Sets the outbound diversity and pinned-peer counting rules.
     *
     * @param oneOutboundPerGroup see {@link PeerManagerConfig#oneOutboundPerGroup()}
     * @param pinnedCountTowardLimits see {@link PeerManagerConfig#pinnedCountTowardLimits()}
     * @return this builder
     */
    public Builder outboundRules(boolean oneOutboundPerGroup, boolean pinnedCountTowardLimits) {
      this.oneOutboundPerGroup = oneOutboundPerGroup;
      this.pinnedCountTowardLimits = pinnedCountTowardLimits;
      return this;
    }

    /**
     * Sets the background task intervals.
     *
     * @param maintenance {@link PeerManagerConfig#maintenanceInterval()}, positive
     * @param feelers {@link PeerManagerConfig#feelerInterval()}, zero (off) or positive
     * @param rotation {@link PeerManagerConfig#rotationInterval()}, zero (off) or positive
     * @return this builder
     */
    public Builder intervals(Duration maintenance, Duration feelers, Duration rotation) {
      this.maintenanceInterval = positive("maintenanceInterval", maintenance, Duration.ofHours(1));
      this.feelerInterval = optional("feelerInterval", feelers, Duration.ofDays(1));
      this.rotationInterval = optional("rotationInterval", rotation, Duration.ofDays(7));
      return this;
    }

    /**
     * Sets the group-wide backoff used when every recent dial failed.
     *
     * @param base {@link PeerManagerConfig#groupBackoffBase()}, positive
     * @param cap {@link PeerManagerConfig#groupBackoffCap()}, at least the base
     * @return this builder
     */
    public Builder groupBackoff(Duration base, Duration cap) {
      this.groupBackoffBase = positive("groupBackoffBase", base, Duration.ofHours(1));
      this.groupBackoffCap = positive("groupBackoffCap", cap, Duration.ofHours(1));
      if (cap.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "groupBackoffCap " + cap + " must not be below groupBackoffBase " + base);
      }
      return this;
    }

    /**
     * Sets how startup dials of pinned peers are staggered.
     *
     * @param burst {@link PeerManagerConfig#startupBurst()}, 1 to 10,000
     * @param spread {@link PeerManagerConfig#startupSpread()}, zero or positive
     * @return this builder
     */
    public Builder startup(int burst, Duration spread) {
      this.startupBurst = range("startupBurst", burst, 1, 10_000);
      this.startupSpread = optional("startupSpread", spread, Duration.ofHours(1));
      return this;
    }

    /**
     * Sets the warm start.
     *
     * @param maxAge {@link PeerManagerConfig#cacheMaxAge()}, positive
     * @param size {@link PeerManagerConfig#cacheSize()}, 0 to 10,000
     * @param bootstrapDelay {@link PeerManagerConfig#bootstrapDelay()}, zero or positive
     * @return this builder
     */
    public Builder warmStart(Duration maxAge, int size, Duration bootstrapDelay) {
      this.cacheMaxAge = positive("cacheMaxAge", maxAge, Duration.ofDays(3650));
      this.cacheSize = range("cacheSize", size, 0, 10_000);
      this.bootstrapDelay = optional("bootstrapDelay", bootstrapDelay, Duration.ofHours(1));
      return this;
    }

    /**
     * Sets peer exchange.
     *
     * @param whenBelow {@link PeerManagerConfig#exchangeWhenBelow()}, 0 to 1,000,000
     * @param interval {@link PeerManagerConfig#exchangeInterval()}, positive
     * @param rate {@link PeerManagerConfig#addressRate()}, positive and finite
     * @param burst {@link PeerManagerConfig#addressBurst()}, 1 to 1,000,000
     * @return this builder
     */
    public Builder exchange(int whenBelow, Duration interval, double rate, int burst) {
      this.exchangeWhenBelow = range("exchangeWhenBelow", whenBelow, 0, 1_000_000);
      this.exchangeInterval = positive("exchangeInterval", interval, Duration.ofDays(1));
      if (!(rate > 0 && rate <= 1_000_000)) {
        throw new IllegalArgumentException("addressRate must be within (0, 1000000], was " + rate);
      }
      this.addressRate = rate;
      this.addressBurst = range("addressBurst", burst, 1, 1_000_000);
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#inboundRateWindow()}.
     *
     * @param window zero (no limit) or positive
     * @return this builder
     */
    public Builder inboundRateWindow(Duration window) {
      this.inboundRateWindow = optional("inboundRateWindow", window, Duration.ofHours(1));
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#inactivityTimeout()}.
     *
     * @param timeout zero (off) or positive
     * @return this builder
     */
    public Builder inactivityTimeout(Duration timeout) {
      this.inactivityTimeout = optional("inactivityTimeout", timeout, Duration.ofDays(1));
      return this;
    }

    /**
     * Sets how long-unreachable managed peers are handled.
     *
     * @param after {@link PeerManagerConfig#unreachableAfter()}, positive
     * @param autoDisable {@link PeerManagerConfig#autoDisableUnreachable()}
     * @return this builder
     */
    public Builder unreachable(Duration after, boolean autoDisable) {
      this.unreachableAfter = positive("unreachableAfter", after, Duration.ofDays(3650));
      this.autoDisableUnreachable = autoDisable;
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#crawler()}.
     *
     * @param value {@code true} for seed-crawler mode
     * @return this builder
     */
    public Builder crawler(boolean value) {
      this.crawler = value;
      return this;
    }

    /**
     * Sets the reconnect policy and when a connection counts as stable.
     *
     * @param policy the policy
     * @param stableConnection positive
     * @return this builder
     */
    public Builder reconnect(ReconnectPolicy policy, Duration stableConnection) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "reconnectPolicy");
      this.stableConnection = positive("stableConnection", stableConnection, Duration.ofDays(1));
      return this;
    }

    /**
     * Sets the save timing.
     *
     * @param interval periodic save, positive
     * @param debounce delay after a managed-list change, zero or positive
     * @param retry delay after a failed save, positive
     * @return this builder
     */
    public Builder saves(Duration interval, Duration debounce, Duration retry) {
      this.saveInterval = positive("saveInterval", interval, Duration.ofDays(7));
      Objects.requireNonNull(debounce, "saveDebounce");
      if (debounce.isNegative() || debounce.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("saveDebounce must be within 0-PT1H, was " + debounce);
      }
      this.saveDebounce = debounce;
      this.saveRetry = positive("saveRetry", retry, Duration.ofDays(1));
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#closeTimeout()}.
     *
     * @param value positive, at most 1 minute
     * @return this builder
     */
    public Builder closeTimeout(Duration value) {
      this.closeTimeout = positive("closeTimeout", value, Duration.ofMinutes(1));
      return this;
    }

    /**
     * Sets the address book's settings.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder addressBook(AddressBookConfig value) {
      this.addressBook = Objects.requireNonNull(value, "addressBook");
      return this;
    }

    /**
     * Sets the scoring policy.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder scoring(ScoringPolicy value) {
      this.scoring = Objects.requireNonNull(value, "scoring");
      return this;
    }

    /**
     * Sets the ban policy.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder bans(BanPolicy value) {
      this.bans = Objects.requireNonNull(value, "bans");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if settings contradict each other
     */
    public PeerManagerConfig build() {
      if (maxOutbound < outboundTarget) {
        throw new IllegalArgumentException(
            "maxOutbound " + maxOutbound + " must not be below outboundTarget " + outboundTarget);
      }
      if (saveDebounce.compareTo(saveInterval) > 0) {
        throw new IllegalArgumentException("saveDebounce " + saveDebounce
            + " must not exceed saveInterval " + saveInterval);
      }
      return new PeerManagerConfig(this);
    }

    private static int range(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be within " + min + "-" + max + ", was " + value);
      }
      return value;
    }

    private static Duration optional(String name, Duration value, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be zero or positive and at most " + max + ", was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be positive and at most " + max + ", was " + value);
      }
      return value;
    }
  }
}
