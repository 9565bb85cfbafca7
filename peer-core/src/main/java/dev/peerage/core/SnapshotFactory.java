package dev.peerage.core;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.internal.manager.PeerStatsBuilder;
import dev.peerage.core.internal.manager.Snapshots;
import dev.peerage.core.spi.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Gives the manager's code the package-private constructors of the snapshot types; see {@link Snapshots}. */
final class SnapshotFactory implements Snapshots.Factory {
  @Override
  public PeerStatsBuilder peerStats() {
    return new PeerStats.Builder();
  }

  @Override
  public NodeStatus nodeStatus(Instant at, Optional<NodeId> nodeId, NetworkId network, boolean running,
      List<PeerStatus> peers, List<Connection> connections, PeerStats stats) {
    return new NodeStatus(at, nodeId, network, running, peers, connections, stats);
  }
}
