package dev.peerage.core;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.internal.manager.DefaultPeerManager;
import dev.peerage.core.internal.manager.ListOnlyPeerManager;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.InvalidPeerEntryException;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.score.PeerScore;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DiscoverySource;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerMessage;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.Scheduler;
import dev.peerage.core.spi.Transport;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The peer manager: the part of a node that keeps its managed peers, connects to them and to peers it
 * discovers, accepts or refuses inbound connections, applies bans, publishes what happens, and saves it all
 * through a {@link PeerStore}.
 *
 * <h2>Lifecycle</h2>
 *
 * <p>Build one with {@link #builder()}, call {@link #start()} from the host's startup code and
 * {@link #close()} from its shutdown code (a JVM shutdown hook is fine: close is idempotent, bounded by
 * {@link PeerManagerConfig#closeTimeout()}, and saves before it returns). The manager owns the transport and
 * store it is given and closes them; it never shuts down executors or schedulers the host passed in.
 *
 * <h2>Managed peers</h2>
 *
 * <p>Managed peers ({@link PeerEntry}) are kept per network. Default bootstrap peers registered by the host
 * are protected: they can be disabled, never removed or readdressed. Custom peers are limited per network
 * ({@link PeerManagerConfig#maxCustomPeers()}); exceeding the limit is an error, never a silent drop. A peer of
 * a network the manager does not serve is refused. Only peers of the active network are ever dialled.
 *
 * <h2>Threading</h2>
 *
 * <p>Thread-safe: every method may be called from any thread, and none blocks on the network or the disk
 * (except {@link #close()}, which saves). Listeners run on the listener executor, one event at a time in the
 * order events happened, never while the manager holds a lock; a listener that throws is logged and does not
 * affect others.
 */
public interface PeerManager extends AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  // --- lifecycle ---------------------------------------------------------------------------------------

  /**
   * Loads the store, starts the transport and connects to the enabled auto-connect peers of the active
   * network.
   *
   * <p>Loading is done before this method returns; binding the transport may finish later, on a
   * transport thread. The returned stage completes once the transport is ready: it listens (so
   * {@link #ticket(Optional)} works) and dials. It fails with a {@link PeerManagerException} naming the cause if
   * the transport cannot start (a port already taken, say); the manager then publishes
   * {@link PeerEvent.TransportFailed}, stops running ({@link #isRunning()} is {@code false}) and should
   * be {@linkplain #close() closed}. A host that must not go on without its port waits:
   * {@code manager.start().toCompletableFuture().get(10, TimeUnit.SECONDS)}. A list-only manager
   * returns a completed stage.
   *
   * <p>Threads: the manager's and the transports' threads are daemon threads, so they do not keep a JVM
   * alive. A host whose {@code main} would return must keep its main thread (or another non-daemon
   * thread) waiting until shutdown, for example on a latch released by a shutdown hook.
   *
   * @return a stage that completes when the transport is ready, or fails if it cannot start; it also
   *     fails, with the same exception type, if the manager is closed before the transport is ready
   * @throws IllegalStateException if already started or closed
   * @throws PeerManagerException if the store cannot be loaded (a transport that cannot start, even at
   *     once, fails the returned stage instead, so a host handles that in one place)
   */
  CompletionStage<Void> start();

  /**
   * Stops dialling, closes every connection with {@code SHUTTING_DOWN}, closes the transport, saves, and
   * closes the store. Idempotent; a concurrent second call waits for the first. Never throws: failures are
   * logged (and a failed save reported as a {@link PeerEvent.StoreFailed}).
   */
  @Override
  void close();

  /**
   * Whether {@link #start()} loaded the store, the transport has not failed to start, and
   * {@link #close()} has not begun. Dialling waits for the transport to be ready; see the stage
   * {@link #start()} returns.
   *
   * @return {@code true} while running
   */
  boolean isRunning();

  /**
   * This node's identity, created on first start and then kept in the store.
   *
   * @return the node id
   * @throws IllegalStateException before {@link #start()}
   */
  NodeId localNodeId();

  /**
   * The active configuration.
   *
   * @return the configuration
   */
  PeerManagerConfig config();

  // --- managed peers -----------------------------------------------------------------------------------

  /**
   * Starts a new custom peer with a fresh id, the current time, source {@link PeerSource#MANUAL}, enabled
   * and auto-connecting; finish it and pass it to {@link #addPeer(PeerEntry)}.
   *
   * @param network the peer's network
   * @param address its address
   * @return a builder with those values set
   */
  PeerEntry.Builder newPeer(NetworkId network, PeerAddress address);

  /**
   * Adds a managed peer; if it is enabled and auto-connecting on the active network, dials it.
   *
   * @param peer the peer; its id, addresses and node id must not clash with an existing peer of its network
   * @return the stored peer
   * @throws PeerManagerException.WrongNetworkException if its network is not served
   * @throws PeerManagerException.PeerLimitExceededException if the network's custom-peer limit is reached
   * @throws PeerManagerException.DuplicatePeerException if the id, an address or the node id is taken
   * @throws PeerManagerException.ProtectedPeerException if it claims protection (only
   *     {@link #registerDefaults} makes protected peers)
   */
  PeerEntry addPeer(PeerEntry peer);

  /**
   * Adds the peer a pairing ticket describes, or returns the existing peer if its node id is known. A new
   * peer gets source {@link PeerSource#TICKET}, the given name as its label, auto-connect, and is dialled.
   *
   * @param ticket the parsed ticket (parsing is where typos are caught: {@link PeerTicket#parse})
   * @param name the label to give it
   * @return the new or existing peer
   * @throws PeerManagerException.WrongNetworkException if the ticket is for a network not served
   * @throws PeerManagerException.PeerLimitExceededException if the custom-peer limit is reached
   */
  PeerEntry addPeer(PeerTicket ticket, String name);

  /**
   * Changes a managed peer. The id cannot change; neither can the network, nor (for protected peers) the
   * addresses, source or protection.
   *
   * @param id the peer's id
   * @param change edits a builder holding the current values
   * @return the updated peer
   * @throws PeerManagerException.PeerNotFoundException if no peer has the id
   * @throws PeerManagerException.ProtectedPeerException if a protected field of a protected peer changes
   * @throws PeerManagerException.WrongNetworkException if the network would change
   * @throws InvalidPeerEntryException if the result is invalid
   */
  PeerEntry updatePeer(String id, UnaryOperator<PeerEntry.Builder> change);

  /**
   * Removes a managed peer, aborting its dial or closing its connection first (with {@code REQUESTED}), so
   * an application session with it ends cleanly; listeners see the state change, then the removal.
   *
   * @param id the peer's id
   * @return {@code true} if it existed
   * @throws PeerManagerException.ProtectedPeerException for a default bootstrap peer
   */
  boolean removePeer(String id);

  /**
   * Finds a managed peer by id.
   *
   * @param id the id
   * @return the peer
   */
  Optional<PeerEntry> peer(String id);

  /**
   * Finds a managed peer by node id.
   *
   * @param nodeId the node id
   * @return the peer
   */
  Optional<PeerEntry> peer(NodeId nodeId);

  /**
   * Lists managed peers.
   *
   * @param query the filter; {@link PeerQuery#all()} for every peer
   * @return matching peers in the order they were added
   */
  List<PeerEntry> peers(PeerQuery query);

  /**
   * Enables or disables a peer (protected peers too). Disabling closes its connection and stops attempts.
   *
   * @param id the peer's id
   * @param enabled the new value
   * @return the updated peer
   * @throws PeerManagerException.PeerNotFoundException if no peer has the id
   */
  PeerEntry setEnabled(String id, boolean enabled);

  /**
   * Declares a network's default bootstrap peers. Each becomes a protected, enabled, auto-connecting peer
   * with source {@link PeerSource#DEFAULT_BOOTSTRAP}; a default already stored keeps its enabled flag and
   * statistics; stored defaults no longer declared are removed. Call it before or after {@link #start()}.
   *
   * @param network the network
   * @param addresses the default peers' addresses, at most 64
   * @return the network's default peers now
   * @throws PeerManagerException.WrongNetworkException if the network is not served
   */
  List<PeerEntry> registerDefaults(NetworkId network, List<PeerAddress> addresses);

  /**
   * Resets a network's list to its defaults: custom peers are removed and every default peer is enabled.
   *
   * @param network the network
   * @return how many custom peers were removed
   */
  int resetToDefaults(NetworkId network);

  /**
   * Imports peers from plain address lines (for example an old "bootstrap peers" settings field). Blank
   * lines and lines starting with {@code #} are skipped; every other line is added as a custom peer
   * ({@link PeerSource#IMPORT}), merged as a duplicate, or reported as rejected with the reason. The limit
   * applies: lines beyond it are rejected, not dropped.
   *
   * @param network the network the peers belong to
   * @param lines the lines
   * @return what happened to each line
   * @throws PeerManagerException.WrongNetworkException if the network is not served
   */
  ImportResult importAddresses(NetworkId network, List<String> lines);

  /**
   * Imports exported managed peers. Peers whose id or address is already present are merged as
   * duplicates (the present one is kept); protected entries are imported as ordinary custom peers.
   *
   * @param peers the peers, for example from {@link #exportPeers}
   * @return what happened to each entry
   */
  ImportResult importPeers(Collection<PeerEntry> peers);

  /**
   * Exports a network's managed peers.
   *
   * @param network the network
   * @return its peers, in order
   */
  List<PeerEntry> exportPeers(NetworkId network);

  /**
   * Turns a network's enabled peers into command-line arguments for an external node process:
   * {@code [flag, address, flag, address, ...]} in list order (each peer's primary address).
   *
   * @param network the network
   * @param flag the flag, for example {@code "--peer"}
   * @return the arguments
   */
  List<String> launchArguments(NetworkId network, String flag);

  /**
   * This node's pairing ticket, naming its node id, network and listen address(es).
   *
   * @param label an optional label for the receiving side to show
   * @return the ticket
   * @throws IllegalStateException if the node does not listen, is list-only, was not started, its
   *     transport is still starting (wait for the stage {@link #start()} returns) or failed to start;
   *     the message says which
   */
  PeerTicket ticket(Optional<String> label);

  /**
   * Opens a one-time pairing window: {@link #openPairing(Duration, int) openPairing(window, 1)}.
   *
   * @param window how long the window stays open: positive, at most {@link Pairing#MAX_WINDOW}
   * @return the open window, with the ticket to show
   * @throws IllegalArgumentException if {@code window} is out of range (the message names it)
   * @throws IllegalStateException if the node is not running or does not listen
   */
  default Pairing openPairing(Duration window) {
    return openPairing(window, 1);
  }

  /**
   * Opens a pairing window, so a node this node does not know yet can join it: the host shows the
   * window's {@linkplain Pairing#ticket() ticket}, the joiner adds it with
   * {@link #addPeer(PeerTicket, String)}, which dials this node, and this node accepts that connection
   * although the joiner is a stranger (which {@link InboundPolicy#KNOWN_PEERS_ONLY} would refuse).
   *
   * <p>Each stranger admitted while the window is open, under either {@link InboundPolicy}, becomes a
   * managed peer: source {@link PeerSource#PAIRED}, its node id pinned to the one it authenticated in
   * the handshake, its address the listen address it advertised (then it has
   * {@link dev.peerage.core.peer.PeerFlag#AUTO_CONNECT AUTO_CONNECT} and is redialled like a ticket
   * peer), or where it connected from if it advertised none (then it is not dialled; its own redials
   * are accepted as a known peer's). Listeners see {@link PeerEvent.PeerAdded} then
   * {@link PeerEvent.PeerPaired}. A joiner takes its place when its connection is accepted, whether or
   * not the connection then lasts.
   *
   * <p>Everything else still refuses: a closing node, a wrong network, ourselves, bans and discouraged
   * addresses, the per-IP rate limit, the inbound limit, and a joiner that cannot be added (the custom-peer
   * limit, an address that belongs to another peer; refused {@code UNKNOWN_PEER} "cannot pair: ...").
   *
   * <p>The window ends exactly at {@link Pairing#expiresAt()} (a timer on the manager's scheduler, and
   * a connection at or after that instant is not admitted), once {@code joiners} peers joined, on
   * {@link Pairing#close()}, when another window is opened, or when the manager closes. At most one
   * window is open at a time.
   *
   * <p>The ticket carries no one-time secret: neither the ticket format nor the handshakes of the
   * in-memory and TCP transports can carry one from the joiner, so the window (short, one-time) is the
   * gate. Any node that reaches this node while it is open can pair.
   *
   * @param window how long the window stays open: positive, at most {@link Pairing#MAX_WINDOW}
   * @param joiners how many joiners it admits: 1 to {@link Pairing#MAX_JOINERS}
   * @return the open window, with the ticket to show
   * @throws IllegalArgumentException if {@code window} or {@code joiners} is out of range (the message
   *     names the value and the range)
   * @throws IllegalStateException if the node is not running or does not listen
   */
  Pairing openPairing(Duration window, int joiners);

  // --- connection state ----------------------------------------------------------------------------------

  /**
   * The status of every managed peer.
   *
   * @return a snapshot, in the order peers were added
   */
  List<PeerStatus> peerStates();

  /**
   * The status of one managed peer.
   *
   * @param id the id
   * @return its status
   */
  Optional<PeerStatus> peerState(String id);

  /**
   * Subscribes to state changes of managed peers.
   *
   * @param listener receives each new status
   * @return the subscription; close it to unsubscribe
   */
  Subscription onPeerStateChange(Consumer<PeerStatus> listener);

  /**
   * Subscribes to every {@link PeerEvent}.
   *
   * @param listener receives each event
   * @return the subscription; close it to unsubscribe
   */
  Subscription addListener(Consumer<PeerEvent> listener);

  /**
   * Subscribes to application messages from any connected peer.
   *
   * @param listener receives each message
   * @return the subscription; close it to unsubscribe
   */
  Subscription onMessage(Consumer<PeerMessage> listener);

  /**
   * Connects to a managed peer now, skipping any backoff, and lifts a {@link #disconnect} suppression.
   *
   * @param id the peer's id
   * @return completes with the status once connected, or fails with the dial's failure
   * @throws PeerManagerException.PeerNotFoundException if no peer has the id
   */
  CompletionStage<PeerStatus> connect(String id);

  /**
   * Disconnects from a managed peer and suppresses automatic reconnection until {@link #connect} or the
   * next start, in both directions: the peer's own inbound connections are refused meanwhile (with
   * {@code REQUESTED}, "disconnected by this node's host"), so a remote that redials at once cannot undo
   * it. The peer stays in the list.
   *
   * @param id the peer's id
   * @throws PeerManagerException.PeerNotFoundException if no peer has the id
   */
  void disconnect(String id);

  /**
   * Connects to every enabled auto-connect peer of the active network that is not connected, lifting
   * {@link #disconnect} suppressions. Default bootstrap peers are not included: they are dialled when the
   * node needs them (see {@link PeerManagerConfig#bootstrapDelay()}).
   */
  void connectAll();

  /**
   * Forgets a managed peer's failures, so its next retry comes after the base delay; if it is waiting in
   * {@link PeerState#BACKOFF}, the wait is shortened to that delay.
   *
   * @param id the peer's id
   * @throws PeerManagerException.PeerNotFoundException if no peer has the id
   */
  void resetBackoff(String id);

  /** Forgets every managed peer's failures and the group-wide backoff (for example after the host's network came back). */
  void resetBackoff();

  /**
   * Dials a managed peer now, skipping and resetting its backoff: {@link #resetBackoff(String)} then
   * {@link #connect(String)}.
   *
   * @param id the peer's id
   * @return completes once connected, or fails with the dial's failure
   */
  default CompletionStage<PeerStatus> connectNow(String id) {
    resetBackoff(id);
    return connect(id);
  }

  /**
   * What the manager is doing now and has done since it started.
   *
   * @return a snapshot
   */
  PeerStats stats();

  /**
   * A status snapshot for a status page or an admin endpoint: this node's id, every managed peer with
   * its state and next attempt, every live connection, and the {@link #stats()} figures, all taken under
   * one hold of the manager's lock, so they describe the same moment. Made of plain values only, so a
   * JSON binder serialises it as it is (Jackson's {@code new ObjectMapper().writeValueAsString(status)},
   * no modules). Its size is bounded by the configuration: see {@link NodeStatus}. Costs one pass over the
   * managed peers and the connections; call it per request, not per field. Thread-safe; works before
   * start and after close too (then with {@link NodeStatus#isRunning()} false).
   *
   * @return a snapshot
   */
  NodeStatus status();

  /**
   * Marks a connected peer busy ({@link PeerState#ACTIVE}, for example while syncing) or idle again.
   *
   * @param id the peer's id
   * @param active {@code true} for ACTIVE, {@code false} for CONNECTED
   * @throws PeerManagerException.PeerNotFoundException if no peer has the id
   * @throws IllegalStateException if the peer is not connected
   */
  void setActive(String id, boolean active);

  /**
   * The live connection to a managed peer, to send application messages on.
   *
   * @param id the peer's id
   * @return the connection while connected
   */
  Optional<Connection> connection(String id);

  /**
   * Every live connection, managed or not.
   *
   * @return a snapshot
   */
  List<Connection> connections();

  // --- bans and misbehaviour ----------------------------------------------------------------------------

  /**
   * Bans a subnet (a single address is a /32 or /128) and closes matching connections.
   *
   * @param subnet what to ban
   * @param duration how long; {@link Duration#ZERO} for permanent
   * @param reason why, shown to users and kept in the history
   * @return the stored ban
   */
  BanEntry ban(Subnet subnet, Duration duration, String reason);

  /**
   * Bans a node id and closes its connections.
   *
   * @param nodeId the node
   * @param duration how long; {@link Duration#ZERO} for permanent
   * @param reason why
   * @return the stored ban
   */
  BanEntry ban(NodeId nodeId, Duration duration, String reason);

  /**
   * Lifts a subnet ban.
   *
   * @param subnet the banned subnet
   * @return {@code true} if it was banned
   */
  boolean unban(Subnet subnet);

  /**
   * Lifts a node ban.
   *
   * @param nodeId the banned node
   * @return {@code true} if it was banned
   */
  boolean unban(NodeId nodeId);

  /**
   * The active bans.
   *
   * @return a snapshot
   */
  List<BanEntry> bans();

  /**
   * Records an application-level fault of a connected peer (an invalid block, say); enough faults ban it.
   * The same path as a fault the transport reports through its {@code ConnectionHandler}: the kind's
   * weight goes to the misbehaviour tracker (and a ban past the threshold) and comes off the peer's
   * score, so rotation replaces a peer that keeps misbehaving before it is banned. Thread-safe.
   *
   * @param connection the peer's connection
   * @param kind the kind of fault
   * @param evidence what happened
   * @return the ban, if this report crossed the threshold
   */
  Optional<BanEntry> reportMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence);

  /**
   * Records that a peer served the application well: a request answered, a block or a file chunk
   * delivered intact. Raises the peer's reliability (and, with a latency, folds it into its performance),
   * so scoring, rotation and the warm-start cache prefer peers that serve the application, not only those
   * that answer pings. Thread-safe; does not block.
   *
   * <p>The peer is found by node id: its live connection, else the managed peer with that node id, else
   * the warm-start cache. Scores are kept per address, the address the peer is reached on.
   *
   * @param nodeId the peer's node id
   * @param latency how long the answer took, zero or positive; {@link Duration#ZERO} if not measured
   * @return whether the peer was found and the outcome recorded
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  boolean recordSuccess(NodeId nodeId, Duration latency);

  /**
   * Records that a peer failed the application: a request timed out or was refused, data did not
   * arrive. Lowers the peer's reliability, so a peer that keeps failing scores below the avoid threshold
   * and rotation replaces it (a discovered outbound peer; managed peers are kept). Not misbehaviour: for
   * invalid data use {@link #reportMisbehaviour}. Thread-safe; does not block.
   *
   * @param nodeId the peer's node id (found as for {@link #recordSuccess})
   * @return whether the peer was found and the outcome recorded
   */
  boolean recordFailure(NodeId nodeId);

  /**
   * Records a completed transfer from a peer, as throughput (bytes per second) in its performance score.
   * Thread-safe; does not block.
   *
   * @param nodeId the peer's node id (found as for {@link #recordSuccess})
   * @param bytes how many bytes arrived, zero or more
   * @param elapsed how long the transfer took, positive
   * @return whether the peer was found and the transfer recorded
   * @throws IllegalArgumentException if {@code bytes} is negative or {@code elapsed} is not positive
   */
  boolean recordTransfer(NodeId nodeId, long bytes, Duration elapsed);

  /**
   * A peer's current score (found as for {@link #recordSuccess}): reliability, performance and behaviour
   * in [0, 1] and their weighted total (see {@link dev.peerage.core.score.ScoringPolicy}). A peer with
   * nothing recorded scores {@link PeerScore#NEUTRAL}. Thread-safe.
   *
   * @param nodeId the node id
   * @return its score, or empty if the node is neither connected, managed nor cached
   */
  Optional<PeerScore> score(NodeId nodeId);

  /**
   * The scores of every connected peer, best first. Thread-safe.
   *
   * @return an unmodifiable map from node id to score, in descending order of total score
   */
  Map<NodeId, PeerScore> scores();

  /**
   * The warm-start cache as the next save would store it: the discovered peers that served this node,
   * best first by score, at most {@link PeerManagerConfig#cacheSize()}, with their statistics
   * (connections, failures, traffic, latency). Managed peers appear too once a connection to them
   * closed (their own entries keep their statistics as well). Thread-safe.
   *
   * @return an unmodifiable list
   */
  List<CachedPeer> cachedPeers();

  /**
   * The address book of discovered peers (read-mostly access for hosts and tools).
   *
   * @return the book
   */
  AddressBook addressBook();

  /**
   * Builds a {@link PeerManager}. Not thread-safe.
   */
  final class Builder {
    PeerManagerConfig config;
    Transport transport;
    PeerStore store = new InMemoryPeerStore();
    InstantSource clock;
    Scheduler scheduler;
    Executor listenerExecutor;
    Executor storeExecutor;
    Random random;
    NodeIdentity identity;
    boolean listOnly;
    final List<DiscoverySource> discovery = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Adds discovery sources (DNS seeds, mDNS, a tracker), asked when the address book runs low and at
     * startup when the node knows no peers. Calls accumulate.
     *
     * @param sources the sources
     * @return this builder
     */
    public Builder discovery(DiscoverySource... sources) {
      for (DiscoverySource source : sources) {
        discovery.add(Objects.requireNonNull(source, "source"));
      }
      return this;
    }

    /**
     * Sets the configuration (required).
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(PeerManagerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the transport (required, except in {@linkplain #listOnly() list-only mode}, which takes none).
     * The manager starts and closes it.
     *
     * @param transport the transport
     * @return this builder
     */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets the store. Default: an {@link InMemoryPeerStore}. The manager closes it.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(PeerStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the clock. Default: the system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler for every timer. Default: a {@link dev.peerage.core.spi.RealTimeScheduler} (one
     * daemon thread) the manager owns and closes on close.
     * Pass a {@link dev.peerage.core.testing.VirtualTime} (usually also as the clock) for tests and simulations.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor listeners run on. Default: one daemon thread the manager owns.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder listenerExecutor(Executor executor) {
      this.listenerExecutor = Objects.requireNonNull(executor, "listenerExecutor");
      return this;
    }

    /**
     * Sets the executor saves run on, so callers never wait for the disk. Default: one daemon thread the
     * manager owns.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder storeExecutor(Executor executor) {
      this.storeExecutor = Objects.requireNonNull(executor, "storeExecutor");
      return this;
    }

    /**
     * Sets the random source for ids, jitter and selection; seed it for repeatable runs. Default: seeded
     * from {@link java.security.SecureRandom}.
     *
     * @param random the random source (thread-safe, as {@link Random} is)
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Forces the node identity instead of loading it from the store or creating one.
     *
     * @param identity the identity
     * @return this builder
     */
    public Builder identity(NodeIdentity identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /**
     * Builds a list-only manager: the managed list without a network, for a host that only edits peers
     * (a settings screen, a wallet GUI that launches the node as another process with
     * {@link PeerManager#launchArguments}). It takes no transport and no discovery sources.
     *
     * <ul>
     *   <li>{@link PeerManager#start()} loads the store; {@link PeerManager#close()} saves it and closes
     *       it. Changes are saved as usual: debounced by {@link PeerManagerConfig#saveDebounce()} and every
     *       {@link PeerManagerConfig#saveInterval()}, on the {@linkplain #scheduler scheduler} (by default a
     *       {@link dev.peerage.core.spi.RealTimeScheduler} the manager owns and closes).
     *   <li>Adding, updating, removing, enabling, importing and exporting peers, defaults,
     *       {@link PeerManager#launchArguments}, bans, listeners and stats work as on a full manager.
     *   <li>Nothing is dialled, ever: peers stay {@link PeerState#DISCONNECTED} ({@link PeerState#BANNED}
     *       while banned), and {@link PeerManager#connections()} is empty.
     *   <li>{@link PeerManager#connect}, {@link PeerManager#connectNow}, {@link PeerManager#connectAll},
     *       {@link PeerManager#disconnect}, {@link PeerManager#setActive},
     *       {@link PeerManager#reportMisbehaviour}, {@link PeerManager#ticket} and
     *       {@link PeerManager#openPairing} throw an {@link IllegalStateException} naming list-only mode.
     *   <li>No node identity is created: the store's identity (or {@link #identity}) is kept and saved
     *       back; without one, {@link PeerManager#localNodeId()} throws an {@link IllegalStateException}.
     * </ul>
     *
     * @return this builder
     */
    public Builder listOnly() {
      this.listOnly = true;
      return this;
    }

    /**
     * Builds the manager, not yet started.
     *
     * @return the manager
     * @throws IllegalStateException if the configuration is missing, the transport is missing (unless
     *     {@link #listOnly()}), or a list-only manager was given a transport or discovery sources
     * @throws IllegalArgumentException if the configuration's {@code exchangeInterval} is shorter than
     *     the transport's {@link Transport#minAddressRequestInterval()} (peers would punish the
     *     requests); the message names both
     */
    public PeerManager build() {
      if (config == null) {
        throw new IllegalStateException("config is required: PeerManager.builder().config(...)");
      }
      if (listOnly) {
        if (transport != null || !discovery.isEmpty()) {
          throw new IllegalStateException("a list-only peer manager takes no "
              + (transport != null ? "transport (got " + transport + ")" : "discovery sources")
              + "; drop listOnly() or the " + (transport != null ? "transport(...)" : "discovery(...)"));
        }
        return new ListOnlyPeerManager(DefaultPeerManager.listOnly(config, store, clock, scheduler,
            listenerExecutor, storeExecutor, random, identity));
      }
      if (transport == null) {
        throw new IllegalStateException("transport is required: PeerManager.builder().transport(...),"
            + " or PeerManager.builder().listOnly() for a manager that only keeps the peer list");
      }
      Optional<Duration> spacing = transport.minAddressRequestInterval();
      if (spacing.isPresent() && config.exchangeInterval().compareTo(spacing.get()) < 0) {
        throw new IllegalArgumentException("exchangeInterval must be at least " + spacing.get()
            + " (the transport answers one address request per " + spacing.get()
            + " and penalises more), was " + config.exchangeInterval()
            + "; raise exchangeInterval or the transport's address request limit");
      }
      return new DefaultPeerManager(config, transport, store, clock, scheduler, listenerExecutor,
          storeExecutor, random, identity, List.copyOf(discovery));
    }
  }
}
