package dev.peerage.core.spi;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link Transport} is given when it starts.
 *
 * @param identity the local node's key pair, to prove our node id in handshakes
 * @param network the network this node belongs to, announced in handshakes
 * @param inbound receives every inbound connection after its handshake; the receiver either activates it
 *     or closes it, and never blocks
 */
public record TransportContext(
    NodeIdentity identity, NetworkId network, Consumer<Connection> inbound) {
  /**
   * Checks the components.
   *
   * @param identity the local node's key pair
   * @param network the local network
   * @param inbound the inbound connection handler
   * @throws NullPointerException if a component is null
   */
  public TransportContext {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(inbound, "inbound");
  }
}
