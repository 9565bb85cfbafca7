package dev.peerage.core.internal.manager;

import dev.peerage.core.NodeStatus;
import dev.peerage.core.Pairing;
import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerStats;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.score.PeerScore;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.PeerMessage;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A {@link PeerManager} in list-only mode ({@code PeerManager.builder().listOnly()}): the managed list,
 * bans, import and export, launch arguments and persistence of a {@link DefaultPeerManager} that has no
 * transport and never dials, with every operation that needs a connection refused up front. Kept apart
 * from the manager so the connection lifecycle carries no list-only branches. Thread-safe, as the
 * manager it wraps.
 */
public final class ListOnlyPeerManager implements PeerManager {
  /** How messages name the mode. */
  static final String MODE = "a list-only peer manager (PeerManager.builder().listOnly())";

  private final DefaultPeerManager manager;

  /**
   * Wraps a manager built for list-only mode.
   *
   * @param manager a manager made with a list-only transport
   */
  public ListOnlyPeerManager(DefaultPeerManager manager) {
    this.manager = manager;
  }

  private static IllegalStateException unavailable(String operation) {
    return new IllegalStateException(operation + " is not available in " + MODE
        + ": it has no transport and makes no connections");
  }

  // --- refused: they need a transport ---------------------------------------------------------------

  @Override
  public PeerTicket ticket(Optional<String> label) {
    throw unavailable("ticket(label)");
  }

  @Override
  public Pairing openPairing(Duration window) {
    throw unavailable("openPairing(window)");
  }

  @Override
  public Pairing openPairing(Duration window, int joiners) {
    throw unavailable("openPairing(window, joiners)");
  }

  @Override
  public CompletionStage<PeerStatus> connect(String id) {
    throw unavailable("connect(id)");
  }

  @Override
  public CompletionStage<PeerStatus> connectNow(String id) {
    throw unavailable("connectNow(id)");
  }

  @Override
  public void connectAll() {
    throw unavailable("connectAll()");
  }

  @Override
  public void disconnect(String id) {
    throw unavailable("disconnect(id)");
  }

  @Override
  public void setActive(String id, boolean active) {
    throw unavailable("setActive(id, active)");
  }

  @Override
  public Optional<BanEntry> reportMisbehaviour(Connection connection, MisbehaviourKind kind,
      String evidence) {
    throw unavailable("reportMisbehaviour(connection, kind, evidence)");
  }

  // --- delegated -------------------------------------------------------------------------------------

  @Override
  public boolean recordSuccess(NodeId nodeId, Duration latency) {
    return manager.recordSuccess(nodeId, latency);
  }

  @Override
  public boolean recordFailure(NodeId nodeId) {
    return manager.recordFailure(nodeId);
  }

  @Override
  public boolean recordTransfer(NodeId nodeId, long bytes, Duration elapsed) {
    return manager.recordTransfer(nodeId, bytes, elapsed);
  }

  @Override
  public Optional<PeerScore> score(NodeId nodeId) {
    return manager.score(nodeId);
  }

  @Override
  public Map<NodeId, PeerScore> scores() {
    return manager.scores();
  }

  @Override
  public List<CachedPeer> cachedPeers() {
    return manager.cachedPeers();
  }

  @Override
  public CompletionStage<Void> start() {
    return manager.start();
  }

  @Override
  public void close() {
    manager.close();
  }

  @Override
  public boolean isRunning() {
    return manager.isRunning();
  }

  @Override
  public NodeId localNodeId() {
    return manager.localNodeId();
  }

  @Override
  public PeerManagerConfig config() {
    return manager.config();
  }

  @Override
  public PeerEntry.Builder newPeer(NetworkId network, PeerAddress address) {
    return manager.newPeer(network, address);
  }

  @Override
  public PeerEntry addPeer(PeerEntry peer) {
    return manager.addPeer(peer);
  }

  @Override
  public PeerEntry addPeer(PeerTicket ticket, String name) {
    return manager.addPeer(ticket, name);
  }

  @Override
  public PeerEntry updatePeer(String id, UnaryOperator<PeerEntry.Builder> change) {
    return manager.updatePeer(id, change);
  }

  @Override
  public boolean removePeer(String id) {
    return manager.removePeer(id);
  }

  @Override
  public Optional<PeerEntry> peer(String id) {
    return manager.peer(id);
  }

  @Override
  public Optional<PeerEntry> peer(NodeId nodeId) {
    return manager.peer(nodeId);
  }

  @Override
  public List<PeerEntry> peers(PeerQuery query) {
    return manager.peers(query);
  }

  @Override
  public PeerEntry setEnabled(String id, boolean enabled) {
    return manager.setEnabled(id, enabled);
  }

  @Override
  public List<PeerEntry> registerDefaults(NetworkId network, List<PeerAddress> addresses) {
    return manager.registerDefaults(network, addresses);
  }

  @Override
  public int resetToDefaults(NetworkId network) {
    return manager.resetToDefaults(network);
  }

  @Override
  public ImportResult importAddresses(NetworkId network, List<String> lines) {
    return manager.importAddresses(network, lines);
  }

  @Override
  public ImportResult importPeers(Collection<PeerEntry> peers) {
    return manager.importPeers(peers);
  }

  @Override
  public List<PeerEntry> exportPeers(NetworkId network) {
    return manager.exportPeers(network);
  }

  @Override
  public List<String> launchArguments(NetworkId network, String flag) {
    return manager.launchArguments(network, flag);
  }

  @Override
  public List<PeerStatus> peerStates() {
    return manager.peerStates();
  }

  @Override
  public Optional<PeerStatus> peerState(String id) {
    return manager.peerState(id);
  }

  @Override
  public Subscription onPeerStateChange(Consumer<PeerStatus> listener) {
    return manager.onPeerStateChange(listener);
  }

  @Override
  public Subscription addListener(Consumer<PeerEvent> listener) {
    return manager.addListener(listener);
  }

  @Override
  public Subscription onMessage(Consumer<PeerMessage> listener) {
    return manager.onMessage(listener);
  }

  @Override
  public void resetBackoff(String id) {
    manager.resetBackoff(id);
  }

  @Override
  public void resetBackoff() {
    manager.resetBackoff();
  }

  @Override
  public PeerStats stats() {
    return manager.stats();
  }

  @Override
  public NodeStatus status() {
    return manager.status();
  }

  @Override
  public Optional<Connection> connection(String id) {
    return manager.connection(id);
  }

  @Override
  public List<Connection> connections() {
    return manager.connections();
  }

  @Override
  public BanEntry ban(Subnet subnet, Duration duration, String reason) {
    return manager.ban(subnet, duration, reason);
  }

  @Override
  public BanEntry ban(NodeId nodeId, Duration duration, String reason) {
    return manager.ban(nodeId, duration, reason);
  }

  @Override
  public boolean unban(Subnet subnet) {
    return manager.unban(subnet);
  }

  @Override
  public boolean unban(NodeId nodeId) {
    return manager.unban(nodeId);
  }

  @Override
  public List<BanEntry> bans() {
    return manager.bans();
  }

  @Override
  public AddressBook addressBook() {
    return manager.addressBook();
  }

  @Override
  public String toString() {
    return "ListOnlyPeerManager[" + manager.config().network() + "]";
  }
}
