package dev.peerage.core.spi;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerStatistics;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer this node was connected to, remembered across restarts for a warm start: the next start dials
 * the best cached peers first, so it needs the bootstrap peers less.
 *
 * @param address where it was reached
 * @param nodeId its node id, if known
 * @param lastConnected the last time a connection to it was up
 * @param statistics what this node measured of it
 */
public record CachedPeer(
    PeerAddress address, Optional<NodeId> nodeId, Instant lastConnected, PeerStatistics statistics) {
  /**
   * Checks the components.
   *
   * @param address where it was reached
   * @param nodeId its node id, if known
   * @param lastConnected the last time a connection to it was up
   * @param statistics what this node measured of it
   * @throws NullPointerException if a component is null
   */
  public CachedPeer {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(lastConnected, "lastConnected");
    Objects.requireNonNull(statistics, "statistics");
  }
}
