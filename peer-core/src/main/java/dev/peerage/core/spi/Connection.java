package dev.peerage.core.spi;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One authenticated connection to a remote node, provided by a {@link Transport}.
 *
 * <h2>Contract for implementers</h2>
 *
 * <ul>
 *   <li>A connection is handed to the manager only after its handshake: {@link #remoteNodeId()} has been
 *       proven (the remote signed a challenge with the key of that id) and {@link #network()} is known.
 *   <li>No callback is delivered before {@link #activate(ConnectionHandler)}; the transport holds back
 *       (stops reading) until then. {@code activate} is called at most once.
 *   <li>Callbacks may come from any thread, but those of one connection never run concurrently and arrive
 *       in order. They must not block; the manager's never do.
 *   <li>{@link #close(DisconnectReason)} is idempotent and never throws. Whoever closes, the handler's
 *       {@link ConnectionHandler#onClosed} runs exactly once and {@link #closed()} completes with the same
 *       reason, also for connections closed before activation.
 *   <li>Bounded: {@link #send} refuses payloads above {@link #maxPayloadSize()} and fails (rather than
 *       queueing without bound) when the peer reads too slowly.
 * </ul>
 *
 * <p>Thread-safe: any method may be called from any thread.
 */
public interface Connection {
  /**
   * The remote node's proven identity.
   *
   * @return its node id
   */
  NodeId remoteNodeId();

  /**
   * The remote socket address (for inbound connections, usually an ephemeral port).
   *
   * @return the address
   */
  PeerAddress remoteAddress();

  /**
   * Where the remote says it accepts connections: its IP with the listen port from its handshake.
   *
   * @return the advertised address, or empty if the remote does not listen
   */
  Optional<PeerAddress> advertisedAddress();

  /**
   * Which side opened the connection.
   *
   * @return the direction
   */
  Direction direction();

  /**
   * The network the remote declared in its handshake.
   *
   * @return the remote's network
   */
  NetworkId network();

  /**
   * Starts delivering callbacks to the handler.
   *
   * @param handler receives messages, requests and the close
   * @throws IllegalStateException if called twice
   */
  void activate(ConnectionHandler handler);

  /**
   * Completes once the remote side has admitted this connection: its host {@linkplain #activate
   * activated} its end, rather than refusing it right after the handshake. The manager counts a
   * connection as a success (CONNECTED, {@code lastSuccess}, a connection in the peer's statistics)
   * only then, so a peer that refuses us never looks connected. The signal costs the transport one
   * notice after activation (the in-memory transport's travels one latency).
   *
   * <p>If the connection closes first, the stage fails with an {@link IllegalStateException}. The
   * default, for transports that cannot tell, is a stage completed at once: the connection counts as
   * admitted as soon as the handshake is done. Completion may run callbacks on a transport thread.
   *
   * @return a stage that completes, at most once, when the remote admitted the connection
   */
  default CompletionStage<Void> remoteAdmitted() {
    return CompletableFuture.completedStage(null);
  }

  /**
   * Sends an application message.
   *
   * @param channel the host's channel number, 0 to 65,535
   * @param payload the bytes, at most {@link #maxPayloadSize()}; not copied, do not change them afterwards
   * @return completes when the message was written, or fails if the connection is closed, the payload too
   *     large, or the peer too slow to take more
   */
  CompletionStage<Void> send(int channel, byte[] payload);

  /**
   * Asks the remote for addresses it knows (peer exchange). The answer is capped by the transport.
   *
   * @return the addresses, or a failure if the connection closes or the remote does not answer in time
   */
  CompletionStage<List<TimestampedAddress>> requestAddresses();

  /**
   * The largest application payload this connection carries.
   *
   * @return bytes
   */
  int maxPayloadSize();

  /**
   * Closes the connection; idempotent.
   *
   * @param reason why; sent to the remote where the protocol allows
   */
  void close(DisconnectReason reason);

  /**
   * Completes once, when the connection has closed, with the reason.
   *
   * @return the close notification
   */
  CompletionStage<DisconnectReason> closed();

  /**
   * Bytes received so far, including framing.
   *
   * @return the count
   */
  long bytesIn();

  /**
   * Bytes sent so far, including framing.
   *
   * @return the count
   */
  long bytesOut();

  /**
   * The last measured round-trip time, if the transport measures one (for example by ping and pong).
   *
   * @return the latency
   */
  Optional<Duration> latency();
}
