package dev.peerage.core.spi;

import dev.peerage.core.address.PeerAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Carries connections for the peer manager: listens for inbound connections and dials outbound ones.
 * Peerage ships {@code InMemoryTransport} (one JVM, for tests and simulations) and a Netty TCP transport; a
 * host may implement its own over anything (QUIC, WebSockets, a relay) by honouring this contract.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #start} is called once, before any dial. The context carries the node's identity, its
 *       network, and where inbound connections go.
 *   <li>Every connection the transport produces, inbound or outbound, has completed a handshake that
 *       proved the remote's node id and told its network (see {@link Connection}). A remote on another
 *       network may be handed over anyway; the manager refuses it with {@code WRONG_NETWORK}.
 *   <li>{@link #dial} completes with a connection or fails with a {@link DialException} whose
 *       {@link DialException.Failure} says why (refused, timed out, unreachable, handshake failed, ...),
 *       never with anything else. A failed dial leaves nothing open.
 *   <li>Connections to this node itself are detected in the handshake and fail with
 *       {@link DialException.Failure#SELF}.
 *   <li>The manager decides who stays: it closes what it does not want. The transport closes a connection
 *       on its own only for protocol or network reasons, and reports it through the handler.
 *   <li>All methods are thread-safe and non-blocking; results complete on the transport's threads.
 *   <li>{@link #close} stops listening, closes every connection with {@code SHUTTING_DOWN} and releases
 *       what the transport created (but nothing the host lent it, such as event loops).
 * </ul>
 */
public interface Transport {
  /**
   * Starts the transport: binds listeners and begins handing inbound connections to the context.
   *
   * @param context identity, network and inbound handler
   * @return completes when the transport is ready to dial and accept, or fails (for example, the listen
   *     port is taken)
   */
  CompletionStage<Void> start(TransportContext context);

  /**
   * Opens a connection and completes its handshake.
   *
   * @param address where to connect
   * @param timeout the longest the connect and the handshake may take together
   * @return the connection, or a failure with a {@link DialException}
   */
  CompletionStage<Connection> dial(PeerAddress address, Duration timeout);

  /**
   * Where this transport accepts connections, once started.
   *
   * @return the listen address, or empty if it does not listen (or has not started)
   */
  Optional<PeerAddress> listenAddress();

  /**
   * The shortest spacing between two address requests on one connection that this transport answers
   * without penalty, if it limits them. Nodes of one network run the same transport settings, so this
   * is also what the remote ends will tolerate from us: the peer manager refuses to build with an
   * {@code exchangeInterval} shorter than this, instead of letting peers ban each other for asking too
   * often. The default is empty (no limit).
   *
   * @return the spacing, positive, or empty if requests are not limited
   */
  default Optional<Duration> minAddressRequestInterval() {
    return Optional.empty();
  }

  /**
   * Stops the transport; idempotent.
   *
   * @return completes when everything the transport created is released
   */
  CompletionStage<Void> close();
}
