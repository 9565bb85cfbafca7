package dev.peerage.core.internal.manager;

import dev.peerage.core.NodeStatus;
import dev.peerage.core.Pairing;
import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookEntry;
import dev.peerage.core.book.SelectionFilter;
import dev.peerage.core.internal.SerialExecutor;
import dev.peerage.core.internal.TokenBucket;
import dev.peerage.core.internal.ban.BanList;
import dev.peerage.core.internal.ban.MisbehaviourTracker;
import dev.peerage.core.internal.book.BucketedAddressBook;
import dev.peerage.core.internal.score.ScoreBoard;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.InvalidPeerEntryException;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.score.PeerScore;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.DiscoverySource;
import dev.peerage.core.spi.PeerMessage;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.spi.RealTimeScheduler;
import dev.peerage.core.spi.Scheduler;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PeerManager} implementation.
 *
 * <p>All mutable state is guarded by one lock. Work that calls out (dials, closes, listener deliveries)
 * is queued while the lock is held and run after it is released, so no foreign code ever runs under the
 * lock and re-entrant calls from transports or listeners cannot deadlock.
 */
public final class DefaultPeerManager implements PeerManager {
  private static final Logger log = LoggerFactory.getLogger(DefaultPeerManager.class);
  private static final int MAX_DEFAULTS = 64;
  private static final Duration BAN_SWEEP_INTERVAL = Duration.ofMinutes(1);
  /** Subtracted from gossiped last-seen times, as Bitcoin Core does for addr messages (2 hours). */
  private static final Duration EXCHANGE_PENALTY = Duration.ofHours(2);
  /** After a successful address fetch, a bootstrap peer is asked again no sooner than this. */
  private static final Duration BOOTSTRAP_REFETCH = Duration.ofMinutes(5);
  /**
   * A discovered address dialled (or connected and dropped) this recently is not dialled again: a node that
   * refused or evicted us is not asked again at once, which would turn a full node into a churn loop.
   */
  private static final Duration RECENT_DIAL = Duration.ofMinutes(1);
  /** The shortest time between two rounds of asking the discovery sources. */
  private static final Duration DISCOVERY_INTERVAL = Duration.ofMinutes(5);

  private final PeerManagerConfig config;
  private final Transport transport;
  private final PeerStore store;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Random random;
  private final NodeIdentity forcedIdentity;
  /** List-only mode: no transport is started, nothing is dialled, no identity is created. */
  private final boolean listOnly;
  private final SerialExecutor dispatcher;
  private final SerialExecutor saver;
  private final List<ExecutorService> owned = new ArrayList<>();
  /** The scheduler the manager made for itself (no scheduler given), closed with it; or null. */
  private final RealTimeScheduler ownedScheduler;
  private final DialSlots slots;
  private final SaveScheduler saves;
  private final Maintenance maintenance;
  /** When the next dial to a book address may start (bookDialInterval). Under the lock. */
  private Instant nextBookDial = Instant.MIN;
  private final WarmStart warm;

  private final BucketedAddressBook book;
  private final BanList banList;
  private final MisbehaviourTracker misbehaviour;
  private final ScoreBoard<PeerAddress> scores;
  private final Set<PeerAddress> privateAddresses = ConcurrentHashMap.newKeySet();
  /** Stored peers of networks the config does not serve: kept untouched and saved back. */
  private List<PeerEntry> foreignPeers = List.of();
  private final List<DiscoverySource> discovery;
  private final InboundAdmission admission;
  private final ManagedLifecycle lifecycle;
  private final PairingWindow pairing;
  private final RefusalReports refusals;

  private final ManagerLock lock = new ManagerLock(event -> dispatcher().execute(() -> deliver(event)));
  private final Counters counters = new Counters(lock);
  private final Subscriptions<PeerEvent> listeners = new Subscriptions<>("peer event");
  private final Subscriptions<PeerMessage> messageListeners = new Subscriptions<>("message");
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  // Guarded by lock.
  private final ManagedRegistry managed = new ManagedRegistry(lock);
  private final Map<NodeId, Link> links = new HashMap<>();
  private final Map<NetworkId, List<PeerAddress>> declaredDefaults = new HashMap<>();
  private Scheduler.Cancellable banSweep;
  private NodeIdentity identity;
  private boolean started;
  private boolean running;
  private boolean transportReady;
  /** The stage {@link #start()} returns: completed when the transport is ready, failed if it is not. */
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  /** Why the transport could not start, once it failed; null otherwise. */
  private String transportError;
  private List<PeerAddress> closingAnchors;
  private Instant lastFeeler = Instant.MIN;
  private Instant lastRotation = Instant.MIN;
  private Instant lastDiscovery;

  /**
   * Creates a manager; see {@link PeerManager.Builder} for the meaning of each argument (nulls take the
   * documented defaults).
   *
   * @param config the configuration
   * @param transport the transport
   * @param store the store
   * @param clock the clock, or null
   * @param scheduler the scheduler, or null
   * @param listenerExecutor the listener executor, or null
   * @param storeExecutor the store executor, or null
   * @param random the random source, or null
   * @param identity a forced identity, or null
   * @param discovery discovery sources
   */
  public DefaultPeerManager(PeerManagerConfig config, Transport transport, PeerStore store,
      InstantSource clock, Scheduler scheduler, Executor listenerExecutor, Executor storeExecutor,
      Random random, NodeIdentity identity, List<DiscoverySource> discovery) {
    this(config, Objects.requireNonNull(transport, "transport"), false, store, clock, scheduler,
        listenerExecutor, storeExecutor, random, identity, discovery);
  }

  /**
   * Creates a list-only manager (see {@link ListOnlyPeerManager}, which wraps it): the managed list,
   * bans and persistence without a transport. Arguments as for the other constructor.
   *
   * @param config the configuration
   * @param store the store
   * @param clock the clock, or null
   * @param scheduler the scheduler, or null (a {@link RealTimeScheduler} the manager owns)
   * @param listenerExecutor the listener executor, or null
   * @param storeExecutor the store executor, or null
   * @param random the random source, or null
   * @param identity a forced identity, or null
   * @return the manager, not started
   */
  public static DefaultPeerManager listOnly(PeerManagerConfig config, PeerStore store,
      InstantSource clock, Scheduler scheduler, Executor listenerExecutor, Executor storeExecutor,
      Random random, NodeIdentity identity) {
    return new DefaultPeerManager(config, new ListOnlyTransport(), true, store, clock, scheduler,
        listenerExecutor, storeExecutor, random, identity, List.of());
  }

  private DefaultPeerManager(PeerManagerConfig config, Transport transport, boolean listOnly,
      PeerStore store, InstantSource clock, Scheduler scheduler, Executor listenerExecutor,
      Executor storeExecutor, Random random, NodeIdentity identity, List<DiscoverySource> discovery) {
    this.config = Objects.requireNonNull(config, "config");
    this.transport = transport;
    this.listOnly = listOnly;
    this.store = Objects.requireNonNull(store, "store");
    this.clock = clock != null ? clock : InstantSource.system();
    this.random = random != null ? random : new Random(new SecureRandom().nextLong());
    this.forcedIdentity = identity;
    if (scheduler != null) {
      this.scheduler = scheduler;
      this.ownedScheduler = null;
    } else {
      this.ownedScheduler = RealTimeScheduler.create();
      this.scheduler = ownedScheduler;
    }
    this.dispatcher = new SerialExecutor(listenerExecutor != null
        ? listenerExecutor : own(Executors.newSingleThreadExecutor(daemonThreads("peerage-events"))));
    this.saver = new SerialExecutor(storeExecutor != null
        ? storeExecutor : own(Executors.newSingleThreadExecutor(daemonThreads("peerage-store"))));
    this.warm = new WarmStart(lock, config.cacheMaxAge(), config.cacheSize());
    this.saves = new SaveScheduler(lock, this.scheduler, saver, store, config.saveInterval(),
        config.saveDebounce(), config.saveRetry(), new SaveHost());
    this.banList = BanList.builder().clock(this.clock).policy(config.bans()).build();
    this.misbehaviour = MisbehaviourTracker.builder().banList(banList).clock(this.clock)
        .threshold(config.bans().misbehaviourThreshold())
        .banDuration(config.bans().misbehaviourBanDuration())
        // One half-life for ban points and score: ScoringPolicy's (the tracker's range ends at a century).
        .decayHalfLife(Collections.min(List.of(config.scoring().misbehaviourHalfLife(),
            BanPolicy.MAX_DURATION)))
        .build();
    this.scores = ScoreBoard.create(config.scoring());
    BucketedAddressBook.Builder bookBuilder = BucketedAddressBook.builder()
        .config(config.addressBook())
        .clock(this.clock)
        .hideFromSharing(a -> privateAddresses.contains(a) || banList.isBannedOrDiscouraged(a))
        .evictFirst(banList::isBannedOrDiscouraged);
    if (random != null) {
      bookBuilder.random(random);
    }
    this.book = bookBuilder.build();
    this.slots = new DialSlots(lock, this.clock, config.maxConcurrentDials(),
        config.groupBackoffBase(), config.groupBackoffCap(), config.pinnedCountTowardLimits());
    this.discovery = List.copyOf(discovery);
    this.lifecycle = new ManagedLifecycle(lock, new LifecycleHost(), config, this.clock, this.scheduler,
        this.random, counters, slots, managed, banList, book, scores);
    this.maintenance = new Maintenance(lock, this.scheduler, this.clock, config.maintenanceInterval(), counters,
        () -> running, () -> running && transportReady, List.of(
            new Maintenance.Task("resolve tried-table collisions", after -> book.resolveCollisions()),
            new Maintenance.Task("close inactive connections", after -> closeInactive()),
            new Maintenance.Task("report unreachable managed peers", after -> reportUnreachable()),
            new Maintenance.Task("dial managed peers whose retry is due", after -> lifecycle.dialDue()),
            new Maintenance.Task("top up outbound connections", after -> topUpOutbound()),
            new Maintenance.Task("ask for addresses while the book is low", after -> exchangeIfLow()),
            new Maintenance.Task("test a collision or a new address (feeler)", after -> feeler()),
            new Maintenance.Task("replace the worst outbound peer", after -> rotate()),
            new Maintenance.Task("ask discovery sources when starved",
                after -> after.addAll(discoverIfStarved()))));
    long evictionKey = this.random.nextLong();
    this.admission = new InboundAdmission(lock, new AdmissionHost(), this.clock, config.network(),
        config.inboundPolicy(), config.maxInbound(), config.inboundRateWindow(), banList,
        evictionKey);
    this.pairing = new PairingWindow(lock, this.scheduler, this.clock);
    this.refusals = new RefusalReports(lock, this.clock);
  }

  private ExecutorService own(ExecutorService executor) {
    owned.add(executor);
    return executor;
  }

  private static ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  // =====================================================================================================
  // Locking discipline

  private <T> T locked(java.util.function.Supplier<T> body) {
    return lock.call(body);
  }

  private void lockedRun(Runnable body) {
    lock.run(body);
  }

  private void drain() {
    lock.drain();
  }

  private SerialExecutor dispatcher() {
    return dispatcher;
  }

  private void deliver(PeerEvent event) {
    listeners.deliver(event);
  }

  private void emit(PeerEvent event) {
    lock.emit(event);
  }

  private void later(Runnable action) {
    lock.later(action);
  }

  private Instant now() {
    return clock.instant();
  }

  // =====================================================================================================
  // Lifecycle

  @Override
  public CompletionStage<Void> start() {
    PeerSnapshot snapshot;
    lock.acquire();
    try {
      if (started || closing.get()) {
        throw new IllegalStateException(closing.get() ? "the peer manager is closed"
            : "the peer manager is already started");
      }
      started = true;
    } finally {
      lock.release();
    }
    try {
      snapshot = store.load();
    } catch (PeerStoreException e) {
      throw new PeerManagerException("cannot load the peer store: " + e.getMessage(), e);
    }
    boolean newIdentity;
    int peers;
    lock.acquire();
    try {
      newIdentity = restore(snapshot);
      peers = managed.size();
      running = true;
      counters.started(now());
      saves.start();
      banSweep = scheduler.schedule(this::sweepBans, BAN_SWEEP_INTERVAL);
      maintenance.start();
      if (warm.queuedAtStart() > 0) {
        // The bootstrap peers become due at exactly startedAt + bootstrapDelay, not at the next tick.
        maintenance.tickAfter(config.bootstrapDelay());
      }
      if (newIdentity) {
        scheduleSave();
      }
    } finally {
      lock.release();
    }
    drain();
    log.info("started node {} on network {}: {} managed peers, {} known addresses{}",
        nodeName(), config.network(),
        peers, book.size(), newIdentity ? ", new identity" : "");
    if (listOnly) {
      ready.complete(null); // no transport: nothing is ever dialled
      return ready;
    }
    CompletionStage<Void> started;
    try {
      started = transport.start(new TransportContext(identity, config.network(), this::onInbound));
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    // A transport that fails at once (a refused lent group, a bind on this thread) is reported the same
    // way as one that fails later: through the stage and a TransportFailed event, so hosts handle one path.
    started.toCompletableFuture().whenComplete((v, error) -> {
      if (error != null) {
        transportFailed(unwrap(error));
        return;
      }
      // Closed while the transport started: close() has failed (or is about to fail) the stage.
      boolean go = locked(() -> {
        if (!running) {
          return false;
        }
        transportReady = true;
        lifecycle.dialPinnedStaggered();
        requestTick();
        return true;
      });
      if (go) {
        log.info("node {} is ready: {}", nodeName(),
            transport.listenAddress().map(a -> "listening on " + a).orElse("not listening"));
        ready.complete(null);
      }
    });
    return ready;
  }

  /**
   * The transport's start failed: the node stops running and says so, once, in the log, an event and
   * the stage the host holds. A failure caused by the host's own close while starting is no news: one
   * line at DEBUG, and close() fails the stage.
   */
  private void transportFailed(Throwable cause) {
    String message = "the transport failed to start: " + cause.getMessage();
    boolean wasRunning = locked(() -> {
      boolean was = running;
      if (was) {
        transportError = message;
        running = false;
        emit(new PeerEvent.TransportFailed(now(), message));
      }
      return was;
    });
    drain();
    if (wasRunning) {
      log.error("{}; this node makes and accepts no connections until restarted", message);
      ready.completeExceptionally(new PeerManagerException(message, cause));
    } else {
      log.debug("the transport's start ended with the close: {}", cause.toString());
    }
  }

  /** Loads a snapshot into the live state. Returns whether a new identity was created. */
  private boolean restore(PeerSnapshot snapshot) {
    boolean created = false;
    if (forcedIdentity != null) {
      identity = forcedIdentity;
    } else if (snapshot.identity().isPresent()) {
      identity = snapshot.identity().get();
    } else if (listOnly) {
      identity = null; // not a node: a list editor saves back only the identity it found
    } else {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      identity = NodeIdentity.fromPrivateKey(seed);
      created = true;
    }
    Instant now = now();
    List<PeerEntry> foreign = new ArrayList<>();
    for (PeerEntry entry : snapshot.peers()) {
      if (!config.networks().contains(entry.network())) {
        foreign.add(entry);
        continue;
      }
      if (managed.contains(entry.id())) {
        log.warn("dropping stored peer with duplicate id {}", entry.id());
        continue;
      }
      managed.add(new Managed(entry, now));
      trackPrivacy(null, entry);
    }
    // Lists of networks this configuration does not serve stay as stored and are saved back, so a
    // node started once with a narrower config (a testnet-only run) does not lose them.
    foreign.removeIf(entry -> managed.contains(entry.id()));
    foreignPeers = List.copyOf(foreign);
    if (!foreignPeers.isEmpty()) {
      log.info("keeping {} stored peers of networks this node does not serve ({}) as they are",
          foreignPeers.size(), foreignPeers.stream().map(PeerEntry::network).distinct().toList());
    }
    for (Map.Entry<NetworkId, List<PeerAddress>> declared : declaredDefaults.entrySet()) {
      reconcileDefaults(declared.getKey(), declared.getValue());
    }
    snapshot.addressBook().ifPresent(book::restore);
    banList.restore(snapshot.bans().orElse(BanListSnapshot.EMPTY));
    scores.restore(snapshot.scores());
    scores.markAllDisconnected(now);
    for (CachedPeer cached : snapshot.cachedPeers()) {
      rememberCached(cached);
    }
    warm.queueCandidates(snapshot, banList, scores, now);
    for (Managed m : managed.values()) {
      lifecycle.restored(m);
    }
    return created;
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      try {
        closed.await(config.closeTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      boolean wasStarted;
      List<Connection> toClose = new ArrayList<>();
      DisconnectReason shutdown =
          DisconnectReason.local(DisconnectReason.Code.SHUTTING_DOWN, "node is shutting down");
      lock.acquire();
      try {
        wasStarted = started;
        running = false;
        if (banSweep != null) {
          banSweep.cancel();
          banSweep = null;
        }
        maintenance.stop();
        saves.stop();
        pairing.stop();
        for (Managed m : managed.values()) {
          lifecycle.managerClosed(m);
        }
        closingAnchors = currentAnchors();
        for (Link link : links.values()) {
          toClose.add(link.connection);
          announceClosed(link, shutdown);
          if (link.stableTimer != null) {
            link.stableTimer.cancel();
          }
          if (link.admissionTimer != null) {
            link.admissionTimer.cancel();
          }
          if (link.managed == null && cacheable(link)) {
            // Peers connected at shutdown are the best warm-start candidates there are.
            rememberCached(new CachedPeer(link.address, Optional.of(link.connection.remoteNodeId()),
                now(), servedStatistics(link)));
          }
        }
        links.clear();
      } finally {
        lock.release();
      }
      drain();
      if (wasStarted) {
        log.info("closing node {}: {} connections", nodeName(), toClose.size());
      }
      ready.completeExceptionally(
          new PeerManagerException("the peer manager was closed before its transport was ready"));
      for (Connection connection : toClose) {
        try {
          connection.close(shutdown);
        } catch (RuntimeException e) {
          log.debug("closing a connection failed", e);
        }
      }
      if (wasStarted) {
        try {
          transport.close().toCompletableFuture()
              .get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          log.warn("the transport did not close within {}; saving anyway", config.closeTimeout());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          log.warn("closing the transport failed", e);
        }
        saveNow();
      }
      store.close();
      if (wasStarted) {
        log.info("closed node {}", nodeName());
      }
    } finally {
      for (ExecutorService executor : owned) {
        executor.shutdown();
      }
      if (ownedScheduler != null) {
        ownedScheduler.close(); // waits for its thread: no scheduler thread outlives close()
      }
      for (ExecutorService executor : owned) {
        try {
          executor.awaitTermination(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      closed.countDown();
    }
  }

  @Override
  public boolean isRunning() {
    lock.acquire();
    try {
      return running;
    } finally {
      lock.release();
    }
  }

  @Override
  public NodeId localNodeId() {
    lock.acquire();
    try {
      if (identity == null) {
        throw new IllegalStateException(listOnly && started
            ? "the store holds no node identity, and " + ListOnlyPeerManager.MODE + " creates none"
            : "the node identity is known once start() has run");
      }
      return identity.nodeId();
    } finally {
      lock.release();
    }
  }

  @Override
  public PeerManagerConfig config() {
    return config;
  }

  /** The periodic timer handles the manager holds now: bounded (five at most) however long it runs. */
  int heldTimers() {
    return locked(() -> saves.timers() + maintenance.timers() + (banSweep != null ? 1 : 0));
  }

  // =====================================================================================================
  // Persistence

  private void scheduleSave() {
    saves.requestSave();
  }

  private void saveNow() {
    saves.saveNow();
  }

  /** What the save scheduler asks of the manager; called under the lock. */
  private final class SaveHost implements SaveScheduler.Host {
    @Override
    public boolean running() {
      return running;
    }

    @Override
    public PeerSnapshot snapshot() {
      counters.taskRan("save"); // every snapshot taken here is written: a run of the save task
      return DefaultPeerManager.this.snapshot();
    }

    @Override
    public void saveFailed(String message) {
      emit(new PeerEvent.StoreFailed(now(), message));
    }
  }

  private PeerSnapshot snapshot() {
    List<PeerEntry> entries = new ArrayList<>(managed.size() + foreignPeers.size());
    for (Managed m : managed.values()) {
      entries.add(m.entry);
    }
    entries.addAll(foreignPeers);
    List<PeerAddress> anchors = running || closingAnchors == null ? currentAnchors() : closingAnchors;
    List<CachedPeer> best = warm.best(scores, now());
    return new PeerSnapshot(Optional.of(now()), Optional.ofNullable(identity), entries,
        Optional.of(book.snapshot()), Optional.of(banList.snapshot()), scores.snapshot(), anchors,
        best);
  }

  /**
   * Whether a connection's peer is worth remembering for a warm start: outbound peers we chose, and
   * inbound peers that told us where they listen (an inbound-heavy node would otherwise remember nobody).
   */
  private static boolean cacheable(Link link) {
    if (link.purpose == Purpose.FEELER || link.purpose == Purpose.CRAWL
        || link.purpose == Purpose.BOOTSTRAP) {
      return false;
    }
    return link.connection.direction() == Direction.OUTBOUND
        || link.connection.advertisedAddress().isPresent();
  }

  /**
   * What the next start dials first (Core's anchors): the discovered outbound peers connected now,
   * then the restored anchors this run has not dialled yet. An anchor this run dialled is an anchor
   * again only if it connected.
   */
  private List<PeerAddress> currentAnchors() {
    List<PeerAddress> anchors = new ArrayList<>();
    for (Link link : links.values()) {
      if (link.connection.direction() == Direction.OUTBOUND && link.managed == null
          && link.purpose != Purpose.FEELER && link.purpose != Purpose.CRAWL) {
        anchors.add(link.address);
      }
    }
    for (PeerAddress pending : warm.pendingAnchors()) {
      if (!anchors.contains(pending)) {
        anchors.add(pending);
      }
    }
    return anchors;
  }

  /**
   * A discovered peer's statistics after one more connection: what the cache knew of it, plus this
   * connection, its traffic and its last latency sample.
   */
  private PeerStatistics servedStatistics(Link link) {
    PeerStatistics stats = warm.statisticsOf(link.address).withConnection()
        .withBytes(link.connection.bytesIn(), link.connection.bytesOut());
    Optional<Duration> latency = link.connection.latency();
    return latency.isPresent() ? stats.withLatency(latency.get()) : stats;
  }

  private void rememberCached(CachedPeer peer) {
    warm.remember(peer);
  }

  // =====================================================================================================
  // Managed peers

  @Override
  public PeerEntry.Builder newPeer(NetworkId network, PeerAddress address) {
    return PeerEntry.builder()
        .id(newId())
        .network(network)
        .address(address)
        .source(PeerSource.MANUAL)
        .addedAt(now())
        .enabled(true)
        .flag(PeerFlag.AUTO_CONNECT, true);
  }

  private String newId() {
    return String.format("p-%012x", random.nextLong() & 0xffff_ffff_ffffL);
  }

  @Override
  public PeerEntry addPeer(PeerEntry peer) {
    Objects.requireNonNull(peer, "peer");
    if (peer.isProtected()) {
      throw new PeerManagerException.ProtectedPeerException("peer " + peer.id()
          + " claims protection; only registerDefaults() creates protected peers");
    }
    return locked(() -> {
      checkAddable(peer);
      insert(peer);
      return peer;
    });
  }

  private void checkAddable(PeerEntry peer) {
    checkNetwork(peer.network());
    if (managed.contains(peer.id())) {
      throw new PeerManagerException.DuplicatePeerException(
          "a managed peer with id '" + peer.id() + "' already exists");
    }
    for (PeerAddress address : peer.addresses()) {
      Managed owner = managed.ownerOf(peer.network(), address);
      if (owner != null) {
        throw new PeerManagerException.DuplicatePeerException("address " + address
            + " already belongs to peer " + owner.entry.id() + " on network " + peer.network());
      }
    }
    if (peer.nodeId().isPresent()) {
      Managed holder = managed.byNodeId(peer.network(), peer.nodeId().get());
      if (holder != null) {
        throw new PeerManagerException.DuplicatePeerException("node id " + peer.nodeId().get()
            .shortString() + " already belongs to peer " + holder.entry.id());
      }
    }
    long custom = managed.customPeers(peer.network());
    if (custom >= config.maxCustomPeers()) {
      throw new PeerManagerException.PeerLimitExceededException("network " + peer.network()
          + " already has " + custom + " custom peers, the configured maximum; peer "
          + peer.address() + " was not added");
    }
  }

  private void checkNetwork(NetworkId network) {
    if (!config.networks().contains(network)) {
      throw new PeerManagerException.WrongNetworkException("network '" + network
          + "' is not served by this peer manager (it serves " + config.networks() + ")");
    }
  }

  private void insert(PeerEntry peer) {
    Managed m = new Managed(peer, now());
    managed.add(m);
    trackPrivacy(null, peer);
    emit(new PeerEvent.PeerAdded(now(), peer));
    lifecycle.added(m);
    scheduleSave();
  }

  private void trackPrivacy(PeerEntry before, PeerEntry after) {
    if (before != null && before.has(PeerFlag.PRIVATE)) {
      privateAddresses.removeAll(before.addresses());
    }
    if (after != null && after.has(PeerFlag.PRIVATE)) {
      privateAddresses.addAll(after.addresses());
    }
  }

  @Override
  public PeerEntry addPeer(PeerTicket ticket, String name) {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(name, "name");
    return locked(() -> {
      checkNetwork(ticket.network());
      Managed known = managed.byNodeId(ticket.network(), ticket.nodeId());
      if (known != null) {
        return known.entry;
      }
      List<PeerAddress> addresses = ticket.addresses().size() > PeerEntry.MAX_ADDRESSES
          ? ticket.addresses().subList(0, PeerEntry.MAX_ADDRESSES) : ticket.addresses();
      PeerEntry entry = PeerEntry.builder()
          .id(newId())
          .network(ticket.network())
          .addresses(addresses)
          .nodeId(ticket.nodeId())
          .label(name.isBlank() ? ticket.label().orElse(null) : name)
          .source(PeerSource.TICKET)
          .addedAt(now())
          .enabled(true)
          .flag(PeerFlag.AUTO_CONNECT, true)
          .build();
      checkAddable(entry);
      insert(entry);
      return entry;
    });
  }

  @Override
  public PeerEntry updatePeer(String id, UnaryOperator<PeerEntry.Builder> change) {
    Objects.requireNonNull(change, "change");
    return locked(() -> {
      Managed m = require(id);
      PeerEntry before = m.entry;
      PeerEntry after = change.apply(before.toBuilder()).build();
      if (!after.id().equals(before.id())) {
        throw new InvalidPeerEntryException("id",
            "id cannot change (was '" + before.id() + "', asked '" + after.id() + "')");
      }
      if (!after.network().equals(before.network())) {
        throw new PeerManagerException.WrongNetworkException("peer " + id + " cannot move from network "
            + before.network() + " to " + after.network() + "; remove it and add it to the other");
      }
      if (before.isProtected() && (!after.addresses().equals(before.addresses())
          || after.source() != before.source() || !after.isProtected())) {
        throw new PeerManagerException.ProtectedPeerException("peer " + id + " is a default bootstrap"
            + " peer: its addresses, source and protection cannot change (it can be disabled)");
      }
      if (!before.isProtected() && after.isProtected()) {
        throw new PeerManagerException.ProtectedPeerException(
            "peer " + id + " cannot become protected; only registerDefaults() creates protected peers");
      }
      for (PeerAddress address : after.addresses()) {
        Managed other = managed.ownerOf(after.network(), address);
        if (other != null && other != m) {
          throw new PeerManagerException.DuplicatePeerException(
              "address " + address + " already belongs to peer " + other.entry.id());
        }
      }
      replaceEntry(m, after);
      lifecycle.reconsider(m);
      scheduleSave();
      return after;
    });
  }

  private void replaceEntry(Managed m, PeerEntry after) {
    PeerEntry before = m.entry;
    if (before.equals(after)) {
      return;
    }
    managed.replaceEntry(m, after);
    trackPrivacy(before, after);
    emit(new PeerEvent.PeerUpdated(now(), before, after));
  }

  @Override
  public boolean removePeer(String id) {
    Objects.requireNonNull(id, "id");
    return locked(() -> {
      Managed m = managed.get(id);
      if (m == null) {
        return false;
      }
      if (m.entry.isProtected()) {
        throw new PeerManagerException.ProtectedPeerException("peer " + id
            + " is a default bootstrap peer of " + m.entry.network() + " and cannot be removed;"
            + " disable it instead");
      }
      remove(m);
      scheduleSave();
      return true;
    });
  }

  private void remove(Managed m) {
    lifecycle.disabled(m, "peer removed"); // fails its connect() waiters too
    managed.remove(m);
    trackPrivacy(m.entry, null);
    emit(new PeerEvent.PeerRemoved(now(), m.entry));
  }

  @Override
  public Optional<PeerEntry> peer(String id) {
    return locked(() -> Optional.ofNullable(managed.get(id)).map(m -> m.entry));
  }

  @Override
  public Optional<PeerEntry> peer(NodeId nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    return locked(() -> Optional.ofNullable(managed.byNodeId(nodeId)).map(m -> m.entry));
  }

  @Override
  public List<PeerEntry> peers(PeerQuery query) {
    Objects.requireNonNull(query, "query");
    return locked(() -> managed.values().stream()
        .filter(m -> query.matches(m.entry, m.link != null))
        .map(m -> m.entry)
        .toList());
  }

  @Override
  public PeerEntry setEnabled(String id, boolean enabled) {
    return locked(() -> {
      Managed m = require(id);
      replaceEntry(m, m.entry.toBuilder().enabled(enabled).build());
      if (enabled) {
        m.suppressed = false;
      }
      lifecycle.reconsider(m);
      scheduleSave();
      return m.entry;
    });
  }

  @Override
  public List<PeerEntry> registerDefaults(NetworkId network, List<PeerAddress> addresses) {
    Objects.requireNonNull(network, "network");
    List<PeerAddress> copy = List.copyOf(addresses);
    if (copy.size() > MAX_DEFAULTS) {
      throw new IllegalArgumentException(
          "at most " + MAX_DEFAULTS + " default peers per network, got " + copy.size());
    }
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException("default peers of " + network + " contain duplicates: " + copy);
    }
    return locked(() -> {
      checkNetwork(network);
      declaredDefaults.put(network, copy);
      if (started) {
        reconcileDefaults(network, copy);
        scheduleSave();
      }
      return managed.values().stream()
          .filter(m -> m.entry.isProtected() && m.entry.network().equals(network))
          .map(m -> m.entry)
          .toList();
    });
  }

  private void reconcileDefaults(NetworkId network, List<PeerAddress> addresses) {
    Map<PeerAddress, Managed> existing = new HashMap<>();
    for (Managed m : List.copyOf(managed.values())) {
      if (m.entry.isProtected() && m.entry.network().equals(network)) {
        if (addresses.contains(m.entry.address())) {
          existing.put(m.entry.address(), m);
        } else {
          remove(m); // a default the host no longer declares
        }
      }
    }
    for (PeerAddress address : addresses) {
      if (existing.containsKey(address)) {
        continue;
      }
      for (Managed m : List.copyOf(managed.values())) {
        // A custom peer at a default's address becomes the default (it keeps its label and history).
        if (m.entry.network().equals(network) && m.entry.addresses().contains(address)) {
          remove(m);
        }
      }
      String id = ("default-" + network.name() + "-" + address).replaceAll("[^A-Za-z0-9._-]", "_");
      if (id.length() > PeerEntry.MAX_ID_LENGTH) {
        id = id.substring(0, PeerEntry.MAX_ID_LENGTH);
      }
      PeerEntry entry = PeerEntry.builder()
          .id(id)
          .network(network)
          .address(address)
          .source(PeerSource.DEFAULT_BOOTSTRAP)
          .isProtected(true)
          .addedAt(now())
          .enabled(true)
          .build(); // no AUTO_CONNECT: bootstrap peers are dialled when the node needs them
      insert(entry);
    }
  }

  @Override
  public int resetToDefaults(NetworkId network) {
    Objects.requireNonNull(network, "network");
    return locked(() -> {
      checkNetwork(network);
      int removed = 0;
      for (Managed m : List.copyOf(managed.values())) {
        if (!m.entry.network().equals(network)) {
          continue;
        }
        if (m.entry.isProtected()) {
          if (!m.entry.enabled()) {
            replaceEntry(m, m.entry.toBuilder().enabled(true).build());
            lifecycle.reconsider(m);
          }
        } else {
          remove(m);
          removed++;
        }
      }
      scheduleSave();
      return removed;
    });
  }

  @Override
  public ImportResult importAddresses(NetworkId network, List<String> lines) {
    Objects.requireNonNull(network, "network");
    List<String> copy = List.copyOf(lines);
    return locked(() -> {
      checkNetwork(network);
      List<PeerEntry> added = new ArrayList<>();
      List<ImportResult.Rejected> rejected = new ArrayList<>();
      int duplicates = 0;
      for (int i = 0; i < copy.size(); i++) {
        String text = copy.get(i).strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        PeerAddress address;
        try {
          address = PeerAddress.parse(text);
        } catch (InvalidPeerAddressException e) {
          rejected.add(new ImportResult.Rejected(i + 1, text, e.getMessage()));
          continue;
        }
        if (owner(network, address) != null) {
          duplicates++;
          continue;
        }
        PeerEntry entry = newPeer(network, address).source(PeerSource.IMPORT).build();
        try {
          checkAddable(entry);
        } catch (PeerManagerException e) {
          rejected.add(new ImportResult.Rejected(i + 1, text, e.getMessage()));
          continue;
        }
        insert(entry);
        added.add(entry);
      }
      return new ImportResult(added, rejected, duplicates);
    });
  }

  @Override
  public ImportResult importPeers(Collection<PeerEntry> peers) {
    List<PeerEntry> copy = List.copyOf(peers);
    return locked(() -> {
      List<PeerEntry> added = new ArrayList<>();
      List<ImportResult.Rejected> rejected = new ArrayList<>();
      int duplicates = 0;
      for (int i = 0; i < copy.size(); i++) {
        PeerEntry incoming = copy.get(i);
        if (!config.networks().contains(incoming.network())) {
          rejected.add(new ImportResult.Rejected(i + 1, incoming.toString(), "network '"
              + incoming.network() + "' is not served by this peer manager"));
          continue;
        }
        boolean clash = managed.contains(incoming.id());
        for (PeerAddress address : incoming.addresses()) {
          clash |= owner(incoming.network(), address) != null;
        }
        if (clash) {
          duplicates++;
          continue;
        }
        PeerEntry entry = incoming.isProtected()
            ? incoming.toBuilder().isProtected(false).source(PeerSource.IMPORT).build()
            : incoming;
        try {
          checkAddable(entry);
        } catch (PeerManagerException e) {
          rejected.add(new ImportResult.Rejected(i + 1, incoming.toString(), e.getMessage()));
          continue;
        }
        insert(entry);
        added.add(entry);
      }
      return new ImportResult(added, rejected, duplicates);
    });
  }

  private Managed owner(NetworkId network, PeerAddress address) {
    return managed.ownerOf(network, address);
  }

  @Override
  public List<PeerEntry> exportPeers(NetworkId network) {
    return peers(PeerQuery.all().network(network));
  }

  @Override
  public List<String> launchArguments(NetworkId network, String flag) {
    Objects.requireNonNull(flag, "flag");
    if (flag.isBlank() || flag.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("flag must be a single non-blank word, was '" + flag + "'");
    }
    List<String> arguments = new ArrayList<>();
    for (PeerEntry peer : peers(PeerQuery.all().network(network).enabled(true))) {
      arguments.add(flag);
      arguments.add(peer.address().toString());
    }
    return arguments;
  }

  @Override
  public PeerTicket ticket(Optional<String> label) {
    Objects.requireNonNull(label, "label");
    NodeId self = localNodeId();
    PeerAddress listen = transport.listenAddress().orElseThrow(() ->
        new IllegalStateException(whyNoListenAddress()));
    return PeerTicket.of(self, List.of(listen), config.network(), label);
  }

  /** Why {@link #ticket} has no address to put in the ticket, for its exception. */
  private String whyNoListenAddress() {
    return locked(() -> {
      if (transportError != null) {
        return "this node has no ticket: " + transportError;
      }
      if (!started) {
        return "this node has no ticket yet: start() it first, and wait for the stage start() returns";
      }
      if (closing.get()) {
        return "this node has no ticket: it is closed";
      }
      if (!transportReady) {
        return "this node has no ticket yet: its transport is still starting; wait for the stage"
            + " start() returns";
      }
      return "this node does not listen, so it cannot be paired with";
    });
  }

  @Override
  public Pairing openPairing(Duration window, int joiners) {
    PairingWindow.check(window, joiners);
    requireRunningForPairing();
    PeerTicket ticket = ticket(Optional.empty()); // fails when the node does not listen
    return locked(() -> {
      requireRunningForPairing();
      return pairing.open(ticket, window, joiners);
    });
  }

  private void requireRunningForPairing() {
    if (!isRunning()) {
      throw new IllegalStateException("the peer manager is not running, so no one can pair with it");
    }
  }

  private Managed require(String id) {
    Objects.requireNonNull(id, "id");
    Managed m = managed.get(id);
    if (m == null) {
      throw new PeerManagerException.PeerNotFoundException(id);
    }
    return m;
  }

  // =====================================================================================================
  // State and listeners

  @Override
  public List<PeerStatus> peerStates() {
    return locked(() -> managed.values().stream().map(lifecycle::status).toList());
  }

  @Override
  public Optional<PeerStatus> peerState(String id) {
    return locked(() -> Optional.ofNullable(managed.get(id)).map(lifecycle::status));
  }

  @Override
  public Subscription onPeerStateChange(Consumer<PeerStatus> listener) {
    Objects.requireNonNull(listener, "listener");
    return addListener(event -> {
      if (event instanceof PeerEvent.StateChanged changed) {
        listener.accept(changed.status());
      }
    });
  }

  @Override
  public Subscription addListener(Consumer<PeerEvent> listener) {
    return listeners.add(listener);
  }

  @Override
  public Subscription onMessage(Consumer<PeerMessage> listener) {
    return messageListeners.add(listener);
  }

  // =====================================================================================================
  // Connecting

  @Override
  public CompletionStage<PeerStatus> connect(String id) {
    return locked(() -> {
      Managed m = require(id);
      if (!m.entry.network().equals(config.network())) {
        throw new PeerManagerException.WrongNetworkException("peer " + id + " belongs to network "
            + m.entry.network() + "; this node runs on " + config.network());
      }
      if (!m.entry.enabled()) {
        throw new IllegalStateException("peer " + id + " is disabled; enable it first");
      }
      return lifecycle.connect(m);
    });
  }

  @Override
  public void disconnect(String id) {
    lockedRun(() -> {
      lifecycle.disconnect(require(id));
    });
  }

  @Override
  public void connectAll() {
    lockedRun(lifecycle::connectAll);
  }

  @Override
  public void setActive(String id, boolean active) {
    lockedRun(() -> {
      lifecycle.setActive(require(id), active);
    });
  }

  @Override
  public Optional<Connection> connection(String id) {
    return locked(() -> Optional.ofNullable(managed.get(id)).map(m -> m.link)
        .map(l -> l.connection));
  }

  @Override
  public List<Connection> connections() {
    return locked(() -> links.values().stream().map(l -> l.connection).toList());
  }

  /** This node's short id for log lines, or a word for a list-only editor without one. */
  private String nodeName() {
    NodeIdentity self = identity;
    return self == null ? "(list-only)" : self.nodeId().shortString();
  }

  /** Registers a dial, counts it, and starts it outside the lock. */
  private void startDial(Dial dial) {
    slots.started(dial);
    counters.dialStarted(dial.purpose());
    Duration timeout = config.dialTimeout();
    later(() -> {
      CompletionStage<Connection> attempt;
      try {
        attempt = transport.dial(dial.address(), timeout);
      } catch (RuntimeException e) {
        attempt = CompletableFuture.failedFuture(e);
      }
      log.debug("dialling {} ({}, timeout {})", dial.address(), dial.purpose(), timeout);
      attempt.whenComplete((connection, error) -> {
        if (log.isDebugEnabled()) {
          log.debug("dial to {} ({}) {}", dial.address(), dial.purpose(), error != null
              ? "failed: " + unwrap(error).getMessage()
              : "reached node " + connection.remoteNodeId().shortString());
        }
        onDialDone(dial, connection, error);
      });
    });
  }

  /** Records a dial's outcome for the group gate. */
  private void recordDialOutcome(boolean success) {
    if (success) {
      slots.networkWorks();
    } else {
      slots.dialFailed(links.isEmpty());
    }
  }

  /**
   * Records a failed dial for the group gate by what the failure says about our own network. Only a
   * timeout, no route, or an unknown error suggest that our network is down; a refusal, a failed
   * handshake or the wrong node or network mean a remote answered, so our network works (a warm start
   * whose cached peers have gone away must not stall behind the gate). A closed transport says nothing.
   */
  private void recordDialFailure(Throwable cause) {
    if (!(cause instanceof DialException d)) {
      recordDialOutcome(false);
      return;
    }
    switch (d.failure()) {
      case TIMEOUT, UNREACHABLE -> recordDialOutcome(false);
      case CLOSED -> { }
      default -> recordDialOutcome(true);
    }
  }

  /** Handles the end of any dial: managed, bootstrap, warm-start, book, feeler or crawl. */
  private void onDialDone(Dial dial, Connection connection, Throwable error) {
    lockedRun(() -> {
      slots.finished(dial);
      try {
        if (dial.managed() != null) {
          lifecycle.dialDone(dial, connection, error == null ? null : unwrap(error));
        } else {
          discoveredDialDone(dial, connection, error);
        }
      } finally {
        lifecycle.pumpWaiting();
        requestTick();
      }
    });
  }

  private void closeUnwanted(Connection connection, String why) {
    later(() -> connection.close(DisconnectReason.local(running
        ? DisconnectReason.Code.REQUESTED : DisconnectReason.Code.SHUTTING_DOWN, why)));
  }

  /** Checks a fresh outbound connection; returns the refusal reason, or null if it may stay. */
  private String vetOutbound(Dial dial, Connection connection) {
    if (!connection.network().equals(config.network())) {
      later(() -> connection.close(DisconnectReason.local(DisconnectReason.Code.WRONG_NETWORK,
          "this node runs " + config.network() + ", the peer runs " + connection.network())));
      misbehaved(connection, dial.address(), MisbehaviourKind.WRONG_NETWORK,
          "dialled peer announced network " + connection.network());
      return "peer is on network " + connection.network() + ", this node runs " + config.network();
    }
    if (connection.remoteNodeId().equals(identity.nodeId())) {
      later(() -> connection.close(DisconnectReason.local(DisconnectReason.Code.SELF, "self")));
      return "the address leads back to this node";
    }
    if (banList.isBanned(connection.remoteNodeId())) {
      later(() -> connection.close(DisconnectReason.local(DisconnectReason.Code.BANNED, "banned")));
      return "node id is banned";
    }
    return null;
  }

  private void discoveredDialDone(Dial dial, Connection connection, Throwable error) {
    if (error != null) {
      Throwable cause = unwrap(error);
      counters.dialFinished(cause instanceof DialException d ? d.failure().name() : "OTHER");
      recordDialFailure(cause);
      book.markAttempt(dial.address(), true);
      scores.recordFailure(dial.address(), now());
      return;
    }
    if (!running) {
      closeUnwanted(connection, "node is shutting down");
      return;
    }
    String refusal = vetOutbound(dial, connection);
    if (refusal != null) {
      counters.dialFinished("REFUSED_BY_US");
      recordDialOutcome(true);
      book.markAttempt(dial.address(), true);
      return;
    }
    counters.dialFinished("CONNECTED");
    recordDialOutcome(true);
    if (dial.purpose() == Purpose.ANCHOR || dial.purpose() == Purpose.CACHE) {
      counters.warmCandidateConnected();
    }
    book.markGood(dial.address());
    scores.recordSuccess(dial.address(), now());
    if (dial.purpose() == Purpose.FEELER) {
      // A feeler only proves the address works; its slot goes back at once.
      closeUnwanted(connection, "feeler connection done");
      return;
    }
    // The dialled address is ours, not a claim: it may name a managed peer whose node id is not known yet.
    Managed owner = findManaged(connection);
    if (owner == null) {
      owner = managed.ownerWithoutNodeId(config.network(), dial.address());
    }
    if (owner != null
        || links.containsKey(connection.remoteNodeId()) && !admitDuplicate(connection, null)) {
      closeUnwanted(connection, "already connected to this node");
      return;
    }
    if (dial.purpose() != Purpose.CRAWL && countedOutbound() >= config.maxOutbound()) {
      closeUnwanted(connection, "outbound limit reached");
      return;
    }
    Link link = openLink(connection, null, dial.address(), dial.purpose());
    scores.markConnected(dial.address(), now());
    markConnectionProgress();
    if (dial.purpose() == Purpose.CRAWL || book.size() < config.exchangeWhenBelow()) {
      requestAddresses(link);
    }
  }

  /**
   * Resolves a second connection to a node already connected: of two connections opened by different
   * sides, the one opened by the node with the smaller node id survives, a rule both sides compute alike, so
   * simultaneous dials leave exactly one; of two opened by the same side, the newer survives.
   *
   * @param newOwner the managed peer the new connection goes to if it stays, or null
   * @return whether the new connection should be attached
   */
  private boolean admitDuplicate(Connection incoming, Managed newOwner) {
    Link existing = links.get(incoming.remoteNodeId());
    if (existing == null) {
      return true;
    }
    NodeId self = identity.nodeId();
    NodeId remote = incoming.remoteNodeId();
    NodeId incomingDialler = incoming.direction() == Direction.OUTBOUND ? self : remote;
    NodeId existingDialler = existing.connection.direction() == Direction.OUTBOUND ? self : remote;
    // Opened by the same side: that side gave up on the older one (a superseded dial), keep the newer.
    // Opened by both sides at once: keep the one the smaller node id dialled, on both ends alike.
    boolean keepIncoming = incomingDialler.equals(existingDialler)
        || incomingDialler.compareTo(existingDialler) < 0;
    DisconnectReason duplicate = DisconnectReason.local(DisconnectReason.Code.DUPLICATE,
        "already connected to " + remote.shortString());
    if (!keepIncoming) {
      later(() -> incoming.close(duplicate));
      return false;
    }
    links.remove(remote);
    if (existing.managed != null) {
      lifecycle.replaced(existing.managed, existing, existing.managed == newOwner);
    }
    later(() -> existing.connection.close(duplicate));
    return true;
  }

  // =====================================================================================================
  // Inbound

  private void onInbound(Connection connection) {
    lockedRun(() -> {
      DisconnectReason refusal = inboundRefusal(connection);
      PeerEntry joiner = null;
      if (refusal == null && pairing.isOpen() && findManaged(connection) == null) {
        joiner = joinerEntry(connection);
        try {
          checkAddable(joiner);
        } catch (PeerManagerException e) {
          refusal = DisconnectReason.local(DisconnectReason.Code.UNKNOWN_PEER,
              "cannot pair: " + e.getMessage());
          joiner = null;
        }
      }
      if (refusal != null) {
        counters.inboundRefused(refusal.code().name());
        refusals.refused(connection, refusal);
        if (refusal.code() == DisconnectReason.Code.TOO_MANY_PEERS) {
          // Full, but the newcomer's address is still worth knowing and passing on.
          connection.advertisedAddress().filter(PeerAddress::isIp).ifPresent(a ->
              book.add(List.of(new TimestampedAddress(a, now())), a, Duration.ZERO));
        }
        DisconnectReason reason = refusal;
        later(() -> connection.close(reason));
        return;
      }
      Managed m = findManaged(connection);
      if (!admitDuplicate(connection, m)) {
        counters.inboundRefused(DisconnectReason.Code.DUPLICATE.name());
        return;
      }
      if (joiner != null) {
        m = pair(joiner);
      }
      PeerAddress address = connection.advertisedAddress().orElse(connection.remoteAddress());
      if (m != null) {
        lifecycle.attach(m, connection, address, Purpose.INBOUND);
      } else {
        openLink(connection, null, address, Purpose.INBOUND);
        if (address.isIp() && connection.advertisedAddress().isPresent()) {
          book.add(List.of(new TimestampedAddress(address, now())), address, Duration.ZERO);
        }
        scores.markConnected(address, now());
      }
    });
  }

  /**
   * Enters a connection this node keeps in the connection table, announces it, and activates it (outside
   * the lock) with the handler that feeds messages, addresses and closes back to the manager.
   */
  private Link openLink(Connection connection, Managed owner, PeerAddress address, Purpose purpose) {
    Link link = new Link(connection, owner, address, now(), purpose, addressBucket());
    links.put(connection.remoteNodeId(), link);
    if (log.isDebugEnabled()) {
      log.debug("connection opened: {} {} node {}{}", connection.direction(), connection.remoteAddress(),
          connection.remoteNodeId().shortString(), owner == null ? "" : " (peer " + owner.entry.id() + ")");
    }
    emit(new PeerEvent.ConnectionOpened(now(), connection.remoteNodeId(), connection.remoteAddress(),
        connection.direction(), Optional.ofNullable(owner).map(m -> m.entry.id())));
    later(() -> connection.activate(new Handler(link)));
    return link;
  }

  private DisconnectReason inboundRefusal(Connection connection) {
    return admission.refusal(connection, findManaged(connection));
  }

  /**
   * The managed peer a stranger admitted through the pairing window becomes: its authenticated node id,
   * its advertised listen address (dialled again after a disconnect, so AUTO_CONNECT) or, if it
   * advertised none, the address it connected from (not dialled: the joiner redials us).
   */
  private PeerEntry joinerEntry(Connection connection) {
    Optional<PeerAddress> listen = connection.advertisedAddress();
    return PeerEntry.builder()
        .id(newId())
        .network(connection.network())
        .address(listen.orElse(connection.remoteAddress()))
        .nodeId(connection.remoteNodeId())
        .source(PeerSource.PAIRED)
        .addedAt(now())
        .enabled(true)
        .flag(PeerFlag.AUTO_CONNECT, listen.isPresent())
        .build();
  }

  /**
   * Adds a joiner as a managed peer without dialling it (its connection is attached next) and takes its
   * place in the pairing window.
   */
  private Managed pair(PeerEntry joiner) {
    pairing.claim();
    Managed m = new Managed(joiner, now());
    managed.add(m);
    emit(new PeerEvent.PeerAdded(now(), joiner));
    emit(new PeerEvent.PeerPaired(now(), joiner));
    scheduleSave();
    return m;
  }

  /** What the admission rules ask of the manager; called under the lock. */
  private final class AdmissionHost implements InboundAdmission.Host {
    @Override
    public boolean running() {
      return running;
    }

    @Override
    public NodeId localNodeId() {
      return identity.nodeId();
    }

    @Override
    public void reportWrongNetwork(Connection connection) {
      misbehaved(connection, connection.remoteAddress(), MisbehaviourKind.WRONG_NETWORK,
          "inbound peer announced network " + connection.network());
    }

    @Override
    public List<Link> countedInbound() {
      List<Link> inbound = new ArrayList<>();
      for (Link link : links.values()) {
        if ((link.managed == null || link.managed.onDemand())
            && link.connection.direction() == Direction.INBOUND) {
          inbound.add(link);
        }
      }
      return inbound;
    }

    @Override
    public void evict(Link evicted) {
      links.remove(evicted.connection.remoteNodeId());
      if (evicted.managed != null) {
        lifecycle.evicted(evicted.managed, evicted);
      }
      later(() -> evicted.connection.close(DisconnectReason.local(DisconnectReason.Code.EVICTED,
          "evicted to make room for a new inbound peer")));
    }

    @Override
    public boolean pairingOpen() {
      return pairing.isOpen();
    }
  }

  /** What the managed peers' lifecycle asks of the manager; called under the lock. */
  private final class LifecycleHost implements ManagedLifecycle.Host {
    @Override
    public boolean running() {
      return running;
    }

    @Override
    public boolean transportReady() {
      return transportReady;
    }

    @Override
    public void startDial(Dial dial) {
      DefaultPeerManager.this.startDial(dial);
    }

    @Override
    public String vetOutbound(Dial dial, Connection connection) {
      return DefaultPeerManager.this.vetOutbound(dial, connection);
    }

    @Override
    public void closeUnwanted(Connection connection, String why) {
      DefaultPeerManager.this.closeUnwanted(connection, why);
    }

    @Override
    public boolean admitDuplicate(Connection incoming, Managed newOwner) {
      return DefaultPeerManager.this.admitDuplicate(incoming, newOwner);
    }

    @Override
    public Link openLink(Connection connection, Managed owner, PeerAddress address, Purpose purpose) {
      return DefaultPeerManager.this.openLink(connection, owner, address, purpose);
    }

    @Override
    public Iterable<Link> links() {
      return links.values();
    }

    @Override
    public void forgetLink(Link link) {
      links.remove(link.connection.remoteNodeId(), link);
    }

    @Override
    public void addressesWanted(Link link, boolean always) {
      if (always || book.size() < config.exchangeWhenBelow()) {
        requestAddresses(link);
      }
    }

    @Override
    public void replaceEntry(Managed m, PeerEntry after) {
      DefaultPeerManager.this.replaceEntry(m, after);
    }

    @Override
    public void connectionMade() {
      markConnectionProgress();
    }


    @Override
    public void requestTick() {
      DefaultPeerManager.this.requestTick();
    }

    @Override
    public void networkAnswered(boolean answered) {
      recordDialOutcome(answered);
    }

    @Override
    public void dialFailure(Throwable cause) {
      recordDialFailure(cause);
    }

    @Override
    public void rememberCached(CachedPeer peer) {
      DefaultPeerManager.this.rememberCached(peer);
    }
  }

  /**
   * The managed peer of the active network a connection belongs to, by the node id the handshake proved.
   * Never by the listen address an inbound peer advertises: that is a claim nobody checked, and taking
   * it would let anyone on a managed peer's IP pin their own node id to that peer (trust on first use
   * means this node's own first dial; see {@link ManagedLifecycle}).
   */
  private Managed findManaged(Connection connection) {
    return managed.byNodeId(config.network(), connection.remoteNodeId());
  }

  // =====================================================================================================
  // Connection callbacks

  private void onClosed(Link link, DisconnectReason reason) {
    lockedRun(() -> {
      counters.disconnected(reason.code().name(), link.connection.bytesIn(), link.connection.bytesOut());
      if (running) {
        announceClosed(link, reason); // at close(), close() announced every connection it closes
      }
      NodeId remote = link.connection.remoteNodeId();
      if (links.get(remote) == link) {
        links.remove(remote);
      }
      scores.markDisconnected(link.address, now());
      if (link.managed == null && cacheable(link)) {
        rememberCached(new CachedPeer(link.address, Optional.of(remote), now(), servedStatistics(link)));
      }
      requestTick();
      if (link.managed != null) {
        lifecycle.closed(link.managed, link, reason);
      }
    });
  }

  private void announceClosed(Link link, DisconnectReason reason) {
    if (log.isDebugEnabled()) {
      log.debug("connection closed: {} {} node {}{}: {}", link.connection.direction(),
          link.connection.remoteAddress(), link.connection.remoteNodeId().shortString(),
          link.managed == null ? "" : " (peer " + link.managed.entry.id() + ")", reason);
    }
    emit(new PeerEvent.ConnectionClosed(now(), link.connection.remoteNodeId(),
        link.connection.remoteAddress(), link.connection.direction(),
        Optional.ofNullable(link.managed).map(m -> m.entry.id()), reason, link.connection.bytesIn(),
        link.connection.bytesOut()));
  }

  private final class Handler implements ConnectionHandler {
    private final Link link;

    Handler(Link link) {
      this.link = link;
    }

    @Override
    public void onMessage(Connection connection, int channel, byte[] payload) {
      Optional<String> peerId = Optional.ofNullable(link.managed).map(m -> m.entry.id());
      PeerMessage message = new PeerMessage(connection, peerId, channel, payload);
      messageListeners.deliverEach(dispatcher, message);
    }

    @Override
    public List<TimestampedAddress> onAddressRequest(Connection connection) {
      // One cached answer per requester network group: requesters in different /16s get different
      // samples (a bootstrap node does not send every newcomer to the same few peers), while scraping the
      // whole book still takes addresses in many groups.
      String requesterClass = connection.remoteAddress().netGroup().toString();
      Instant now = now();
      List<TimestampedAddress> answer = book.addressesToShare(requesterClass).stream()
          .map(a -> new TimestampedAddress(a, book.entry(a).map(e -> e.lastSeen()).orElse(now)))
          .toList();
      lockedRun(() -> {
        counters.exchangeRequestAnswered(answer.size());
      });
      return answer;
    }

    @Override
    public void onLatency(Connection connection, Duration latency) {
      scores.recordLatency(link.address, latency, now());
    }

    @Override
    public void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence) {
      misbehaved(connection, link.address, kind, evidence);
    }

    @Override
    public void onClosed(Connection connection, DisconnectReason reason) {
      DefaultPeerManager.this.onClosed(link, reason);
    }
  }

  // =====================================================================================================
  // Orchestration: the maintenance tick keeps the node well connected without hammering anyone

  private void requestTick() {
    maintenance.requestTick();
  }

  /** Outbound connections that count toward the target and limit. */
  private int countedOutbound() {
    int count = 0;
    for (Link link : links.values()) {
      if (link.connection.direction() == Direction.OUTBOUND && counts(link)) {
        count++;
      }
    }
    return count;
  }

  private boolean counts(Link link) {
    if (link.purpose == Purpose.FEELER || link.purpose == Purpose.CRAWL
        || link.purpose == Purpose.BOOTSTRAP) {
      return false;
    }
    Managed m = link.managed;
    if (m == null || m.onDemand()) {
      return true;
    }
    if (m.entry.has(PeerFlag.UNCONDITIONAL)) {
      return false;
    }
    return config.pinnedCountTowardLimits();
  }

  private void topUpOutbound() {
    if (config.crawler()) {
      crawl();
      return;
    }
    int outbound = countedOutbound();
    int want = config.outboundTarget() - outbound - slots.outboundInFlight();
    Instant now = now();
    boolean starved = outbound < config.minOutbound();
    Instant bootstrapAt = counters.startedAt().plus(config.bootstrapDelay());
    boolean bootstrapDue = warm.queuedAtStart() == 0 || starved && warm.exhausted()
        || !now.isBefore(bootstrapAt);
    if (!bootstrapDue) {
      // Ticks keep only the earliest deadline pending, so the bootstrap one is re-armed each time.
      maintenance.tickAfter(Duration.between(now, bootstrapAt));
    }
    while (want > 0 && slots.hasFreeSlot()) {
      Candidate next = nextCandidate(bootstrapDue);
      if (next == null) {
        break;
      }
      if (next.managed() != null) {
        lifecycle.dial(next.managed()); // checks the group-wide gate itself
        if (!next.managed().dialing) {
          break; // held by the gate
        }
      } else if (slots.gateAllows()) {
        startDial(new Dial(next.address(), next.purpose(), null, 0));
        if (next.purpose() == Purpose.BOOK) {
          nextBookDial = now.plus(config.bookDialInterval());
        }
      } else {
        break;
      }
      want--;
    }
  }

  /** The next outbound candidate: anchors, then cached peers by score, then bootstrap peers, then the book. */
  private Candidate nextCandidate(boolean bootstrapDue) {
    Set<NetGroup> groups = outboundGroups();
    Predicate<PeerAddress> unavailable = unavailableNow();
    // Anchors and cached peers are known good: a restart moments after a crash must still dial them,
    // so the one-minute redial pause does not apply to them.
    WarmCandidate candidate = warm.next(a -> !unavailable.test(a) && groupFree(a, groups));
    if (candidate != null) {
      return new Candidate(candidate.address(), candidate.purpose(), null);
    }
    if (bootstrapDue) {
      Instant now = now();
      for (Managed m : managed.values()) {
        if (m.onDemand() && m.entry.enabled() && m.idle() && !m.suppressed
            && m.entry.network().equals(config.network()) && !lifecycle.isBanned(m)
            && (m.nextAttempt == null || !now.isBefore(m.nextAttempt))) {
          return new Candidate(m.entry.address(), Purpose.BOOTSTRAP, m);
        }
      }
    }
    if (book.size() == 0) {
      return null;
    }
    Instant now = now();
    if (now.isBefore(nextBookDial)) {
      // Book dials are paced (bookDialInterval): a book of dead addresses that refuse at once must not
      // turn every dial's end into the next dial. The tick at the pace's end draws the next one.
      maintenance.tickAfter(Duration.between(now, nextBookDial));
      return null;
    }
    // The book checks the last try itself: a predicate that looked each entry up again would call
    // back into the book under its read lock, once per entry of a scan.
    SelectionFilter.Builder filter = SelectionFilter.builder()
        .exclude(unavailable)
        .excludeTriedAfter(now.minus(RECENT_DIAL));
    if (config.oneOutboundPerGroup()) {
      filter.excludeGroups(groups);
    }
    // The filter holds every rule a book candidate must pass, and select returns only what it accepts.
    return book.select(filter.build())
        .map(entry -> new Candidate(entry.address(), Purpose.BOOK, null))
        .orElse(null);
  }

  /**
   * Whether an address is the one this node listens on. Peers hand our own address back to us in
   * exchanges (they learned it when we connected); it must not take a slot in our book.
   */
  private boolean isOwnAddress(PeerAddress address) {
    return transport.listenAddress().map(address::equals).orElse(false);
  }

  /** Whether an address is already connected, being dialled, banned, managed, or our own. */
  /**
   * Which addresses a selection must skip right now: being dialled, banned, our own, already connected,
   * or a managed peer's (the lifecycle dials those). A selection asks this of many book entries (a full
   * scan of a sparse book asks it of every one), so the connected addresses are gathered once per
   * selection and managed addresses come from the registry's index: each question is a few hash lookups,
   * not a walk over every connection and every managed peer.
   */
  private Predicate<PeerAddress> unavailableNow() {
    Set<PeerAddress> linked = new HashSet<>(links.size() * 2);
    for (Link link : links.values()) {
      linked.add(link.address);
    }
    NetworkId network = config.network();
    return address -> slots.isDialing(address) || banList.isBannedOrDiscouraged(address)
        || isOwnAddress(address) || linked.contains(address)
        || managed.ownerOf(network, address) != null;
  }

  /** Whether one-outbound-per-group allows dialling the address, given the groups already dialled. */
  private boolean groupFree(PeerAddress address, Set<NetGroup> groups) {
    return !config.oneOutboundPerGroup() || !address.isIp() || !groups.contains(address.netGroup());
  }

  /** Whether the book records an attempt on the address within the given window. */
  private boolean triedWithin(PeerAddress address, Duration window) {
    Optional<Instant> lastTry = book.entry(address).flatMap(AddressBookEntry::lastTry);
    return lastTry.isPresent() && now().isBefore(lastTry.get().plus(window));
  }


  /**
   * The network groups of the outbound connections and of the dials in flight: one set serves both the
   * warm-start check ({@link #groupFree}) and the book's group exclusion.
   */
  private Set<NetGroup> outboundGroups() {
    Set<NetGroup> groups = new HashSet<>();
    for (Link link : links.values()) {
      if (link.connection.direction() == Direction.OUTBOUND) {
        groups.add(link.address.netGroup());
      }
    }
    for (Dial dial : slots.inFlight()) {
      groups.add(dial.address().netGroup());
    }
    return groups;
  }

  /** Seed-crawler mode: connect, ask for addresses, disconnect, as fast as the dial slots allow. */
  private void crawl() {
    if (book.size() == 0) {
      // Nothing to crawl yet: fetch addresses from a bootstrap peer first.
      Candidate first = nextCandidate(true);
      if (first != null && first.managed() != null) {
        lifecycle.dial(first.managed());
      }
      return;
    }
    while (slots.hasFreeSlot()) {
      Predicate<PeerAddress> unavailable = unavailableNow();
      Optional<AddressBookEntry> entry = book.select(SelectionFilter.builder()
          .exclude(a -> unavailable.test(a) || crawled(a)).build());
      if (entry.isEmpty() || !slots.gateAllows()) {
        return;
      }
      startDial(new Dial(entry.get().address(), Purpose.CRAWL, null, 0));
    }
  }

  /** A crawler visits each address at most once per {@link PeerManagerConfig#exchangeInterval()}. */
  private boolean crawled(PeerAddress address) {
    return triedWithin(address, config.exchangeInterval());
  }


  /** A feeler tests a tried-table collision or a fresh new-table address, once outbound is full. */
  private void feeler() {
    Duration interval = config.feelerInterval();
    Instant now = now();
    if (interval.isZero() || now.isBefore(lastFeeler.plus(interval)) || config.crawler()
        || countedOutbound() < config.outboundTarget()
        || !slots.hasFreeSlot()) {
      return;
    }
    lastFeeler = now;
    Predicate<PeerAddress> unavailable = unavailableNow();
    Optional<PeerAddress> target = book.collisionToTest().map(AddressBookEntry::address)
        .filter(unavailable.negate());
    if (target.isEmpty()) {
      target = book.select(SelectionFilter.builder().newOnly().exclude(unavailable).build())
          .map(AddressBookEntry::address);
    }
    if (target.isPresent() && slots.gateAllows()) {
      counters.taskRan("feeler");
      startDial(new Dial(target.get(), Purpose.FEELER, null, 0));
    }
  }

  /** Replaces the worst discovered outbound peer when its score is below the avoid threshold. */
  private void rotate() {
    Duration interval = config.rotationInterval();
    Instant now = now();
    if (interval.isZero() || now.isBefore(lastRotation.plus(interval))) {
      return;
    }
    lastRotation = now;
    Link worst = null;
    double worstScore = Double.MAX_VALUE;
    for (Link link : links.values()) {
      if (link.managed == null && link.connection.direction() == Direction.OUTBOUND
          && counts(link)) {
        double score = scores.score(link.address, now).total();
        if (score < worstScore) {
          worstScore = score;
          worst = link;
        }
      }
    }
    if (worst != null && worstScore < config.scoring().avoidThreshold()) {
      counters.taskRan("rotation");
      Link victim = worst;
      String detail = "rotated out: score " + String.format("%.2f", worstScore);
      links.remove(victim.connection.remoteNodeId());
      later(() -> victim.connection.close(
          DisconnectReason.local(DisconnectReason.Code.EVICTED, detail)));
      requestTick();
    }
  }

  /** Asks one connected peer for addresses while the book is low, each peer at most once per interval. */
  private void exchangeIfLow() {
    if (book.size() >= config.exchangeWhenBelow()) {
      return;
    }
    Instant now = now();
    for (Link link : links.values()) {
      if (link.lastExchange == null || !now.isBefore(link.lastExchange.plus(config.exchangeInterval()))) {
        requestAddresses(link);
        return;
      }
    }
  }

  private void requestAddresses(Link link) {
    link.lastExchange = now();
    counters.exchangeRequestSent();
    later(() -> link.connection.requestAddresses().whenComplete((addresses, error) -> {
      if (error == null) {
        onAddresses(link, addresses);
      }
    }));
  }

  /** Takes addresses from a peer, within its token bucket; the excess is dropped and recorded. */
  private void onAddresses(Link link, List<TimestampedAddress> addresses) {
    lockedRun(() -> {
      int granted = link.bucket.tryTakeWholeUpTo(addresses.size());
      int excess = addresses.size() - granted;
      if (excess > 0) {
        counters.addressesDropped(excess);
        misbehaved(link.connection, link.address, MisbehaviourKind.RATE_LIMIT_EXCEEDED,
            excess + " addresses over the rate limit");
      }
      if (granted > 0) {
        List<TimestampedAddress> accepted = new ArrayList<>(addresses.subList(0, granted));
        accepted.removeIf(a -> privateAddresses.contains(a.address()) || isOwnAddress(a.address()));
        counters.addressesLearned(book.add(accepted, link.address, EXCHANGE_PENALTY).size());
      }
      if (link.purpose == Purpose.CRAWL) {
        links.remove(link.connection.remoteNodeId(), link);
        later(() -> link.connection.close(
            DisconnectReason.local(DisconnectReason.Code.REQUESTED, "crawl done")));
      } else if (link.purpose == Purpose.BOOTSTRAP && link.managed != null
          && link.managed.link == link) {
        // An address fetch (Bitcoin Core's -seednode connections): the bootstrap peer told us whom to
        // ask; its slot goes back at once, and it is asked again only if we run short later.
        links.remove(link.connection.remoteNodeId(), link);
        lifecycle.addressesFetched(link.managed, link, BOOTSTRAP_REFETCH);
        later(() -> link.connection.close(
            DisconnectReason.local(DisconnectReason.Code.REQUESTED, "addresses fetched")));
      }
      requestTick();
    });
  }

  /** When the node knows almost nobody, asks the discovery sources (at most once per interval). */
  private List<Runnable> discoverIfStarved() {
    if (discovery.isEmpty() || book.size() >= config.exchangeWhenBelow()
        || countedOutbound() >= config.minOutbound() && book.size() > 0) {
      return List.of();
    }
    Instant now = now();
    if (lastDiscovery != null && now.isBefore(lastDiscovery.plus(DISCOVERY_INTERVAL))) {
      return List.of();
    }
    lastDiscovery = now;
    counters.taskRan("discovery");
    List<Runnable> calls = new ArrayList<>();
    for (DiscoverySource source : discovery) {
      calls.add(() -> {
        CompletionStage<List<PeerAddress>> found;
        try {
          found = source.discover(config.network());
        } catch (RuntimeException e) {
          found = CompletableFuture.failedFuture(e);
        }
        found.whenComplete((addresses, error) -> {
          if (error != null) {
            log.info("discovery source {} failed: {}", source.name(), unwrap(error).getMessage());
            return;
          }
          lockedRun(() -> {
            Instant at = now();
            int learned = 0;
            for (PeerAddress address : addresses) {
              if (isOwnAddress(address)) {
                continue;
              }
              // Each discovered address announces itself: its own group decides its bucket.
              learned += book.add(List.of(new TimestampedAddress(address, at)), address, Duration.ZERO)
                  .size();
            }
            counters.addressesLearned(learned);
            requestTick();
          });
        });
      });
    }
    return calls;
  }

  /** Closes connections that received nothing for the inactivity timeout (when one is set). */
  private void closeInactive() {
    Duration timeout = config.inactivityTimeout();
    if (timeout.isZero()) {
      return;
    }
    Instant now = now();
    for (Link link : List.copyOf(links.values())) {
      long in = link.connection.bytesIn();
      if (in != link.lastBytesIn) {
        link.lastBytesIn = in;
        link.lastTrafficAt = now;
      } else if (!now.isBefore(link.lastTrafficAt.plus(timeout))) {
        // Out of the table so the next round does not close it twice; a managed peer stays attached
        // until onClosed, which records the reason and a failure and backs off like any other drop.
        links.remove(link.connection.remoteNodeId(), link);
        later(() -> link.connection.close(DisconnectReason.local(DisconnectReason.Code.TIMEOUT,
            "no traffic for " + timeout)));
      }
    }
  }

  /** Reports managed peers that failed for too long, and disables them if the host opted in. */
  private void reportUnreachable() {
    Instant now = now();
    for (Managed m : List.copyOf(managed.values())) {
      if (m.failingSince != null && !m.reportedUnreachable && m.link == null && m.pending == null
          && !now.isBefore(m.failingSince.plus(config.unreachableAfter()))) {
        m.reportedUnreachable = true;
        boolean disable = config.autoDisableUnreachable() && !m.entry.has(PeerFlag.PERSISTENT)
            && m.entry.enabled();
        if (disable) {
          replaceEntry(m, m.entry.toBuilder().enabled(false).build());
          lifecycle.disabled(m, "unreachable since " + m.failingSince);
        }
        emit(new PeerEvent.PeerUnreachable(now, m.entry, m.failingSince, disable));
      }
    }
  }

  /** Warm-start marks: first connection, outbound target reached, bootstrap dials avoided. */
  private void markConnectionProgress() {
    Instant now = now();
    counters.connectionMade(now);
    if (!counters.targetReached() && countedOutbound() >= config.outboundTarget()) {
      int avoided = counters.bootstrapDials() > 0 ? 0 : (int) managed.values().stream()
          .filter(m -> m.onDemand() && m.entry.enabled() && m.entry.network().equals(config.network()))
          .count();
      counters.targetReached(now, avoided);
    }
  }

  private TokenBucket addressBucket() {
    return new TokenBucket(clock, config.addressBurst(), config.addressRate());
  }

  @Override
  public void resetBackoff(String id) {
    lockedRun(() -> {
      lifecycle.resetBackoff(require(id));
    });
  }

  @Override
  public void resetBackoff() {
    lockedRun(() -> {
      slots.resetGate();
      for (Managed m : managed.values()) {
        lifecycle.resetBackoff(m);
      }
      requestTick();
    });
  }

  @Override
  public PeerStats stats() {
    return locked(() -> {
      Instant now = now();
      Map<PeerState, Integer> byState = new java.util.EnumMap<>(PeerState.class);
      for (Managed m : managed.values()) {
        if (m.entry.network().equals(config.network())) {
          byState.merge(m.state, 1, Integer::sum);
        }
      }
      int inbound = 0;
      int outbound = 0;
      long liveIn = 0;
      long liveOut = 0;
      for (Link link : links.values()) {
        if (link.connection.direction() == Direction.INBOUND) {
          inbound++;
        } else if (link.purpose != Purpose.FEELER) {
          outbound++;
        }
        liveIn += link.connection.bytesIn();
        liveOut += link.connection.bytesOut();
      }
      return Snapshots.peerStats()
          .at(now)
          .managedByState(byState)
          .inbound(inbound)
          .outbound(outbound)
          .connections(links.size())
          .dialsInFlight(slots.inFlight().size())
          .knownAddresses(book.size())
          .newAddresses(book.size(AddressBook.Table.NEW))
          .triedAddresses(book.size(AddressBook.Table.TRIED))
          .bans(banList.size())
          .dialsByOutcome(counters.dialsByOutcome())
          .dialsByPurpose(counters.dialsByPurpose())
          .disconnectsByReason(counters.disconnectsByReason())
          .inboundRefusedByReason(counters.inboundRefusedByReason())
          .exchangeRequestsSent(counters.exchangeRequestsSent())
          .exchangeRequestsAnswered(counters.exchangeRequestsAnswered())
          .addressesLearned(counters.addressesLearned())
          .addressesShared(counters.addressesShared())
          .addressesDropped(counters.addressesDropped())
          .bytesIn(counters.bytesInClosed() + liveIn)
          .bytesOut(counters.bytesOutClosed() + liveOut)
          .warmStart(warm.queuedAtStart(), counters.cacheDialed(), counters.cacheConnected(),
              counters.bootstrapDials(), counters.bootstrapDialsAvoided(),
              counters.timeToFirstConnection(), counters.timeToTarget())
          .tasks(counters.tasks())
          .build();
    });
  }

  @Override
  public NodeStatus status() {
    // One hold of the lock: the peers, connections and figures describe the same moment.
    return locked(() -> Snapshots.nodeStatus(now(), Optional.ofNullable(identity).map(NodeIdentity::nodeId),
        config.network(), running, peerStates(), connections(), stats()));
  }

  // =====================================================================================================
  // Bans

  @Override
  public BanEntry ban(Subnet subnet, Duration duration, String reason) {
    Objects.requireNonNull(subnet, "subnet");
    Optional<Instant> until = until(duration);
    BanEntry entry = banList.ban(subnet, until, reason, List.of());
    banned(entry);
    return entry;
  }

  @Override
  public BanEntry ban(NodeId nodeId, Duration duration, String reason) {
    Objects.requireNonNull(nodeId, "nodeId");
    BanEntry entry = banList.ban(nodeId, until(duration), reason, List.of());
    banned(entry);
    return entry;
  }

  private Optional<Instant> until(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    return duration.isZero() ? Optional.empty() : Optional.of(now().plus(duration));
  }

  /** Applies a new ban: event, closes matching connections, marks matching managed peers. */
  private void banned(BanEntry entry) {
    lockedRun(() -> {
      log.debug("banned {} {}: {}", entry.target(),
          entry.until().map(t -> "until " + t).orElse("for good"), entry.reason());
      emit(new PeerEvent.PeerBanned(now(), entry));
      for (Link link : List.copyOf(links.values())) {
        if (banList.isBanned(link.connection.remoteNodeId())
            || banList.isBanned(link.connection.remoteAddress()) || banList.isBanned(link.address)) {
          links.remove(link.connection.remoteNodeId());
          DisconnectReason banned = DisconnectReason.local(DisconnectReason.Code.BANNED, entry.reason());
          if (link.managed != null) {
            lifecycle.closed(link.managed, link, banned);
          }
          later(() -> link.connection.close(banned));
        }
      }
      for (Managed m : managed.values()) {
        if (lifecycle.isBanned(m)) {
          lifecycle.banned(m, entry.reason());
        }
      }
      scheduleSave();
    });
  }

  @Override
  public boolean unban(Subnet subnet) {
    Optional<BanEntry> ban = banList.bans().stream()
        .filter(b -> b.target() instanceof dev.peerage.core.ban.BanTarget.SubnetTarget s
            && s.subnet().equals(subnet))
        .findFirst();
    boolean lifted = banList.unban(subnet);
    afterUnban(lifted ? ban : Optional.empty());
    return lifted;
  }

  @Override
  public boolean unban(NodeId nodeId) {
    Optional<BanEntry> ban = banList.banOf(nodeId);
    boolean lifted = banList.unban(nodeId);
    afterUnban(lifted ? ban : Optional.empty());
    return lifted;
  }

  private void afterUnban(Optional<BanEntry> lifted) {
    lockedRun(() -> {
      lifted.ifPresent(b -> emit(new PeerEvent.PeerUnbanned(now(), b)));
      for (Managed m : managed.values()) {
        if (m.state == PeerState.BANNED && !lifecycle.isBanned(m)) {
          lifecycle.reconsider(m);
        }
      }
      scheduleSave();
    });
  }

  private void sweepBans() {
    banList.sweepExpired();
    // Every expiry is announced once, whichever call swept it (a save's snapshot sweeps too).
    List<BanEntry> expired = banList.takeExpired();
    lockedRun(() -> expired.forEach(b -> {
      log.debug("ban on {} expired", b.target());
      emit(new PeerEvent.PeerUnbanned(now(), b));
    }));
    afterUnban(Optional.empty());
    lockedRun(() -> {
      if (running) {
        banSweep = scheduler.schedule(this::sweepBans, BAN_SWEEP_INTERVAL);
      }
    });
  }

  @Override
  public List<BanEntry> bans() {
    return banList.bans();
  }

  @Override
  public Optional<BanEntry> reportMisbehaviour(Connection connection, MisbehaviourKind kind,
      String evidence) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(kind, "kind");
    PeerAddress scoreKey = locked(() -> {
      Link link = links.get(connection.remoteNodeId());
      return link != null && link.connection == connection ? link.address : connection.remoteAddress();
    });
    return misbehaved(connection, scoreKey, kind, evidence);
  }

  /**
   * The one path for misbehaviour, whoever saw it (the host, the transport, the manager itself): the
   * tracker adds the kind's weight, the peer's score loses as many points (so rotation replaces it
   * before any ban), and a ban past the threshold closes its connections.
   *
   * @param scoreKey the address the peer is scored under: the link's address (an inbound peer's
   *     advertised one), or the dialled or remote address
   */
  private Optional<BanEntry> misbehaved(Connection connection, PeerAddress scoreKey,
      MisbehaviourKind kind, String evidence) {
    double weight = config.bans().misbehaviourWeight(kind);
    if (weight == 0) {
      return Optional.empty(); // the host chose to ignore this kind
    }
    Optional<BanEntry> ban = misbehaviour.report(connection.remoteNodeId(), connection.remoteAddress(),
        kind, weight, evidence);
    scores.recordMisbehaviour(scoreKey, weight, now());
    ban.ifPresent(this::banned);
    return ban;
  }

  @Override
  public boolean recordSuccess(NodeId nodeId, Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
    }
    return scored(nodeId, (key, now) -> {
      scores.recordSuccess(key, now);
      if (!latency.isZero()) {
        scores.recordLatency(key, latency, now);
      }
    });
  }

  @Override
  public boolean recordFailure(NodeId nodeId) {
    return scored(nodeId, scores::recordFailure);
  }

  @Override
  public boolean recordTransfer(NodeId nodeId, long bytes, Duration elapsed) {
    Objects.requireNonNull(elapsed, "elapsed");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be zero or more, was " + bytes);
    }
    if (elapsed.isNegative() || elapsed.isZero()) {
      throw new IllegalArgumentException("elapsed must be positive, was " + elapsed);
    }
    double seconds = elapsed.toNanos() / 1e9;
    return scored(nodeId, (key, now) -> scores.recordThroughput(key, bytes / seconds, now));
  }

  /** Applies an application outcome to the score of the peer with this node id; false if unknown. */
  private boolean scored(NodeId nodeId, BiConsumer<PeerAddress, Instant> outcome) {
    Objects.requireNonNull(nodeId, "nodeId");
    return locked(() -> {
      PeerAddress key = scoreKey(nodeId);
      if (key == null) {
        return false;
      }
      outcome.accept(key, now());
      return true;
    });
  }

  /** The address a node is scored under: its live link's, its managed entry's, or its cached one. */
  private PeerAddress scoreKey(NodeId nodeId) {
    Link link = links.get(nodeId);
    if (link != null) {
      return link.address;
    }
    Managed m = managed.byNodeId(config.network(), nodeId);
    if (m != null) {
      return m.entry.address();
    }
    return warm.addressOf(nodeId);
  }

  @Override
  public Optional<PeerScore> score(NodeId nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    return locked(() -> Optional.ofNullable(scoreKey(nodeId)).map(key -> scores.score(key, now())));
  }

  @Override
  public Map<NodeId, PeerScore> scores() {
    return locked(() -> {
      Instant now = now();
      List<Map.Entry<NodeId, PeerScore>> ranked = new ArrayList<>();
      for (Link link : links.values()) {
        ranked.add(Map.entry(link.connection.remoteNodeId(), scores.score(link.address, now)));
      }
      ranked.sort(Map.Entry.<NodeId, PeerScore>comparingByValue().reversed());
      Map<NodeId, PeerScore> result = new java.util.LinkedHashMap<>();
      ranked.forEach(e -> result.put(e.getKey(), e.getValue()));
      return Collections.unmodifiableMap(result);
    });
  }

  @Override
  public List<CachedPeer> cachedPeers() {
    return locked(() -> List.copyOf(warm.best(scores, now())));
  }

  @Override
  public AddressBook addressBook() {
    return book;
  }

  // =====================================================================================================

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }








}
