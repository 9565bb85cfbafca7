package dev.peerage.core.testing;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.testing.InMemoryNode;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Transport} of one node of an {@link InMemoryNetwork}; made by
 * {@link InMemoryNetwork#transport(PeerAddress)}. The network's documentation says how dials,
 * connections, latency and faults behave.
 *
 * <p>Thread-safe. Results and callbacks complete in tasks of the network's scheduler, except the
 * immediate answers documented on each method.
 */
public final class InMemoryTransport implements Transport {
  private final InMemoryNode node;

  InMemoryTransport(InMemoryNode node) {
    this.node = node;
  }

  /**
   * Starts the node: from now on it dials, and, if it listens, accepts connections at its address.
   *
   * @param context identity, network and inbound handler
   * @return an already completed stage; or one failed with {@link IllegalStateException} if the
   *     transport was started before or is closed
   * @throws NullPointerException if {@code context} is null
   */
  @Override
  public CompletionStage<Void> start(TransportContext context) {
    return node.start(context);
  }

  /**
   * Dials {@code address}, as {@link InMemoryNetwork} describes. Fails only with a
   * {@link DialException}: at once (an already failed stage) with {@code CLOSED} if this transport is
   * not started or closed and with {@code SELF} if {@code address} is its own address; otherwise in a
   * scheduler task.
   *
   * @param address where to connect
   * @param timeout positive; the dial fails with {@code TIMEOUT} when it passes
   * @return the outbound connection, not yet activated
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  @Override
  public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
    return node.dial(address, timeout);
  }

  /**
   * Where this node accepts connections.
   *
   * @return its address while started, listening and not closed; otherwise empty
   */
  @Override
  public Optional<PeerAddress> listenAddress() {
    return node.listenAddress();
  }

  /**
   * The node's address in the network, whether or not it listens or has started: the key for fault
   * injection.
   *
   * @return the address given to {@link InMemoryNetwork#transport(PeerAddress, boolean)}
   */
  public PeerAddress address() {
    return node.address();
  }

  /**
   * How many connections of this node have not yet reported their close (including one whose
   * handshake is under way).
   *
   * @return the count
   */
  public int connectionCount() {
    return node.connectionCount();
  }

  /**
   * Stops the node; idempotent. It stops accepting at once (dials to it are then refused), fails its
   * dials in progress with {@code CLOSED}, and closes every connection with {@code SHUTTING_DOWN}, which
   * the remotes see one latency later. The address becomes free for a new transport.
   *
   * @return completes as soon as the node stopped accepting and every connection's close was started;
   *     each connection's {@link Connection#closed()} and {@code onClosed} follow as scheduled
   *     deliveries. The same stage on every call.
   */
  @Override
  public CompletionStage<Void> close() {
    return node.close();
  }

  /**
   * Describes the transport.
   *
   * @return its address and whether it listens
   */
  @Override
  public String toString() {
    return "InMemoryTransport[" + node.address() + (node.listens() ? "" : ", dials only") + "]";
  }
}
