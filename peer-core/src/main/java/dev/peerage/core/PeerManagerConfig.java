package dev.peerage.core;

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
  private final Duration dialTimeout;
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
    this.dialTimeout = b.dialTimeout;
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
    b.dialTimeout = dialTimeout;
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
   * How long a dial (connect plus handshake) may take. Default 10 seconds (Besu's connect timeout; ANCHORS
   * gives 3 to 15 s across systems).
   *
   * @return the timeout, positive
   */
  public Duration dialTimeout() {
    return dialTimeout;
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
    private Duration dialTimeout = Duration.ofSeconds(10);
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
     * Sets {@link PeerManagerConfig#dialTimeout()}.
     *
     * @param value positive, at most 10 minutes
     * @return this builder
     */
    public Builder dialTimeout(Duration value) {
      this.dialTimeout = positive("dialTimeout", value, Duration.ofMinutes(10));
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
