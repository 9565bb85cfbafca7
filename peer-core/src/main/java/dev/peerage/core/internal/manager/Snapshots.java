package dev.peerage.core.internal.manager;

import dev.peerage.core.NodeStatus;
import dev.peerage.core.PeerStats;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.spi.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one way to build {@link PeerStats} and {@link NodeStatus} outside their package. They have no
 * public constructors, so that new figures can be added without breaking hosts; {@code PeerStats}'
 * static initialiser installs a {@link Factory} (package-private in {@code dev.peerage.core}) that calls
 * their package-private constructors, and the first use here initialises {@code PeerStats} if nothing
 * has yet. Public only because the public package must reach it; the package is not exported.
 * Thread-safe.
 */
public final class Snapshots {
  private static volatile Factory factory;

  private Snapshots() {}

  /** Builds the snapshot types; implemented in {@code dev.peerage.core}, installed once. */
  public interface Factory {
    /**
     * A builder for one {@link PeerStats}.
     *
     * @return a new builder, every figure 0 and every map empty until set
     */
    PeerStatsBuilder peerStats();

    /**
     * A node status made of plain values.
     *
     * @param at when it was taken
     * @param nodeId this node's id, if it has one yet
     * @param network the active network
     * @param running whether the manager is running
     * @param peers every managed peer's status
     * @param connections every live connection
     * @param stats the statistics taken at the same moment
     * @return the status
     */
    NodeStatus nodeStatus(Instant at, Optional<NodeId> nodeId, NetworkId network, boolean running,
        List<PeerStatus> peers, List<Connection> connections, PeerStats stats);
  }

  /**
   * Installs the factory; called by {@code PeerStats}' static initialiser only.
   *
   * @param installed the factory
   * @throws IllegalStateException if one is already installed
   */
  public static synchronized void install(Factory installed) {
    if (factory != null) {
      throw new IllegalStateException("the snapshot factory is already installed: " + factory);
    }
    factory = installed;
  }

  /**
   * A builder for one {@link PeerStats}.
   *
   * @return a new builder
   */
  public static PeerStatsBuilder peerStats() {
    return factory().peerStats();
  }

  /**
   * A node status; see {@link Factory#nodeStatus}.
   *
   * @param at when it was taken
   * @param nodeId this node's id, if it has one yet
   * @param network the active network
   * @param running whether the manager is running
   * @param peers every managed peer's status
   * @param connections every live connection
   * @param stats the statistics taken at the same moment
   * @return the status
   */
  public static NodeStatus nodeStatus(Instant at, Optional<NodeId> nodeId, NetworkId network,
      boolean running, List<PeerStatus> peers, List<Connection> connections, PeerStats stats) {
    return factory().nodeStatus(at, nodeId, network, running, peers, connections, stats);
  }

  private static Factory factory() {
    Factory installed = factory;
    if (installed == null) {
      try {
        // Referencing PeerStats.class does not initialise it; this does, and its initialiser installs.
        Class.forName(PeerStats.class.getName(), true, PeerStats.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cannot initialise " + PeerStats.class.getName(), e);
      }
      installed = factory;
      if (installed == null) {
        throw new IllegalStateException(PeerStats.class.getName() + " did not install its factory");
      }
    }
    return installed;
  }
}
