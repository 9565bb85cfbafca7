package dev.peerage.core;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.internal.Check;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The settings of a {@link PeerManager}. Immutable and thread-safe; build with {@link #builder(NetworkId)}.
 * Every setter checks its value at once and names it in the exception; {@link Builder#build()} checks the
 * rules between settings. Each default is given with its reason on the getter. Two configurations are equal
 * when every setting is.
 */
public final class PeerManagerConfig {
  /**
   * Every setting, each declared once: the settings a builder method sets together form one small
   * record, the others stand alone. The records give equality, hash code and string form.
   */
  private record Settings(
      NetworkId network,
      Set<NetworkId> networks,
      int maxCustomPeers,
      Inbound inbound,
      Timeouts timeouts,
      Outbound outbound,
      int maxConcurrentDials,
      Duration bookDialInterval,
      OutboundRules outboundRules,
      Intervals intervals,
      GroupBackoff groupBackoff,
      Startup startup,
      WarmStart warmStart,
      Exchange exchange,
      Duration inboundRateWindow,
      Duration inactivityTimeout,
      Unreachable unreachable,
      boolean crawler,
      Reconnect reconnect,
      Saves saves,
      Duration closeTimeout,
      AddressBookConfig addressBook,
      ScoringPolicy scoring,
      BanPolicy bans) {}

  /** Set by {@link Builder#inbound}. */
  private record Inbound(InboundPolicy inboundPolicy, int maxInbound) {}

  /** Set by {@link Builder#timeouts}. */
  private record Timeouts(Duration connectTimeout, Duration handshakeTimeout) {}

  /** Set by {@link Builder#outbound}. */
  private record Outbound(int minOutbound, int outboundTarget, int maxOutbound) {}

  /** Set by {@link Builder#outboundRules}. */
  private record OutboundRules(boolean oneOutboundPerGroup, boolean pinnedCountTowardLimits) {}

  /** Set by {@link Builder#intervals}. */
  private record Intervals(
      Duration maintenanceInterval, Duration feelerInterval, Duration rotationInterval) {}

  /** Set by {@link Builder#groupBackoff}. */
  private record GroupBackoff(Duration groupBackoffBase, Duration groupBackoffCap) {}

  /** Set by {@link Builder#startup}. */
  private record Startup(int startupBurst, Duration startupSpread) {}

  /** Set by {@link Builder#warmStart}. */
  private record WarmStart(Duration cacheMaxAge, int cacheSize, Duration bootstrapDelay) {}

  /** Set by {@link Builder#exchange}. */
  private record Exchange(
      int exchangeWhenBelow, Duration exchangeInterval, double addressRate, int addressBurst) {}

  /** Set by {@link Builder#unreachable}. */
  private record Unreachable(Duration unreachableAfter, boolean autoDisableUnreachable) {}

  /** Set by {@link Builder#reconnect}. */
  private record Reconnect(ReconnectPolicy reconnectPolicy, Duration stableConnection) {}

  /** Set by {@link Builder#saves}. */
  private record Saves(Duration saveInterval, Duration saveDebounce, Duration saveRetry) {}

  private final Settings settings;

  private PeerManagerConfig(Settings settings) {
    this.settings = settings;
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
    return new Builder(settings);
  }

  /**
   * The network this node joins: it dials only this network's peers and refuses connections from others.
   *
   * @return the active network
   */
  public NetworkId network() {
    return settings.network();
  }

  /**
   * The networks whose managed peer lists this manager keeps: the active one first, then any extra ones
   * (a wallet that can launch a node on several networks keeps a list for each). A peer of any other network
   * is refused.
   *
   * @return an unmodifiable set, the active network first
   */
  public Set<NetworkId> networks() {
    return settings.networks();
  }

  /**
   * The most custom (non-default) managed peers per network. Default 100: far more than anyone configures
   * by hand, small enough that a runaway import cannot flood the list.
   *
   * @return the limit, 1 to 100,000
   */
  public int maxCustomPeers() {
    return settings.maxCustomPeers();
  }

  /**
   * Whom to accept inbound connections from. Default {@link InboundPolicy#ANYONE}, right for public nodes;
   * private groups choose {@link InboundPolicy#KNOWN_PEERS_ONLY}.
   *
   * @return the policy
   */
  public InboundPolicy inboundPolicy() {
    return settings.inbound().inboundPolicy();
  }

  /**
   * The most inbound connections at once. Default 40 (CometBFT's inbound limit): enough to serve the
   * network, few enough for a home connection.
   *
   * @return the limit, 0 to 10,000
   */
  public int maxInbound() {
    return settings.inbound().maxInbound();
  }

  /**
   * How long the connect part of a dial may take. Default 10 seconds (Besu's; CometBFT allows 3 s,
   * geth's p2p/dial.go 15 s).
   *
   * @return the timeout, positive
   */
  public Duration connectTimeout() {
    return settings.timeouts().connectTimeout();
  }

  /**
   * How long the handshake after the connect may take. Default 15 seconds (systems allow 10 to 20 s,
   * CometBFT 20 s). The manager gives the transport {@code connectTimeout + handshakeTimeout} for the
   * whole dial.
   *
   * @return the timeout, positive
   */
  public Duration handshakeTimeout() {
    return settings.timeouts().handshakeTimeout();
  }

  /**
   * The whole time one dial may take: {@link #connectTimeout()} plus {@link #handshakeTimeout()}.
   *
   * @return the dial timeout
   */
  public Duration dialTimeout() {
    return settings.timeouts().connectTimeout().plus(settings.timeouts().handshakeTimeout());
  }

  /**
   * How many outbound connections to discovered peers the maintenance tick keeps. Default 8 (Bitcoin Core's
   * full outbound connections): enough diversity that an attacker must control many groups to eclipse us.
   *
   * @return the target, 0 to 1,000
   */
  public int outboundTarget() {
    return settings.outbound().outboundTarget();
  }

  /**
   * The most outbound connections at once, counting pinned peers when
   * {@link #pinnedCountTowardLimits()} says so. Default 10: the target plus Core's 2 extra (block-relay)
   * slots, headroom for rotation. Unconditional peers are never counted.
   *
   * @return the maximum, at least the target
   */
  public int maxOutbound() {
    return settings.outbound().maxOutbound();
  }

  /**
   * Below this many outbound connections the node is starved: bootstrap peers and discovery sources are
   * used at once, without waiting for the warm-start delay. Default 2.
   *
   * @return the minimum, 0 to the target
   */
  public int minOutbound() {
    return settings.outbound().minOutbound();
  }

  /**
   * The most dials in flight at once. Default 16: geth allows 50 concurrent dials for 50 peers; 16 keeps
   * about that ratio for 8 outbound and 40 inbound peers while bounding sockets and memory.
   *
   * @return the limit, 1 to 1,000
   */
  public int maxConcurrentDials() {
    return settings.maxConcurrentDials();
  }

  /**
   * The least time between the starts of two dials to addresses drawn from the address book. Default
   * 500 ms, the pause Bitcoin Core's {@code ThreadOpenConnections} (net.cpp) makes between connection
   * attempts. Without it, a book full of dead addresses that refuse at once would be dialled as fast as
   * the refusals come back, hundreds a second with every dial slot cycling. Managed peers, warm-start
   * candidates (anchors and cached peers), bootstrap peers, feelers and crawling are not paced by it;
   * they have their own backoff and timers. Zero turns the pacing off.
   *
   * @return the interval, zero to one minute
   */
  public Duration bookDialInterval() {
    return settings.bookDialInterval();
  }

  /**
   * Whether at most one outbound connection to discovered peers per network group is made. Default
   * {@code true} (Bitcoin Core): an attacker holding addresses in a few /16s then gets at most a few of our
   * outbound slots.
   *
   * @return {@code true} for one outbound per group
   */
  public boolean oneOutboundPerGroup() {
    return settings.outboundRules().oneOutboundPerGroup();
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
    return settings.outboundRules().pinnedCountTowardLimits();
  }

  /**
   * How often the maintenance tick tops up outbound connections, resolves collisions and sweeps. Default
   * 15 seconds; the tick also runs after every disconnect and dial result.
   *
   * @return the interval, positive
   */
  public Duration maintenanceInterval() {
    return settings.intervals().maintenanceInterval();
  }

  /**
   * How often a feeler connection tests a tried-table collision or a fresh new-table address. Default 2
   * minutes (Bitcoin Core); zero turns feelers off.
   *
   * @return the interval, zero or positive
   */
  public Duration feelerInterval() {
    return settings.intervals().feelerInterval();
  }

  /**
   * How often the worst-scoring discovered outbound peer is replaced when its score is below the policy's
   * avoid threshold. Default 30 minutes: quality improves over time without churn; zero turns rotation off.
   *
   * @return the interval, zero or positive
   */
  public Duration rotationInterval() {
    return settings.intervals().rotationInterval();
  }

  /**
   * The first group-wide pause when every recent dial failed (our own network is probably down). Default 1
   * second; each further all-failed round multiplies it by 1.5 (bitcoinj).
   *
   * @return the base, positive
   */
  public Duration groupBackoffBase() {
    return settings.groupBackoff().groupBackoffBase();
  }

  /**
   * The longest group-wide pause. Default 10 seconds (bitcoinj): during an outage the node makes about six
   * dials a minute instead of a storm, and notices the network's return within seconds.
   *
   * @return the cap, at least the base
   */
  public Duration groupBackoffCap() {
    return settings.groupBackoff().groupBackoffCap();
  }

  /**
   * How many pinned peers are dialled at once at startup; the rest are spread over
   * {@link #startupSpread()}. Default 10 (lnd).
   *
   * @return the burst, 1 to 10,000
   */
  public int startupBurst() {
    return settings.startup().startupBurst();
  }

  /**
   * Over how long startup dials beyond the burst are spread. Default 30 seconds (lnd).
   *
   * @return the spread, zero or positive
   */
  public Duration startupSpread() {
    return settings.startup().startupSpread();
  }

  /**
   * Cached peers last connected longer ago than this are not dialled at a warm start, and neither are the
   * anchors (the outbound peers of the last run) when the last save is older than this. Default 7 days:
   * addresses of home nodes change, and old ones mostly waste dials.
   *
   * @return the age, positive
   */
  public Duration cacheMaxAge() {
    return settings.warmStart().cacheMaxAge();
  }

  /**
   * How many of the best-scoring cached peers a warm start dials (and the most that are saved). Default 100.
   *
   * @return the size, 0 to 10,000
   */
  public int cacheSize() {
    return settings.warmStart().cacheSize();
  }

  /**
   * At a warm start, default bootstrap peers are dialled only if anchors and cached peers have not reached
   * the outbound target within this delay. They become due exactly this long after {@code start()} (a
   * timer, not the next maintenance tick), or earlier when the warm candidates are used up and the node
   * still has fewer than {@code minOutbound} connections. Default 5 seconds: a healthy cache connects in
   * well under that, and a stale one costs only seconds.
   *
   * @return the delay, zero or positive
   */
  public Duration bootstrapDelay() {
    return settings.warmStart().bootstrapDelay();
  }

  /**
   * Peers are asked for addresses while the address book holds fewer than this many. Default 1,000: below
   * that the book cannot offer diverse candidates; above it, gossip alone keeps it fresh.
   *
   * @return the threshold, 0 (never ask) to 1,000,000
   */
  public int exchangeWhenBelow() {
    return settings.exchange().exchangeWhenBelow();
  }

  /**
   * The shortest time between two address requests to the same peer. Default 10 minutes.
   *
   * @return the interval, positive
   */
  public Duration exchangeInterval() {
    return settings.exchange().exchangeInterval();
  }

  /**
   * Addresses accepted per second per peer (token bucket refill). Default 0.1 (Bitcoin Core's
   * MAX_ADDR_RATE_PER_SECOND); more arriving than the bucket holds is dropped and counted as misbehaviour.
   *
   * @return the rate, positive
   */
  public double addressRate() {
    return settings.exchange().addressRate();
  }

  /**
   * The token bucket's capacity. Default 1,000 (Bitcoin Core's MAX_ADDR_PROCESSING_TOKEN_BUCKET): one full
   * answer to our own request is always accepted.
   *
   * @return the burst, 1 to 1,000,000
   */
  public int addressBurst() {
    return settings.exchange().addressBurst();
  }

  /**
   * One inbound connection attempt per IP address within this window; LAN and loopback addresses are
   * exempt. Default 30 seconds (geth).
   *
   * @return the window, zero (no limit) or positive
   */
  public Duration inboundRateWindow() {
    return settings.inboundRateWindow();
  }

  /**
   * A connection with no incoming traffic for this long is closed as inactive. Default zero (off): a
   * transport with its own keep-alive (the Netty transport pings and closes when no pong comes) needs no
   * second check; turn it on for transports without one.
   *
   * @return the timeout, zero (off) or positive
   */
  public Duration inactivityTimeout() {
    return settings.inactivityTimeout();
  }

  /**
   * A managed peer that has failed every attempt for this long is reported with a
   * {@link PeerEvent.PeerUnreachable} event (once). Default 7 days.
   *
   * @return the duration, positive
   */
  public Duration unreachableAfter() {
    return settings.unreachable().unreachableAfter();
  }

  /**
   * Whether an unreachable managed peer (see {@link #unreachableAfter()}) is also disabled. Default
   * {@code false}: users decide; persistent peers are never disabled.
   *
   * @return {@code true} to disable automatically
   */
  public boolean autoDisableUnreachable() {
    return settings.unreachable().autoDisableUnreachable();
  }

  /**
   * Seed-crawler mode: connect to discovered peers only to ask for addresses, then disconnect. Default
   * {@code false}.
   *
   * @return {@code true} for a crawler
   */
  public boolean crawler() {
    return settings.crawler();
  }

  /**
   * How long to wait between attempts. Default {@link ExponentialBackoff#defaults()}.
   *
   * @return the policy
   */
  public ReconnectPolicy reconnectPolicy() {
    return settings.reconnect().reconnectPolicy();
  }

  /**
   * How long a connection must stay up before a peer's failure count resets. Default 10 minutes (lnd): a
   * peer that accepts and drops at once keeps backing off instead of being hammered.
   *
   * @return the duration, positive
   */
  public Duration stableConnection() {
    return settings.reconnect().stableConnection();
  }

  /**
   * How often the whole state is saved while running. Default 10 minutes: the address book and scores
   * change constantly, and losing minutes of them costs little.
   *
   * @return the interval, positive
   */
  public Duration saveInterval() {
    return settings.saves().saveInterval();
  }

  /**
   * How soon after a change to the managed list it is saved, batching bursts of changes. Default 2 seconds:
   * a user's edit survives a crash moments later.
   *
   * @return the delay, zero or positive
   */
  public Duration saveDebounce() {
    return settings.saves().saveDebounce();
  }

  /**
   * How long after a failed save the next attempt is made. Default 30 seconds.
   *
   * @return the delay, positive
   */
  public Duration saveRetry() {
    return settings.saves().saveRetry();
  }

  /**
   * How long {@code close()} waits for the transport to shut down before saving anyway. Default 5 seconds,
   * short enough for a JVM shutdown hook.
   *
   * @return the timeout, positive
   */
  public Duration closeTimeout() {
    return settings.closeTimeout();
  }

  /**
   * The address book's settings. Default {@link AddressBookConfig#defaults()}.
   *
   * @return the settings
   */
  public AddressBookConfig addressBook() {
    return settings.addressBook();
  }

  /**
   * The scoring settings. Default {@link ScoringPolicy#defaults()}.
   *
   * @return the policy
   */
  public ScoringPolicy scoring() {
    return settings.scoring();
  }

  /**
   * The ban settings. Default {@link BanPolicy#defaults()}.
   *
   * @return the policy
   */
  public BanPolicy bans() {
    return settings.bans();
  }

  /**
   * Whether {@code other} is a configuration with the same settings. The reconnect policy is compared
   * with its own {@code equals}.
   *
   * @param other the object to compare with
   * @return {@code true} if every setting is equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof PeerManagerConfig that && settings.equals(that.settings);
  }

  /**
   * A hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /**
   * Every setting by name, for logs; settings made by one builder method are shown together.
   *
   * @return for example {@code PeerManagerConfig[network=..., networks=[...], maxCustomPeers=100,
   *     inbound=Inbound[inboundPolicy=ANYONE, maxInbound=40], ...]}
   */
  @Override
  public String toString() {
    String values = settings.toString(); // "Settings[...]": show the public name instead
    return "PeerManagerConfig" + values.substring(values.indexOf('['));
  }

  /** Builds a {@link PeerManagerConfig}. Not thread-safe. */
  public static final class Builder {
    private final NetworkId network;
    private final LinkedHashSet<NetworkId> extraNetworks = new LinkedHashSet<>();
    private int maxCustomPeers = 100;
    private Inbound inbound = new Inbound(InboundPolicy.ANYONE, 40);
    private Timeouts timeouts = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(15));
    private Outbound outbound = new Outbound(2, 8, 10);
    private int maxConcurrentDials = 16;
    private Duration bookDialInterval = Duration.ofMillis(500);
    private OutboundRules outboundRules = new OutboundRules(true, false);
    private Intervals intervals =
        new Intervals(Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofMinutes(30));
    private GroupBackoff groupBackoff = new GroupBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    private Startup startup = new Startup(10, Duration.ofSeconds(30));
    private WarmStart warmStart = new WarmStart(Duration.ofDays(7), 100, Duration.ofSeconds(5));
    private Exchange exchange = new Exchange(1_000, Duration.ofMinutes(10), 0.1, 1_000);
    private Duration inboundRateWindow = Duration.ofSeconds(30);
    private Duration inactivityTimeout = Duration.ZERO;
    private Unreachable unreachable = new Unreachable(Duration.ofDays(7), false);
    private boolean crawler;
    private Reconnect reconnect = new Reconnect(ExponentialBackoff.defaults(), Duration.ofMinutes(10));
    private Saves saves =
        new Saves(Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(30));
    private Duration closeTimeout = Duration.ofSeconds(5);
    private AddressBookConfig addressBook = AddressBookConfig.defaults();
    private ScoringPolicy scoring = ScoringPolicy.defaults();
    private BanPolicy bans = BanPolicy.defaults();

    private Builder(NetworkId network) {
      this.network = Check.notNull(network, "network");
    }

    private Builder(Settings s) {
      this(s.network());
      extraNetworks.addAll(s.networks());
      extraNetworks.remove(s.network());
      maxCustomPeers = s.maxCustomPeers();
      inbound = s.inbound();
      timeouts = s.timeouts();
      outbound = s.outbound();
      maxConcurrentDials = s.maxConcurrentDials();
      bookDialInterval = s.bookDialInterval();
      outboundRules = s.outboundRules();
      intervals = s.intervals();
      groupBackoff = s.groupBackoff();
      startup = s.startup();
      warmStart = s.warmStart();
      exchange = s.exchange();
      inboundRateWindow = s.inboundRateWindow();
      inactivityTimeout = s.inactivityTimeout();
      unreachable = s.unreachable();
      crawler = s.crawler();
      reconnect = s.reconnect();
      saves = s.saves();
      closeTimeout = s.closeTimeout();
      addressBook = s.addressBook();
      scoring = s.scoring();
      bans = s.bans();
    }

    /**
     * Adds networks whose managed lists are kept (but never dialled) and can be edited through the
     * manager. Stored peers of networks neither served nor listed here are not lost either: the manager
     * keeps them as stored, hides them from its list methods, and saves them back unchanged.
     *
     * @param networks further networks
     * @return this builder
     */
    public Builder alsoKeepListsFor(NetworkId... networks) {
      for (NetworkId n : networks) {
        extraNetworks.add(Check.notNull(n, "network"));
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
      this.maxCustomPeers = Check.between(value, "maxCustomPeers", 1, 100_000);
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
      this.inbound = new Inbound(Check.notNull(policy, "inboundPolicy"),
          Check.between(maxInbound, "maxInbound", 0, 10_000));
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
      this.timeouts = new Timeouts(Check.positive(connect, "connectTimeout", Duration.ofMinutes(5)),
          Check.positive(handshake, "handshakeTimeout", Duration.ofMinutes(5)));
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
      Check.between(target, "outboundTarget", 0, 1_000);
      this.outbound = new Outbound(Check.between(min, "minOutbound", 0, target), target,
          Check.between(max, "maxOutbound", target, 1_000));
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#maxConcurrentDials()}.
     *
     * @param value 1 to 1,000
     * @return this builder
     */
    public Builder maxConcurrentDials(int value) {
      this.maxConcurrentDials = Check.between(value, "maxConcurrentDials", 1, 1_000);
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#bookDialInterval()}.
     *
     * @param interval zero (no pacing) to one minute
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is negative or over a minute
     */
    public Builder bookDialInterval(Duration interval) {
      this.bookDialInterval =
          Check.between(interval, "bookDialInterval", Duration.ZERO, Duration.ofMinutes(1));
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
      this.outboundRules = new OutboundRules(oneOutboundPerGroup, pinnedCountTowardLimits);
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
      this.intervals = new Intervals(
          Check.positive(maintenance, "maintenanceInterval", Duration.ofHours(1)),
          Check.between(feelers, "feelerInterval", Duration.ZERO, Duration.ofDays(1)),
          Check.between(rotation, "rotationInterval", Duration.ZERO, Duration.ofDays(7)));
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
      Check.positive(base, "groupBackoffBase", Duration.ofHours(1));
      Check.positive(cap, "groupBackoffCap", Duration.ofHours(1));
      if (cap.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "groupBackoffCap " + cap + " must not be below groupBackoffBase " + base);
      }
      this.groupBackoff = new GroupBackoff(base, cap);
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
      this.startup = new Startup(Check.between(burst, "startupBurst", 1, 10_000),
          Check.between(spread, "startupSpread", Duration.ZERO, Duration.ofHours(1)));
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
      this.warmStart = new WarmStart(Check.positive(maxAge, "cacheMaxAge", Duration.ofDays(3650)),
          Check.between(size, "cacheSize", 0, 10_000),
          Check.between(bootstrapDelay, "bootstrapDelay", Duration.ZERO, Duration.ofHours(1)));
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
      this.exchange = new Exchange(Check.between(whenBelow, "exchangeWhenBelow", 0, 1_000_000),
          Check.positive(interval, "exchangeInterval", Duration.ofDays(1)),
          Check.positive(rate, "addressRate", 1_000_000),
          Check.between(burst, "addressBurst", 1, 1_000_000));
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#inboundRateWindow()}.
     *
     * @param window zero (no limit) or positive
     * @return this builder
     */
    public Builder inboundRateWindow(Duration window) {
      this.inboundRateWindow =
          Check.between(window, "inboundRateWindow", Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#inactivityTimeout()}.
     *
     * @param timeout zero (off) or positive
     * @return this builder
     */
    public Builder inactivityTimeout(Duration timeout) {
      this.inactivityTimeout =
          Check.between(timeout, "inactivityTimeout", Duration.ZERO, Duration.ofDays(1));
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
      this.unreachable = new Unreachable(
          Check.positive(after, "unreachableAfter", Duration.ofDays(3650)), autoDisable);
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
      this.reconnect = new Reconnect(Check.notNull(policy, "reconnectPolicy"),
          Check.positive(stableConnection, "stableConnection", Duration.ofDays(1)));
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
      this.saves = new Saves(Check.positive(interval, "saveInterval", Duration.ofDays(7)),
          Check.between(debounce, "saveDebounce", Duration.ZERO, Duration.ofHours(1)),
          Check.positive(retry, "saveRetry", Duration.ofDays(1)));
      return this;
    }

    /**
     * Sets {@link PeerManagerConfig#closeTimeout()}.
     *
     * @param value positive, at most 1 minute
     * @return this builder
     */
    public Builder closeTimeout(Duration value) {
      this.closeTimeout = Check.positive(value, "closeTimeout", Duration.ofMinutes(1));
      return this;
    }

    /**
     * Sets the address book's settings.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder addressBook(AddressBookConfig value) {
      this.addressBook = Check.notNull(value, "addressBook");
      return this;
    }

    /**
     * Sets the scoring policy.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder scoring(ScoringPolicy value) {
      this.scoring = Check.notNull(value, "scoring");
      return this;
    }

    /**
     * Sets the ban policy.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder bans(BanPolicy value) {
      this.bans = Check.notNull(value, "bans");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if settings contradict each other
     */
    public PeerManagerConfig build() {
      if (outbound.maxOutbound() < outbound.outboundTarget()) {
        throw new IllegalArgumentException("maxOutbound " + outbound.maxOutbound()
            + " must not be below outboundTarget " + outbound.outboundTarget());
      }
      if (saves.saveDebounce().compareTo(saves.saveInterval()) > 0) {
        throw new IllegalArgumentException("saveDebounce " + saves.saveDebounce()
            + " must not exceed saveInterval " + saves.saveInterval());
      }
      LinkedHashSet<NetworkId> all = new LinkedHashSet<>();
      all.add(network);
      all.addAll(extraNetworks);
      return new PeerManagerConfig(new Settings(network, Collections.unmodifiableSet(all),
          maxCustomPeers, inbound, timeouts, outbound, maxConcurrentDials, bookDialInterval,
          outboundRules, intervals,
          groupBackoff, startup, warmStart, exchange, inboundRateWindow, inactivityTimeout,
          unreachable, crawler, reconnect, saves, closeTimeout, addressBook, scoring, bans));
    }
  }
}
