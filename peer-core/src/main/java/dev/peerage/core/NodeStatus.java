package dev.peerage.core;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a status page or a local admin endpoint shows about the node: its identity, every managed peer
 * with its state and next attempt, every live connection, and the {@link PeerStats} figures, taken at
 * one moment under the manager's lock ({@link PeerManager#status()}).
 *
 * <h2>Plain values only</h2>
 *
 * <p>Every property is a {@code String}, a {@code boolean}, a number, {@code null}, or a list or map of
 * those, read through JavaBean getters ({@code getX}/{@code isX}). So any JSON binder serialises it
 * without modules or annotations: Jackson's plain {@code new ObjectMapper().writeValueAsString(status)},
 * JSON-B, or Gson (which reads the fields). Times are ISO-8601 UTC strings ({@code Instant.toString()},
 * for example {@code "2026-03-01T00:00:01Z"}); ids, addresses, states and enum values are their usual
 * text forms; a value that does not apply (no label, no next attempt, not connected) is {@code null}.
 *
 * <h2>Bounded</h2>
 *
 * <p>The snapshot lists managed peers, which the configuration bounds
 * ({@link PeerManagerConfig#maxCustomPeers()} per network kept, plus at most 64 default peers each),
 * and live connections, which the connection limits bound ({@link PeerManagerConfig#maxInbound()},
 * {@link PeerManagerConfig#maxOutbound()}, plus short-lived feelers). The address book, which may hold
 * tens of thousands of addresses, is only counted ({@code stats.knownAddresses}), never listed. Strings
 * that come from peers are bounded where they enter (a disconnect detail is at most
 * {@value dev.peerage.core.spi.DisconnectReason#MAX_DETAIL_LENGTH} characters).
 *
 * <h2>Evolution</h2>
 *
 * <p>Built by the manager only; there is no public constructor. New properties arrive as new getters
 * (new JSON fields) and {@link #getStats()} may gain keys; nothing is removed or renamed, so a UI that
 * ignores unknown fields keeps working. Immutable and thread-safe.
 */
public final class NodeStatus {
  private final String at;
  private final String nodeId;
  private final String network;
  private final boolean running;
  private final List<PeerView> peers;
  private final List<ConnectionView> connections;
  private final Map<String, Object> stats;

  NodeStatus(Instant at, Optional<NodeId> nodeId, NetworkId network, boolean running,
      List<PeerStatus> peers, List<Connection> connections, PeerStats stats) {
    this.at = at.toString();
    this.nodeId = nodeId.map(NodeId::toString).orElse(null);
    this.network = network.name();
    this.running = running;
    Map<String, String> peerIdByConnection = new HashMap<>();
    List<PeerView> peerViews = new ArrayList<>(peers.size());
    for (PeerStatus status : peers) {
      peerViews.add(new PeerView(status));
      if (status.direction().isPresent() && status.remoteAddress().isPresent()) {
        peerIdByConnection.put(linkKey(status.direction().get(), status.remoteAddress().get()),
            status.id());
      }
    }
    List<ConnectionView> connectionViews = new ArrayList<>(connections.size());
    for (Connection connection : connections) {
      connectionViews.add(new ConnectionView(connection, peerIdByConnection.get(
          linkKey(connection.direction(), connection.remoteAddress()))));
    }
    this.peers = Collections.unmodifiableList(peerViews);
    this.connections = Collections.unmodifiableList(connectionViews);
    this.stats = statsMap(stats);
  }

  private static String linkKey(Direction direction, PeerAddress remote) {
    return direction + " " + remote;
  }

  private static Map<String, Object> statsMap(PeerStats s) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("at", s.at().toString());
    Map<String, Integer> byState = new LinkedHashMap<>();
    s.managedByState().forEach((state, count) -> byState.put(state.name(), count));
    map.put("managedByState", Collections.unmodifiableMap(byState));
    map.put("inbound", s.inbound());
    map.put("outbound", s.outbound());
    map.put("connections", s.connections());
    map.put("dialsInFlight", s.dialsInFlight());
    map.put("knownAddresses", s.knownAddresses());
    map.put("newAddresses", s.newAddresses());
    map.put("triedAddresses", s.triedAddresses());
    map.put("bans", s.bans());
    map.put("dialsByOutcome", s.dialsByOutcome());
    map.put("dialsByPurpose", s.dialsByPurpose());
    map.put("disconnectsByReason", s.disconnectsByReason());
    map.put("inboundRefusedByReason", s.inboundRefusedByReason());
    map.put("exchangeRequestsSent", s.exchangeRequestsSent());
    map.put("exchangeRequestsAnswered", s.exchangeRequestsAnswered());
    map.put("addressesLearned", s.addressesLearned());
    map.put("addressesShared", s.addressesShared());
    map.put("addressesDropped", s.addressesDropped());
    map.put("bytesIn", s.bytesIn());
    map.put("bytesOut", s.bytesOut());
    PeerStats.WarmStart w = s.warmStart();
    Map<String, Object> warm = new LinkedHashMap<>();
    warm.put("cachedCandidates", w.cachedCandidates());
    warm.put("cacheDialed", w.cacheDialed());
    warm.put("cacheConnected", w.cacheConnected());
    warm.put("bootstrapDials", w.bootstrapDials());
    warm.put("bootstrapDialsAvoided", w.bootstrapDialsAvoided());
    warm.put("timeToFirstConnectionMillis", w.timeToFirstConnection().map(Duration::toMillis).orElse(null));
    warm.put("timeToTargetMillis", w.timeToTarget().map(Duration::toMillis).orElse(null));
    map.put("warmStart", Collections.unmodifiableMap(warm));
    map.put("tasks", s.tasks());
    return Collections.unmodifiableMap(map);
  }

  /**
   * When the snapshot was taken, on the manager's clock.
   *
   * @return an ISO-8601 UTC instant, for example {@code "2026-03-01T00:00:01Z"}
   */
  public String getAt() {
    return at;
  }

  /**
   * This node's id ({@link PeerManager#localNodeId()}).
   *
   * @return its text form, or {@code null} before the first start (or in list-only mode without a stored
   *     identity)
   */
  public String getNodeId() {
    return nodeId;
  }

  /**
   * The active network.
   *
   * @return its name, for example {@code "main"}
   */
  public String getNetwork() {
    return network;
  }

  /**
   * Whether the manager is running ({@link PeerManager#isRunning()}).
   *
   * @return {@code true} between start and close
   */
  public boolean isRunning() {
    return running;
  }

  /**
   * Every managed peer, of every network kept, in the order they were added.
   *
   * @return an unmodifiable list, bounded by the configuration (see the class comment)
   */
  public List<PeerView> getPeers() {
    return peers;
  }

  /**
   * Every live connection, managed or discovered, feelers included.
   *
   * @return an unmodifiable list, bounded by the connection limits
   */
  public List<ConnectionView> getConnections() {
    return connections;
  }

  /**
   * The {@link PeerStats} figures under their accessor names ({@code inbound}, {@code dialsByOutcome},
   * ...): {@code at} as an ISO-8601 string, counts as numbers, the by-key figures as maps from key to
   * count, {@code warmStart} as a map whose durations are {@code timeToFirstConnectionMillis} and
   * {@code timeToTargetMillis} (milliseconds, {@code null} until reached). New figures add keys.
   *
   * @return an unmodifiable map in a fixed order
   */
  public Map<String, Object> getStats() {
    return stats;
  }

  /**
   * Whether {@code o} is a status with the same properties.
   *
   * @param o the other object
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof NodeStatus s && at.equals(s.at) && Objects.equals(nodeId, s.nodeId)
        && network.equals(s.network) && running == s.running && peers.equals(s.peers)
        && connections.equals(s.connections) && stats.equals(s.stats);
  }

  /**
   * A hash consistent with {@link #equals}.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return Objects.hash(at, nodeId, network, running, peers, connections, stats);
  }

  /**
   * A summary for logs.
   *
   * @return for example {@code NodeStatus[at=..., nodeId=..., network=main, running=true, peers=3,
   *     connections=2]}
   */
  @Override
  public String toString() {
    return "NodeStatus[at=" + at + ", nodeId=" + nodeId + ", network=" + network + ", running="
        + running + ", peers=" + peers.size() + ", connections=" + connections.size() + "]";
  }

  /** One managed peer as a status page shows it: plain values, {@code null} where one does not apply. */
  public static final class PeerView {
    private final String id;
    private final String label;
    private final String network;
    private final String address;
    private final String nodeId;
    private final String source;
    private final boolean enabled;
    private final boolean isProtected;
    private final String state;
    private final String since;
    private final String nextAttempt;
    private final int failures;
    private final String lastError;
    private final String direction;
    private final String remoteAddress;

    private PeerView(PeerStatus s) {
      id = s.id();
      label = s.peer().label().orElse(null);
      network = s.peer().network().name();
      address = s.peer().address().toString();
      nodeId = s.peer().nodeId().map(NodeId::toString).orElse(null);
      source = s.peer().source().name();
      enabled = s.peer().enabled();
      isProtected = s.peer().isProtected();
      state = s.state().name();
      since = s.since().toString();
      nextAttempt = s.nextAttempt().map(Instant::toString).orElse(null);
      failures = s.failures();
      lastError = s.lastError().orElse(null);
      direction = s.direction().map(Direction::name).orElse(null);
      remoteAddress = s.remoteAddress().map(PeerAddress::toString).orElse(null);
    }

    /**
     * The managed peer's id.
     *
     * @return the id
     */
    public String getId() {
      return id;
    }

    /**
     * The peer's label.
     *
     * @return the label, or {@code null} if it has none
     */
    public String getLabel() {
      return label;
    }

    /**
     * The peer's network.
     *
     * @return the network's name
     */
    public String getNetwork() {
      return network;
    }

    /**
     * The peer's primary address, the one dialled first.
     *
     * @return the address as {@code host:port} ({@code [v6]:port} for IPv6)
     */
    public String getAddress() {
      return address;
    }

    /**
     * The node id the peer is pinned to or was learned on the first connection.
     *
     * @return its text form, or {@code null} if not known yet
     */
    public String getNodeId() {
      return nodeId;
    }

    /**
     * Where the peer came from.
     *
     * @return a {@link dev.peerage.core.peer.PeerSource} name
     */
    public String getSource() {
      return source;
    }

    /**
     * Whether the peer is enabled.
     *
     * @return {@code true} if enabled
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Whether the peer is a protected default bootstrap peer (JSON field {@code "protected"}).
     *
     * @return {@code true} if protected
     */
    public boolean isProtected() {
      return isProtected;
    }

    /**
     * The peer's connection state.
     *
     * @return a {@link PeerState} name
     */
    public String getState() {
      return state;
    }

    /**
     * When the peer entered its state.
     *
     * @return an ISO-8601 UTC instant
     */
    public String getSince() {
      return since;
    }

    /**
     * When the next dial is due.
     *
     * @return an ISO-8601 UTC instant while in {@link PeerState#BACKOFF}, else {@code null}
     */
    public String getNextAttempt() {
      return nextAttempt;
    }

    /**
     * Consecutive failed attempts since the last stable connection.
     *
     * @return 0 or more
     */
    public int getFailures() {
      return failures;
    }

    /**
     * The last failure or disconnect reason.
     *
     * @return the text, or {@code null} if none
     */
    public String getLastError() {
      return lastError;
    }

    /**
     * The direction of the peer's connection.
     *
     * @return {@code "INBOUND"} or {@code "OUTBOUND"} while connected, else {@code null}
     */
    public String getDirection() {
      return direction;
    }

    /**
     * The address of the peer's connection.
     *
     * @return {@code host:port} while connected, else {@code null}
     */
    public String getRemoteAddress() {
      return remoteAddress;
    }

    /**
     * Whether {@code o} holds the same values.
     *
     * @param o the other object
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object o) {
      return this == o || o instanceof PeerView p && id.equals(p.id) && Objects.equals(label, p.label)
          && network.equals(p.network) && address.equals(p.address) && Objects.equals(nodeId, p.nodeId)
          && source.equals(p.source) && enabled == p.enabled && isProtected == p.isProtected
          && state.equals(p.state) && since.equals(p.since) && Objects.equals(nextAttempt, p.nextAttempt)
          && failures == p.failures && Objects.equals(lastError, p.lastError)
          && Objects.equals(direction, p.direction) && Objects.equals(remoteAddress, p.remoteAddress);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
      return Objects.hash(id, label, network, address, nodeId, source, enabled, isProtected, state, since,
          nextAttempt, failures, lastError, direction, remoteAddress);
    }

    /**
     * A summary for logs.
     *
     * @return for example {@code PeerView[id=..., address=..., state=CONNECTED]}
     */
    @Override
    public String toString() {
      return "PeerView[id=" + id + ", address=" + address + ", state=" + state + "]";
    }
  }

  /** One live connection: plain values, {@code null} where one does not apply. */
  public static final class ConnectionView {
    private final String nodeId;
    private final String peerId;
    private final String direction;
    private final String remoteAddress;
    private final String advertisedAddress;
    private final String network;
    private final long bytesIn;
    private final long bytesOut;
    private final Long latencyMillis;

    private ConnectionView(Connection c, String peerId) {
      nodeId = c.remoteNodeId().toString();
      this.peerId = peerId;
      direction = c.direction().name();
      remoteAddress = c.remoteAddress().toString();
      advertisedAddress = c.advertisedAddress().map(PeerAddress::toString).orElse(null);
      network = c.network().name();
      bytesIn = c.bytesIn();
      bytesOut = c.bytesOut();
      latencyMillis = c.latency().map(Duration::toMillis).orElse(null);
    }

    /**
     * The remote node's proven id.
     *
     * @return its text form
     */
    public String getNodeId() {
      return nodeId;
    }

    /**
     * The managed peer this connection belongs to.
     *
     * @return the managed peer's id, or {@code null} for a discovered peer
     */
    public String getPeerId() {
      return peerId;
    }

    /**
     * Which side opened the connection.
     *
     * @return {@code "INBOUND"} or {@code "OUTBOUND"}
     */
    public String getDirection() {
      return direction;
    }

    /**
     * The remote socket address.
     *
     * @return {@code host:port}
     */
    public String getRemoteAddress() {
      return remoteAddress;
    }

    /**
     * Where the remote says it accepts connections.
     *
     * @return {@code host:port}, or {@code null} if it does not listen
     */
    public String getAdvertisedAddress() {
      return advertisedAddress;
    }

    /**
     * The network the remote announced.
     *
     * @return the network's name
     */
    public String getNetwork() {
      return network;
    }

    /**
     * Bytes received on this connection so far.
     *
     * @return bytes, 0 or more
     */
    public long getBytesIn() {
      return bytesIn;
    }

    /**
     * Bytes sent on this connection so far.
     *
     * @return bytes, 0 or more
     */
    public long getBytesOut() {
      return bytesOut;
    }

    /**
     * The last measured round trip.
     *
     * @return milliseconds, or {@code null} if not measured yet
     */
    public Long getLatencyMillis() {
      return latencyMillis;
    }

    /**
     * Whether {@code o} holds the same values.
     *
     * @param o the other object
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object o) {
      return this == o || o instanceof ConnectionView c && nodeId.equals(c.nodeId)
          && Objects.equals(peerId, c.peerId) && direction.equals(c.direction)
          && remoteAddress.equals(c.remoteAddress) && Objects.equals(advertisedAddress, c.advertisedAddress)
          && network.equals(c.network) && bytesIn == c.bytesIn && bytesOut == c.bytesOut
          && Objects.equals(latencyMillis, c.latencyMillis);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
      return Objects.hash(nodeId, peerId, direction, remoteAddress, advertisedAddress, network, bytesIn,
          bytesOut, latencyMillis);
    }

    /**
     * A summary for logs.
     *
     * @return for example {@code ConnectionView[OUTBOUND 10.0.0.2:9000, peerId=...]}
     */
    @Override
    public String toString() {
      return "ConnectionView[" + direction + " " + remoteAddress + ", peerId=" + peerId + "]";
    }
  }
}
