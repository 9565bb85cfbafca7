package dev.peerage.core.internal.manager;

import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.ban.BanList;
import dev.peerage.core.internal.book.BucketedAddressBook;
import dev.peerage.core.internal.score.ScoreBoard;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The lifecycle of the managed peers: the one place that changes a managed peer's {@link PeerState}, each
 * change named by a {@link Transition} (the table in docs/architecture.md). It decides when to dial a
 * managed peer, what a dial's outcome does to it, when a connection becomes its own, when it counts as
 * connected, and what a close does; the manager calls it for every event that concerns a managed peer.
 *
 * <p>A managed peer's life, in short: {@code DISCONNECTED} until it is wanted; {@code CONNECTING} while a
 * dial runs ({@code WAITING} if no dial slot is free); {@code CONNECTING} still once a connection is open,
 * until the remote admitted it too; then {@code CONNECTED} ({@code ACTIVE} when the host marks it busy)
 * for as long as that connection lives; {@code BACKOFF} with a {@code nextAttempt} after a failure or a
 * drop; {@code BANNED} while a ban holds it. The status follows the connection: {@code CONNECTED} or
 * {@code ACTIVE} exactly while {@link Managed#link} is set.
 *
 * <p>Confined to the manager's lock, like every collaborator; it never calls out under it (closes,
 * dials, waiter completions and events are queued on the lock and run after its release). The
 * connection table, dialling and the transport stay with the manager, reached through {@link Host}.
 */
final class ManagedLifecycle {
  /** What the lifecycle needs from the manager; called under the lock. */
  interface Host {
    /** Whether the manager runs (started and not closing). */
    boolean running();

    /** Whether the transport is ready to dial. */
    boolean transportReady();

    /** Registers and starts a dial; its outcome comes back through {@link #dialDone}. */
    void startDial(Dial dial);

    /** Checks a fresh outbound connection: null if it may stay, else why not (it is being closed). */
    String vetOutbound(Dial dial, Connection connection);

    /** Closes a connection nobody wants, outside the lock. */
    void closeUnwanted(Connection connection, String why);

    /**
     * Applies the duplicate tie-break to a new connection to a node already connected.
     *
     * @param newOwner the managed peer the new connection is attached to next if it stays
     * @return whether the new connection stays (the older one was taken out of the table and closed)
     */
    boolean admitDuplicate(Connection incoming, Managed newOwner);

    /** Enters a new link in the connection table and activates its connection with the manager's handler. */
    Link openLink(Connection connection, Managed owner, PeerAddress address, Purpose purpose);

    /** The live links, for adoption. */
    Iterable<Link> links();

    /** Takes a link out of the connection table, if it is still there. */
    void forgetLink(Link link);

    /** Asks a connected peer for addresses if the book is low (or always, for a bootstrap fetch). */
    void addressesWanted(Link link, boolean always);

    /** Replaces a managed peer's entry: registry, privacy, the update event. */
    void replaceEntry(Managed m, PeerEntry after);

    /** A connection was made: warm-start marks and the outbound target. */
    void connectionMade();

    /** Asks for a maintenance tick soon. */
    void requestTick();

    /** Feeds a dial's outcome to the group-wide gate: {@code true} when a remote answered. */
    void networkAnswered(boolean answered);

    /** Feeds a failed dial to the group-wide gate by what its cause says about our own network. */
    void dialFailure(Throwable cause);

    /** Remembers a peer that served us in the warm-start cache. */
    void rememberCached(CachedPeer peer);
  }

  private final ManagerLock lock;
  private final Host host;
  private final PeerManagerConfig config;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final Random random;
  private final Counters counters;
  private final DialSlots slots;
  private final ManagedRegistry managed;
  private final BanList banList;
  private final BucketedAddressBook book;
  private final ScoreBoard<PeerAddress> scores;

  ManagedLifecycle(ManagerLock lock, Host host, PeerManagerConfig config, InstantSource clock,
      Scheduler scheduler, Random random, Counters counters, DialSlots slots, ManagedRegistry managed,
      BanList banList, BucketedAddressBook book, ScoreBoard<PeerAddress> scores) {
    this.lock = lock;
    this.host = host;
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.random = random;
    this.counters = counters;
    this.slots = slots;
    this.managed = managed;
    this.banList = banList;
    this.book = book;
    this.scores = scores;
  }

  private Instant now() {
    return clock.instant();
  }

  // =====================================================================================================
  // State

  /** The peer's status as the host sees it. */
  PeerStatus status(Managed m) {
    Link link = m.link;
    return new PeerStatus(m.entry, m.state, m.since,
        Optional.ofNullable(link).map(l -> l.connection.direction()),
        Optional.ofNullable(link).map(l -> l.connection.remoteAddress()),
        Optional.ofNullable(m.state == PeerState.BACKOFF ? m.nextAttempt : null),
        m.failures, Optional.ofNullable(m.lastError));
  }

  /** Moves a peer to a state through a named transition, and announces the change. */
  private void move(Managed m, PeerState state, Transition transition) {
    lock.checkHeld();
    if (m.state == state) {
      return;
    }
    assert transition.allows(m.state, state)
        : transition + " cannot move peer " + m.entry.id() + " from " + m.state + " to " + state;
    assert (state == PeerState.CONNECTED || state == PeerState.ACTIVE) == (m.link != null)
        : "peer " + m.entry.id() + " would be " + state + (m.link != null ? " with " : " without ")
            + "a connection";
    PeerState previous = m.state;
    m.state = state;
    m.since = now();
    lock.emit(new PeerEvent.StateChanged(m.since, previous, status(m)));
  }

  /** Whether the manager should keep trying to connect to this peer on its own. */
  boolean eligible(Managed m) {
    return host.running() && m.entry.enabled() && !m.suppressed && Managed.autoConnects(m.entry)
        && m.entry.network().equals(config.network()) && !isBanned(m);
  }

  /** Whether its node id, or every address of it, is banned. */
  boolean isBanned(Managed m) {
    if (m.entry.nodeId().isPresent() && banList.isBanned(m.entry.nodeId().get())) {
      return true;
    }
    for (PeerAddress address : m.entry.addresses()) {
      if (!banList.isBanned(address)) {
        return false;
      }
    }
    return true;
  }

  private PeerState stoppedState(Managed m) {
    return isBanned(m) ? PeerState.BANNED : PeerState.DISCONNECTED;
  }

  // =====================================================================================================
  // What the host and the manager ask

  /** A stored peer was loaded at start: banned if a stored ban covers it (dials wait for the transport). */
  void restored(Managed m) {
    if (isBanned(m)) {
      move(m, PeerState.BANNED, Transition.BANNED_PEER);
    }
  }

  /** A peer was added: banned, or dialled if it wants to be. */
  void added(Managed m) {
    if (isBanned(m)) {
      move(m, PeerState.BANNED, Transition.BANNED_PEER);
    } else if (eligible(m)) {
      dial(m);
    }
  }

  /**
   * The host asks to connect: lifts a host's disconnect and dials unless connected or under way.
   *
   * @return completes with the status once connected; fails if the dial fails or the peer is banned
   */
  CompletableFuture<PeerStatus> connect(Managed m) {
    m.suppressed = false;
    if (m.link != null) {
      return CompletableFuture.completedFuture(status(m));
    }
    CompletableFuture<PeerStatus> waiter = new CompletableFuture<>();
    m.waiters.add(waiter);
    if (isBanned(m)) {
      move(m, PeerState.BANNED, Transition.BANNED_PEER);
      failWaiters(m, new PeerManagerException("peer " + m.entry.id() + " is banned"));
    } else if (m.idle()) {
      cancelRetry(m);
      dial(m);
    }
    return waiter;
  }

  /** The host disconnects the peer; it stays disconnected (inbound refused) until {@link #connect}. */
  void disconnect(Managed m) {
    m.suppressed = true;
    stop(m, stoppedState(m), Transition.HOST_DISCONNECTED, "disconnected by the host");
  }

  /** The host asks every auto-connecting peer of the active network to connect. */
  void connectAll() {
    for (Managed m : managed.values()) {
      if (m.entry.network().equals(config.network()) && m.entry.enabled()
          && Managed.autoConnects(m.entry)) {
        m.suppressed = false;
        if (m.idle() && !isBanned(m)) {
          cancelRetry(m);
          dial(m);
        }
      }
    }
  }

  /** The host marks a connected peer busy or idle. */
  void setActive(Managed m, boolean active) {
    if (m.link == null) {
      throw new IllegalStateException("peer " + m.entry.id() + " is not connected (state " + m.state + ")");
    }
    move(m, active ? PeerState.ACTIVE : PeerState.CONNECTED, Transition.ACTIVITY_MARKED);
  }

  /** Forgets the peer's failures; one in backoff is retried after the base delay. */
  void resetBackoff(Managed m) {
    m.failures = 0;
    if (m.state == PeerState.BACKOFF) {
      if (eligible(m)) {
        scheduleManagedRetry(m, config.reconnectPolicy().delay(1, true, random), Transition.DIAL_DEFERRED);
      } else {
        m.nextAttempt = null;
      }
    }
  }

  /** After a change of flags, enablement or bans: dial if now eligible, stop if no longer. */
  void reconsider(Managed m) {
    if (isBanned(m)) {
      stop(m, PeerState.BANNED, Transition.BANNED_PEER, "banned");
    } else if (!m.entry.enabled()) {
      stop(m, PeerState.DISCONNECTED, Transition.DISABLED, "disabled");
    } else if (m.state == PeerState.BANNED) {
      move(m, PeerState.DISCONNECTED, Transition.UNBANNED);
      if (eligible(m)) {
        dial(m);
      }
    } else if (eligible(m) && m.idle() && m.retry == null) {
      dial(m);
    } else if (host.running() && !eligible(m) && !m.onDemand() && m.idle()
        && (m.state == PeerState.BACKOFF || m.state == PeerState.WAITING)) {
      // No longer to be dialled (AUTO_CONNECT turned off): a pending retry or a place in the slot
      // queue would otherwise leave it showing BACKOFF with a past nextAttempt for ever.
      cancelRetry(m);
      slots.stopWaiting(m);
      m.nextAttempt = null;
      move(m, PeerState.DISCONNECTED, Transition.NOT_WANTED);
    }
  }

  /** A ban now covers the peer: its dial is aborted and its connection closed. */
  void banned(Managed m, String reason) {
    stop(m, PeerState.BANNED, Transition.BANNED_PEER, "banned: " + reason);
  }

  /** The peer is removed or disabled (as unreachable, say): its dial is aborted and its connection closed. */
  void disabled(Managed m, String why) {
    stop(m, PeerState.DISCONNECTED, Transition.DISABLED, why);
  }

  /** The manager closes: every peer ends disconnected, its waiters failed, its statistics folded in. */
  void managerClosed(Managed m) {
    m.generation++;
    m.dialing = false;
    cancelRetry(m);
    failWaiters(m, new PeerManagerException("the peer manager is closing"));
    if (m.link != null) {
      foldLinkStatistics(m, m.link);
    }
    m.link = null;
    m.pending = null;
    if (m.state != PeerState.BANNED) {
      move(m, PeerState.DISCONNECTED, Transition.MANAGER_CLOSED);
    }
  }

  // =====================================================================================================
  // Dialling

  /**
   * Dials the pinned peers at startup: the first {@code startupBurst} at once, the rest spread evenly over
   * {@code startupSpread} (lnd's habit), so a node with many pinned peers does not open them all in one go.
   */
  void dialPinnedStaggered() {
    List<Managed> pinned = new ArrayList<>();
    for (Managed m : managed.values()) {
      if (eligible(m)) {
        pinned.add(m);
      }
    }
    int burst = Math.min(config.startupBurst(), pinned.size());
    for (int i = 0; i < burst; i++) {
      dial(pinned.get(i));
    }
    int rest = pinned.size() - burst;
    for (int i = 0; i < rest; i++) {
      Managed m = pinned.get(burst + i);
      Duration delay = config.startupSpread().multipliedBy(i + 1).dividedBy(rest);
      scheduleManagedRetry(m, delay, Transition.DIAL_DEFERRED);
    }
  }

  /** Pinned peers whose retry was postponed (a full dial queue, the group gate) get another chance. */
  void dialDue() {
    Instant now = now();
    for (Managed m : managed.values()) {
      // A WAITING peer is queued for the next free slot (pumpWaiting dials it): asking again on every
      // tick cost a walk over every connection per waiting peer, quadratic while a thousand start.
      if (m.state != PeerState.WAITING && eligible(m) && m.idle() && m.retry == null
          && (m.nextAttempt == null || !now.isBefore(m.nextAttempt))) {
        dial(m);
      }
    }
  }

  /** Starts dials that waited for a free slot. */
  void pumpWaiting() {
    for (Managed m = slots.nextWaiting(); m != null; m = slots.nextWaiting()) {
      if (managed.isCurrent(m) && (eligible(m) || m.onDemand())) {
        dial(m);
      }
    }
  }

  /** Starts (or queues) a dial to a managed peer; the result comes back through {@link #dialDone}. */
  void dial(Managed m) {
    if (!host.running() || !host.transportReady() || !m.idle()) {
      return;
    }
    if (adoptExisting(m)) {
      return; // already connected to it: no dial, and no duplicate for the tie-break to drop
    }
    cancelRetry(m);
    PeerAddress address = nextAddress(m);
    if (address == null) {
      move(m, PeerState.BANNED, Transition.BANNED_PEER);
      return;
    }
    if (slots.isDialing(address) || !slots.gateAllows()) {
      // Another dial to this address is under way, or the group backoff holds dials: try again later.
      scheduleManagedRetry(m, slots.gateDelay(), Transition.DIAL_DEFERRED);
      return;
    }
    if (!slots.hasFreeSlot()) {
      slots.waitForSlot(m);
      m.nextAttempt = null; // no time to promise: it goes when a slot frees
      move(m, PeerState.WAITING, Transition.NO_FREE_SLOT);
      return;
    }
    m.dialing = true;
    int generation = ++m.generation;
    move(m, PeerState.CONNECTING, Transition.DIAL_STARTED);
    host.startDial(new Dial(address, m.onDemand() ? Purpose.BOOTSTRAP : Purpose.MANAGED, m, generation));
  }

  /** Rotates through a peer's addresses by failure count, skipping banned ones. */
  private PeerAddress nextAddress(Managed m) {
    List<PeerAddress> addresses = m.entry.addresses();
    for (int i = 0; i < addresses.size(); i++) {
      PeerAddress candidate = addresses.get((m.failures + i) % addresses.size());
      if (!banList.isBanned(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** A managed peer's dial ended, with a connection or an error. */
  void dialDone(Dial dial, Connection connection, Throwable cause) {
    Managed m = dial.managed();
    boolean current = managed.isCurrent(m) && m.generation == dial.generation() && m.dialing;
    if (!current || !host.running()) {
      if (connection != null) {
        host.closeUnwanted(connection, "the dial is no longer wanted");
      }
      return;
    }
    m.dialing = false;
    Link live = m.current();
    if (live != null) {
      // Connected meanwhile through the other direction (both sides dialled). A failed dial must not
      // change a status that follows the live link. A successful one goes to the tie-break, which both
      // ends apply alike so that they keep the same one of the two connections.
      counters.dialFinished(cause == null ? "DUPLICATE" : "DUPLICATE_FAILED");
      if (connection == null) {
        return;
      }
      if (!connection.remoteNodeId().equals(live.connection.remoteNodeId())) {
        host.closeUnwanted(connection, "already connected to this peer as "
            + live.connection.remoteNodeId().shortString());
      } else if (host.admitDuplicate(connection, m)) {
        attach(m, connection, dial.address(), dial.purpose());
      }
      return;
    }
    if (cause != null) {
      String outcome = cause instanceof DialException d ? d.failure().name() : "OTHER";
      counters.dialFinished(outcome);
      host.dialFailure(cause);
      book.markAttempt(dial.address(), true);
      scores.recordFailure(dial.address(), now());
      dialFailed(m, Transition.DIAL_FAILED, cause instanceof DialException d2
          ? d2.failure() + ": " + d2.getMessage()
          : cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
      return;
    }
    String refusal = host.vetOutbound(dial, connection);
    if (refusal == null && m.entry.nodeId().isPresent()
        && !m.entry.nodeId().get().equals(connection.remoteNodeId())) {
      host.closeUnwanted(connection, "expected node " + m.entry.nodeId().get().shortString());
      refusal = "the node at " + dial.address() + " is " + connection.remoteNodeId().shortString()
          + ", not the expected " + m.entry.nodeId().get().shortString();
    }
    if (refusal != null) {
      counters.dialFinished("REFUSED_BY_US");
      host.networkAnswered(true); // the network works: this is the peer's fault, not an outage
      if (banList.isBanned(connection.remoteNodeId())) {
        m.lastError = refusal; // the status says why, banned or not
        stop(m, PeerState.BANNED, Transition.BANNED_PEER, refusal);
      } else {
        dialFailed(m, Transition.DIAL_FAILED, refusal, null);
      }
      return;
    }
    counters.dialFinished("CONNECTED");
    host.networkAnswered(true);
    if (m.entry.nodeId().isEmpty()) {
      // Trust on first use: our own dial to the peer's address proved which node answers there. From now
      // on the peer is that node, whichever side's connection the tie-break below keeps.
      host.replaceEntry(m, m.entry.toBuilder().nodeId(connection.remoteNodeId()).build());
    }
    if (!host.admitDuplicate(connection, m)) {
      // The tie-break kept the connection that already existed: it becomes this peer's.
      if (!adoptExisting(m)) {
        dialFailed(m, Transition.DIAL_FAILED, "already connected to "
            + connection.remoteNodeId().shortString() + " through another peer entry", null);
      }
      return;
    }
    attach(m, connection, dial.address(), dial.purpose());
  }

  /**
   * Attaches a managed peer to a live connection that no peer entry owns yet: a peer added while it was
   * already connected (it dialled us, or we reached it through the book), or the duplicate the tie-break
   * kept when both sides dialled. Feeler and crawl links close on their own and are never adopted.
   *
   * @return whether a connection was adopted
   */
  private boolean adoptExisting(Managed m) {
    if (m.current() != null || !m.entry.network().equals(config.network())) {
      return false;
    }
    for (Link link : host.links()) {
      if (link.managed != null || link.purpose == Purpose.FEELER || link.purpose == Purpose.CRAWL) {
        continue;
      }
      NodeId remote = link.connection.remoteNodeId();
      // Without a node id, only a connection this node dialled to one of the peer's addresses is the
      // peer: an inbound link's address is the listen address its hello claimed, which proves nothing.
      boolean sameNode = m.entry.nodeId().map(remote::equals)
          .orElse(link.connection.direction() == Direction.OUTBOUND
              && m.entry.addresses().contains(link.address));
      if (sameNode) {
        link.managed = m;
        awaitAdmission(m, link);
        return true;
      }
    }
    return false;
  }

  /** A failed attempt: counted, the error shown, waiters failed, and a retry scheduled (or not). */
  private void dialFailed(Managed m, Transition transition, String error, Throwable cause) {
    m.failures++;
    if (m.failingSince == null) {
      m.failingSince = now();
    }
    m.lastError = error;
    host.replaceEntry(m, m.entry.toBuilder().statistics(m.entry.statistics().withFailure()).build());
    DialException failure = cause instanceof DialException d ? d : null;
    failWaiters(m, failure != null ? failure
        : new PeerManagerException("connecting to " + m.entry.id() + " failed: " + error, cause));
    scheduleRetry(m, transition);
  }

  private void scheduleRetry(Managed m, Transition transition) {
    if (m.onDemand() && m.entry.enabled() && host.running() && !isBanned(m)) {
      // Bootstrap peers are not retried on their own: the tick dials them again when the node needs them,
      // no sooner than their backoff allows.
      Duration delay = config.reconnectPolicy().delay(Math.max(1, m.failures), false, random);
      m.nextAttempt = now().plus(delay);
      move(m, PeerState.BACKOFF, transition);
      return;
    }
    if (!eligible(m)) {
      move(m, stoppedState(m), transition);
      return;
    }
    Duration delay = config.reconnectPolicy().delay(Math.max(1, m.failures), true, random);
    scheduleManagedRetry(m, delay, transition);
  }

  /** Schedules the next dial of a pinned peer; managed peers are retried forever. */
  private void scheduleManagedRetry(Managed m, Duration delay, Transition transition) {
    if (m.retry != null) {
      m.retry.cancel();
    }
    m.nextAttempt = now().plus(delay);
    String id = m.entry.id();
    m.retry = scheduler.schedule(() -> lock.run(() -> {
      Managed current = managed.get(id);
      if (current == m && m.retry != null) {
        m.retry = null;
        if (eligible(m)) {
          dial(m);
        } else if (m.onDemand()) {
          host.requestTick();
        }
      }
    }), delay);
    move(m, PeerState.BACKOFF, transition);
  }

  private void cancelRetry(Managed m) {
    if (m.retry != null) {
      m.retry.cancel();
      m.retry = null;
    }
    m.nextAttempt = null;
  }

  /** Aborts a dial, closes the connection and cancels retries of a managed peer. */
  private void stop(Managed m, PeerState state, Transition transition, String why) {
    m.generation++;
    m.dialing = false;
    slots.stopWaiting(m);
    cancelRetry(m);
    Link link = m.current();
    if (link != null) {
      detach(m, link);
      host.forgetLink(link);
      lock.later(() -> link.connection.close(DisconnectReason.local(
          state == PeerState.BANNED ? DisconnectReason.Code.BANNED : DisconnectReason.Code.REQUESTED,
          why)));
    }
    failWaiters(m, new PeerManagerException("peer " + m.entry.id() + ": " + why));
    move(m, state, transition);
  }

  /** Fails the futures of pending {@code connect} calls, outside the lock. */
  private void failWaiters(Managed m, Throwable error) {
    if (m.waiters.isEmpty()) {
      return;
    }
    List<CompletableFuture<PeerStatus>> waiters = new ArrayList<>(m.waiters);
    m.waiters.clear();
    lock.later(() -> waiters.forEach(w -> w.completeExceptionally(error)));
  }

  // =====================================================================================================
  // Connections

  /**
   * Makes a new connection the managed peer's (our dial's, or an admitted inbound one) and waits for the
   * remote's admission. When it replaces the peer's admitted connection (the duplicate tie-break kept the
   * newer one), the peer moves to it without leaving {@code CONNECTED}: the same node already admitted us.
   */
  void attach(Managed m, Connection connection, PeerAddress address, Purpose purpose) {
    Link link = host.openLink(connection, m, address, purpose);
    if (m.replaced) {
      m.replaced = false;
      m.link = link;
      startStableTimer(m, link);
    } else {
      awaitAdmission(m, link);
    }
    if (purpose == Purpose.BOOTSTRAP) {
      host.addressesWanted(link, true); // an address fetch is what a bootstrap connection is for
    } else if (connection.direction() == Direction.OUTBOUND) {
      host.addressesWanted(link, false);
    }
  }

  /**
   * The duplicate tie-break takes a peer's connection away for a newer one to the same node.
   *
   * @param m the peer that owned the old link
   * @param old the link closed as the duplicate
   * @param attachedNext whether the caller attaches the new connection to this same peer next: then the
   *     peer keeps its state and moves to it ({@link #attach}); otherwise the old link's end is a close
   */
  void replaced(Managed m, Link old, boolean attachedNext) {
    if (!attachedNext) {
      closed(m, old, DisconnectReason.local(DisconnectReason.Code.DUPLICATE,
          "replaced by a newer connection to the same node"));
    } else if (m.link == old) {
      m.link = null;
      if (old.stableTimer != null) {
        old.stableTimer.cancel();
      }
      foldLinkStatistics(m, old);
      m.replaced = true;
    } else {
      detach(m, old);
    }
  }

  /**
   * Holds a managed peer's new link as pending (CONNECTING) until the remote side admitted it too: only
   * a connection both sides took counts as a success. A link not admitted within the dial timeout is
   * closed; one closed before admission is a failed attempt ({@link #closed}).
   */
  private void awaitAdmission(Managed m, Link link) {
    cancelRetry(m);
    slots.stopWaiting(m);
    m.pending = link;
    move(m, PeerState.CONNECTING, Transition.CONNECTION_OPENED);
    Duration timeout = config.dialTimeout();
    link.admissionTimer = scheduler.schedule(() -> lock.run(() -> {
      if (m.pending == link) {
        lock.later(() -> link.connection.close(DisconnectReason.local(DisconnectReason.Code.TIMEOUT,
            "the remote did not admit the connection within " + timeout)));
      }
    }), timeout);
    lock.later(() -> link.connection.remoteAdmitted().thenRun(() -> lock.run(() -> admitted(m, link))));
  }

  private void admitted(Managed m, Link link) {
    if (m.pending != link || !host.running()) {
      return; // closed, replaced or removed meanwhile
    }
    endPending(m, link);
    bind(m, link);
  }

  /** Ends the wait for admission of the managed peer's pending link, admitted or not. */
  private static void endPending(Managed m, Link link) {
    m.pending = null;
    link.admissionTimer.cancel();
    link.admissionTimer = null;
  }

  /** Makes a live link the managed peer's: CONNECTED, waiters completed, statistics and scores updated. */
  private void bind(Managed m, Link link) {
    Connection connection = link.connection;
    PeerAddress address = link.address;
    cancelRetry(m);
    slots.stopWaiting(m);
    m.link = link;
    m.lastError = null;
    m.failingSince = null;
    m.reportedUnreachable = false;
    PeerEntry.Builder update = m.entry.toBuilder()
        .lastSeen(now())
        .lastSuccess(now())
        .statistics(m.entry.statistics().withConnection());
    if (m.entry.nodeId().isEmpty()) {
      // Trust on first use: learned from our own dial to the peer's address, the only way a peer without
      // a node id gets a connection (an inbound one is matched by node id alone).
      assert connection.direction() == Direction.OUTBOUND
          : "node id of " + m.entry.id() + " would be learned from an inbound claim";
      update.nodeId(connection.remoteNodeId());
    }
    host.replaceEntry(m, update.build());
    move(m, PeerState.CONNECTED, Transition.ADMITTED);
    List<CompletableFuture<PeerStatus>> waiters = new ArrayList<>(m.waiters);
    m.waiters.clear();
    PeerStatus status = status(m);
    lock.later(() -> waiters.forEach(w -> w.complete(status)));
    startStableTimer(m, link);
    if (address.isIp()) {
      book.markGood(address);
    }
    scores.markConnected(address, now());
    scores.recordSuccess(address, now());
    host.connectionMade();
  }

  private void startStableTimer(Managed m, Link link) {
    link.stableTimer = scheduler.schedule(() -> lock.run(() -> {
      if (m.link == link) {
        m.failures = 0; // stayed up long enough: the backoff starts over next time
      }
    }), config.stableConnection());
  }

  /** Takes a link away from its managed peer without a state change (the caller moves it). */
  private void detach(Managed m, Link link) {
    if (m.pending == link) {
      endPending(m, link);
      return;
    }
    if (m.link != link) {
      return;
    }
    m.link = null;
    if (link.stableTimer != null) {
      link.stableTimer.cancel();
    }
    foldLinkStatistics(m, link);
  }

  private void foldLinkStatistics(Managed m, Link link) {
    PeerStatistics stats = m.entry.statistics()
        .withBytes(link.connection.bytesIn(), link.connection.bytesOut());
    Optional<Duration> latency = link.connection.latency();
    if (latency.isPresent()) {
      stats = stats.withLatency(latency.get());
    }
    host.replaceEntry(m, m.entry.toBuilder().lastSeen(now()).statistics(stats).build());
    host.rememberCached(new CachedPeer(link.address, Optional.of(link.connection.remoteNodeId()), now(),
        m.entry.statistics()));
  }

  /** The peer's inbound connection was closed to make room for a newcomer. */
  void evicted(Managed m, Link link) {
    detach(m, link);
    move(m, PeerState.DISCONNECTED, Transition.EVICTED);
  }

  /** A bootstrap peer answered the address fetch: its connection goes back, asked again after a pause. */
  void addressesFetched(Managed m, Link link, Duration refetchAfter) {
    m.failures = 0;
    m.nextAttempt = now().plus(refetchAfter);
    detach(m, link);
    move(m, PeerState.DISCONNECTED, Transition.ADDRESSES_FETCHED);
  }

  /** A connection of a managed peer closed: a failed attempt if not yet admitted, else a drop. */
  void closed(Managed m, Link link, DisconnectReason reason) {
    if (m.pending == link) {
      // Refused (or dropped) right after the handshake: a failed attempt, never a success.
      detach(m, link);
      scores.recordFailure(link.address, now());
      dialFailed(m, Transition.NOT_ADMITTED, "not admitted by the remote: " + describe(reason), null);
      return;
    }
    if (m.link != link) {
      return;
    }
    detach(m, link);
    m.lastError = describe(reason);
    if (m.onDemand()) {
      // Closed before the address fetch finished (refused as full, or broken): back off, and let the
      // tick ask again only when the node still needs it.
      m.failures++;
      m.nextAttempt = now().plus(config.reconnectPolicy().delay(m.failures, false, random));
      move(m, PeerState.BACKOFF, Transition.CONNECTION_CLOSED);
    } else if (eligible(m)) {
      // After a stable connection failures is 0, so the retry comes after the base delay; a peer that
      // keeps dropping soon after connecting backs off further each time.
      m.failures++;
      if (m.failingSince == null) {
        m.failingSince = now();
      }
      scheduleRetry(m, Transition.CONNECTION_CLOSED);
    } else {
      move(m, stoppedState(m), Transition.CONNECTION_CLOSED);
    }
  }

  /** A close reason as a peer's {@code lastError} shows it: "CODE" or "CODE: detail". */
  static String describe(DisconnectReason reason) {
    return reason.code() + (reason.detail().isEmpty() ? "" : ": " + reason.detail());
  }
}
