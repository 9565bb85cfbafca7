package dev.peerage.core.discovery;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.QuotedInput;
import dev.peerage.core.internal.address.HostPortParser;
import dev.peerage.core.internal.discovery.DiscoverySourceName;
import dev.peerage.core.spi.DiscoveryException;
import dev.peerage.core.spi.DiscoverySource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds peers through DNS seeds: host names whose address records list nodes of the network, as
 * Bitcoin Core's {@code -dnsseed} does. Each seed is resolved, every address becomes a peer address
 * on the network's default {@link Builder#port(int) port}, and unusable answers are dropped.
 *
 * <pre>{@code
 * DnsSeedDiscovery seeds = DnsSeedDiscovery.builder()
 *     .seeds(List.of("seed.example.org", "dnsseed.example.net"))
 *     .port(9798)
 *     .build();
 * seeds.discover(NetworkId.MAIN).thenAccept(addresses -> ...);
 * }</pre>
 *
 * <h2>What {@link #discover} does</h2>
 *
 * <ul>
 *   <li>Resolves every seed at the same time, each lookup a task on the {@link
 *       Builder#executor(Executor) executor}, so the caller never waits for DNS.
 *   <li>Maps each answer to {@link PeerAddress#of(InetAddress, int) PeerAddress.of(address, port)};
 *       drops addresses that are not {@link PeerAddress#isRoutable() routable} (private, loopback,
 *       link-local, documentation ranges: a public seed never means them, and a filtering DNS
 *       server answers blocked names with {@code 0.0.0.0} or {@code 127.0.0.1}); drops duplicates;
 *       keeps at most {@link Builder#maxAddressesPerSeed(int) maxAddressesPerSeed} per seed, the
 *       first ones in the resolver's order.
 *   <li>Completes with the union over all seeds, without duplicates, in seed order. A seed that
 *       fails is logged (SLF4J, warning) and skipped; the stage completes exceptionally with a
 *       {@link DiscoveryException} naming every seed only when every seed failed.
 * </ul>
 *
 * <p>No timeout is applied here: the caller applies one to the returned stage. A lookup the caller
 * gave up on still occupies its executor thread until the resolver returns.
 *
 * <p>Where the results came from matters to the address book, which spreads addresses by the group
 * of their source: {@link #discoverBySeed} keeps each seed's answers apart, keyed by {@link
 * #seedSource(String, int)}.
 *
 * <p>Instances are immutable and thread-safe; {@code discover} may run several times at once.
 */
public final class DnsSeedDiscovery implements DiscoverySource {

  /** Most seeds one source may have; Bitcoin Core's main network lists fewer than 20. */
  public static final int MAX_SEEDS = 64;

  /**
   * Default cap on the addresses kept from one seed: Bitcoin Core asks for at most 256 addresses
   * per seed ({@code nMaxIPs} in src/net.cpp), while a DNS answer over UDP holds a few dozen.
   */
  public static final int DEFAULT_MAX_ADDRESSES_PER_SEED = 256;

  /** Highest accepted cap on the addresses kept from one seed. */
  public static final int MAX_ADDRESSES_PER_SEED_LIMIT = 4096;

  /** Threads of the shared default lookup pool; they exit after 30 seconds without work. */
  public static final int DEFAULT_LOOKUP_THREADS = 4;

  /**
   * Lookups that may wait for a thread of the default pool; further lookups fail at once (with a
   * {@link java.util.concurrent.RejectedExecutionException}) rather than pile up.
   */
  public static final int DEFAULT_LOOKUP_QUEUE = 256;

  private static final Logger log = LoggerFactory.getLogger(DnsSeedDiscovery.class);

  private static final Duration LOOKUP_THREAD_IDLE = Duration.ofSeconds(30);

  private final String name;
  private final List<String> seeds;
  private final int port;
  private final HostResolver resolver;
  private final Executor executor;
  private final int maxAddressesPerSeed;
  private final NetworkId network;

  private DnsSeedDiscovery(Builder builder) {
    this.seeds = builder.seeds;
    this.port = builder.port;
    this.name = builder.name != null ? builder.name : defaultName(seeds);
    this.resolver = builder.resolver != null ? builder.resolver : HostResolver.jdk();
    this.executor = builder.executor != null ? builder.executor : DefaultLookupPool.EXECUTOR;
    this.maxAddressesPerSeed = builder.maxAddressesPerSeed;
    this.network = builder.network;
  }

  /**
   * Returns a new builder. {@link Builder#seeds(List)} and {@link Builder#port(int)} are required.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address that stands for a seed as the source of the addresses it returned: the
   * seed's host name with {@code port}. Its {@link PeerAddress#netGroup() group} is the group of
   * the seed's name (its last two labels), so each seed's answers land in their own part of the
   * address book, as Bitcoin Core does by recording the seed's name as the source.
   *
   * @param seedHost the seed's host name, for example {@code "seed.example.org"}, without a port
   * @param port the port, 1 to 65535
   * @return the seed as a host-name peer address
   * @throws NullPointerException if {@code seedHost} is {@code null}
   * @throws InvalidPeerAddressException if {@code seedHost} is not a valid host name (an IP address
   *     or text with a port is rejected too) or the port is out of range
   */
  public static PeerAddress seedSource(String seedHost, int port) {
    HostPortParser.checkPort(port, "port");
    return PeerAddress.parse(canonicalSeed(seedHost), port);
  }

  /**
   * Returns the name given to the builder, or by default {@code "dns:"} followed by the seeds
   * separated by commas (shortened to the first seed and a count if that is longer than 100
   * characters).
   *
   * @return the name
   */
  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the seeds in their canonical form (lower case, no trailing dot), in the order given,
   * without duplicates.
   *
   * @return an unmodifiable list of 1 to {@value #MAX_SEEDS} host names
   */
  public List<String> seeds() {
    return seeds;
  }

  /**
   * Returns the port given to the addresses found.
   *
   * @return the port, 1 to 65535
   */
  public int port() {
    return port;
  }

  /**
   * Returns the most addresses kept from one seed.
   *
   * @return the cap, 1 to {@value #MAX_ADDRESSES_PER_SEED_LIMIT}
   */
  public int maxAddressesPerSeed() {
    return maxAddressesPerSeed;
  }

  /**
   * Returns the only network these seeds serve, if the builder named one.
   *
   * @return the network, or empty if the seeds answer for whichever network is asked
   */
  public Optional<NetworkId> network() {
    return Optional.ofNullable(network);
  }

  /**
   * Resolves every seed and completes with the union of their usable addresses; see the class
   * comment. Returns at once: the lookups run on the executor, and the stage completes on the
   * thread that finishes the last lookup. If the executor refuses a lookup, that seed counts as
   * failed.
   *
   * @param network the network asked for; when the builder named another network, the stage
   *     completes at once with an empty list
   * @return a stage completing with at most {@code seeds().size() * maxAddressesPerSeed()} distinct
   *     routable addresses, possibly none, or exceptionally with a {@link DiscoveryException} if
   *     every seed failed
   * @throws NullPointerException if {@code network} is {@code null}
   */
  @Override
  public CompletionStage<List<PeerAddress>> discover(NetworkId network) {
    return discoverBySeed(network)
        .thenApply(
            bySeed -> {
              Set<PeerAddress> union = new LinkedHashSet<>();
              bySeed.values().forEach(union::addAll);
              return List.copyOf(union);
            });
  }

  /**
   * Like {@link #discover}, but keeps each seed's answers apart so that the caller can record where
   * each address came from.
   *
   * @param network the network asked for; when the builder named another network, the stage
   *     completes at once with an empty map
   * @return a stage completing with an unmodifiable map, in seed order, from {@link
   *     #seedSource(String, int) seedSource(seed, port())} to that seed's distinct routable
   *     addresses (at most {@link #maxAddressesPerSeed()}); seeds that failed are absent. An
   *     address returned by two seeds appears under both. Completes exceptionally with a {@link
   *     DiscoveryException} if every seed failed
   * @throws NullPointerException if {@code network} is {@code null}
   */
  public CompletionStage<Map<PeerAddress, List<PeerAddress>>> discoverBySeed(NetworkId network) {
    Objects.requireNonNull(network, "network");
    if (this.network != null && !this.network.equals(network)) {
      return CompletableFuture.completedFuture(Map.of());
    }
    List<CompletableFuture<List<PeerAddress>>> lookups = new ArrayList<>(seeds.size());
    for (String seed : seeds) {
      lookups.add(lookup(seed));
    }
    return CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0]))
        .handle((ignored, failure) -> collect(lookups));
  }

  /**
   * Describes this source.
   *
   * @return the name, the port and the cap per seed
   */
  @Override
  public String toString() {
    return "DnsSeedDiscovery["
        + name
        + ", port "
        + port
        + ", at most "
        + maxAddressesPerSeed
        + " per seed"
        + (network != null ? ", network " + network : "")
        + "]";
  }

  private CompletableFuture<List<PeerAddress>> lookup(String seed) {
    try {
      return CompletableFuture.supplyAsync(() -> resolveSeed(seed), executor);
    } catch (RuntimeException refused) {
      // Typically RejectedExecutionException from a saturated or shut-down executor.
      return CompletableFuture.failedFuture(refused);
    }
  }

  private List<PeerAddress> resolveSeed(String seed) {
    List<InetAddress> answers;
    try {
      answers = resolver.resolve(seed);
    } catch (UnknownHostException e) {
      throw new CompletionException(e);
    }
    if (answers == null) {
      throw new IllegalStateException("the resolver returned null instead of a list");
    }
    Set<PeerAddress> kept = new LinkedHashSet<>();
    int unroutable = 0;
    int duplicates = 0;
    int examined = 0;
    for (InetAddress answer : answers) {
      if (kept.size() == maxAddressesPerSeed) {
        break;
      }
      examined++;
      if (answer == null) {
        unroutable++;
        continue;
      }
      PeerAddress address = PeerAddress.of(answer, port);
      if (!address.isRoutable()) {
        unroutable++;
      } else if (!kept.add(address)) {
        duplicates++;
      }
    }
    log.debug(
        "DNS seed {} answered {} addresses: kept {}, dropped {} unroutable, {} duplicate, {} over"
            + " the cap",
        seed,
        answers.size(),
        kept.size(),
        unroutable,
        duplicates,
        answers.size() - examined);
    return List.copyOf(kept);
  }

  private Map<PeerAddress, List<PeerAddress>> collect(
      List<CompletableFuture<List<PeerAddress>>> lookups) {
    Map<PeerAddress, List<PeerAddress>> found = new LinkedHashMap<>();
    List<Throwable> failures = new ArrayList<>();
    StringBuilder failed = new StringBuilder();
    for (int i = 0; i < lookups.size(); i++) {
      String seed = seeds.get(i);
      try {
        found.put(PeerAddress.parse(seed, port), lookups.get(i).join());
      } catch (CompletionException | CancellationException e) {
        Throwable cause =
            e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.warn("DNS seed {} failed: {}", seed, cause.toString());
        failures.add(cause);
        failed
            .append(failed.length() == 0 ? "" : ", ")
            .append(seed)
            .append(" (")
            .append(QuotedInput.quote(cause.toString()))
            .append(')');
      }
    }
    if (found.isEmpty()) {
      DiscoveryException all =
          new DiscoveryException(
              "every DNS seed of " + name + " failed: " + failed,
              failures.size() == 1 ? failures.get(0) : null);
      if (failures.size() > 1) {
        failures.forEach(all::addSuppressed);
      }
      throw new CompletionException(all);
    }
    return Collections.unmodifiableMap(found);
  }

  private static String canonicalSeed(String text) {
    Objects.requireNonNull(text, "seed");
    // The default port only satisfies the parser; a port in the text is rejected below.
    PeerAddress parsed = PeerAddress.parse(text, 1);
    if (!parsed.isHostName()) {
      throw new InvalidPeerAddressException(
          "a DNS seed must be a host name, not an IP address (use StaticDiscovery for fixed"
              + " addresses)",
          text);
    }
    if (text.indexOf(':') >= 0) {
      throw new InvalidPeerAddressException(
          "a DNS seed is a host name without a port (the results get the port given to"
              + " the builder)",
          text);
    }
    return parsed.host();
  }

  private static String defaultName(List<String> seeds) {
    String all = "dns:" + String.join(",", seeds);
    if (all.length() <= DiscoverySourceName.MAX_LENGTH) {
      return all;
    }
    String shortened = "dns:" + seeds.get(0) + ",+" + (seeds.size() - 1) + "-more";
    return shortened.length() <= DiscoverySourceName.MAX_LENGTH
        ? shortened
        : "dns:" + seeds.size() + "-seeds";
  }

  /**
   * Builds a {@link DnsSeedDiscovery}. Each setting is checked when it is set and may be set once.
   * Not thread-safe; use it from one thread.
   */
  public static final class Builder {

    private List<String> seeds;
    private int port;
    private String name;
    private HostResolver resolver;
    private Executor executor;
    private int maxAddressesPerSeed = DEFAULT_MAX_ADDRESSES_PER_SEED;
    private boolean maxAddressesPerSeedSet;
    private NetworkId network;

    private Builder() {}

    /**
     * Sets the seeds. Required.
     *
     * @param hostNames 1 to {@value #MAX_SEEDS} host names as RFC 1123 allows them (see {@link
     *     PeerAddress}), without ports; case and one trailing dot are ignored, and repeats are kept
     *     once
     * @return this builder
     * @throws NullPointerException if the list or an element is {@code null}
     * @throws IllegalArgumentException if the list is empty or too long
     * @throws InvalidPeerAddressException if an element is not a host name without a port; the
     *     message quotes it
     * @throws IllegalStateException if the seeds were already set
     */
    public Builder seeds(List<String> hostNames) {
      Objects.requireNonNull(hostNames, "hostNames");
      checkUnset(seeds == null, "seeds", seeds);
      if (hostNames.isEmpty() || hostNames.size() > MAX_SEEDS) {
        throw new IllegalArgumentException(
            "expected 1 to " + MAX_SEEDS + " seeds, got " + hostNames.size());
      }
      Set<String> canonical = new LinkedHashSet<>();
      for (String hostName : hostNames) {
        canonical.add(canonicalSeed(hostName));
      }
      this.seeds = List.copyOf(canonical);
      return this;
    }

    /**
     * Sets the port of the addresses found, normally the network's default port. Required.
     *
     * @param port 1 to 65535
     * @return this builder
     * @throws InvalidPeerAddressException if the port is out of range
     * @throws IllegalStateException if the port was already set
     */
    public Builder port(int port) {
      checkUnset(this.port == 0, "port", this.port);
      this.port = HostPortParser.checkPort(port, "port");
      return this;
    }

    /**
     * Sets the name used in logs and statistics. Optional; by default {@code "dns:"} and the seeds.
     *
     * @param name 1 to 100 printable ASCII characters without spaces
     * @return this builder
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if the name breaks that rule; the message quotes it
     * @throws IllegalStateException if the name was already set
     */
    public Builder name(String name) {
      checkUnset(this.name == null, "name", this.name);
      this.name = DiscoverySourceName.check(name);
      return this;
    }

    /**
     * Sets the resolver. Optional; by default {@link HostResolver#jdk()}.
     *
     * @param resolver the resolver; called on the executor's threads, possibly several at once
     * @return this builder
     * @throws NullPointerException if {@code resolver} is {@code null}
     * @throws IllegalStateException if the resolver was already set
     */
    public Builder resolver(HostResolver resolver) {
      Objects.requireNonNull(resolver, "resolver");
      checkUnset(this.resolver == null, "resolver", this.resolver);
      this.resolver = resolver;
      return this;
    }

    /**
     * Sets the executor on which the blocking lookups run, one task per seed. Optional; by default
     * a pool shared by all instances of {@value #DEFAULT_LOOKUP_THREADS} daemon threads named
     * {@code peerage-dns-N}, which exit after 30 seconds without work (so the pool needs no
     * shutdown), with room for {@value #DEFAULT_LOOKUP_QUEUE} waiting lookups. Peerage never shuts
     * down an executor given here.
     *
     * @param executor the executor; it should not be a scheduler or event-loop thread, since
     *     lookups block
     * @return this builder
     * @throws NullPointerException if {@code executor} is {@code null}
     * @throws IllegalStateException if the executor was already set
     */
    public Builder executor(Executor executor) {
      Objects.requireNonNull(executor, "executor");
      checkUnset(this.executor == null, "executor", this.executor);
      this.executor = executor;
      return this;
    }

    /**
     * Sets the most addresses kept from one seed. Optional; by default {@value
     * #DEFAULT_MAX_ADDRESSES_PER_SEED}.
     *
     * @param max 1 to {@value #MAX_ADDRESSES_PER_SEED_LIMIT}
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is out of range
     * @throws IllegalStateException if the cap was already set
     */
    public Builder maxAddressesPerSeed(int max) {
      checkUnset(!maxAddressesPerSeedSet, "maxAddressesPerSeed", maxAddressesPerSeed);
      if (max < 1 || max > MAX_ADDRESSES_PER_SEED_LIMIT) {
        throw new IllegalArgumentException(
            "maxAddressesPerSeed must be 1 to " + MAX_ADDRESSES_PER_SEED_LIMIT + ", was " + max);
      }
      this.maxAddressesPerSeed = max;
      this.maxAddressesPerSeedSet = true;
      return this;
    }

    /**
     * Restricts the seeds to one network: {@link #discover} then finds nothing for any other. This
     * lets a host that runs several networks register all their seed lists with one manager.
     * Optional; by default the seeds answer for every network asked.
     *
     * @param network the network the seeds serve
     * @return this builder
     * @throws NullPointerException if {@code network} is {@code null}
     * @throws IllegalStateException if the network was already set
     */
    public Builder network(NetworkId network) {
      Objects.requireNonNull(network, "network");
      checkUnset(this.network == null, "network", this.network);
      this.network = network;
      return this;
    }

    /**
     * Builds the source.
     *
     * @return a new, immutable source
     * @throws IllegalStateException if the seeds or the port were not set
     */
    public DnsSeedDiscovery build() {
      if (seeds == null) {
        throw new IllegalStateException("seeds are required; call seeds(List) before build()");
      }
      if (port == 0) {
        throw new IllegalStateException("port is required; call port(int) before build()");
      }
      return new DnsSeedDiscovery(this);
    }

    private static void checkUnset(boolean unset, String setting, Object current) {
      if (!unset) {
        throw new IllegalStateException(setting + " was already set to " + current);
      }
    }
  }

  /** The default lookup pool, created on first use by an instance that needs it. */
  private static final class DefaultLookupPool {

    static final Executor EXECUTOR = create();

    private static Executor create() {
      AtomicInteger threads = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              DEFAULT_LOOKUP_THREADS,
              DEFAULT_LOOKUP_THREADS,
              LOOKUP_THREAD_IDLE.toMillis(),
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(DEFAULT_LOOKUP_QUEUE),
              task -> {
                Thread thread = new Thread(task, "peerage-dns-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
