package dev.peerage.transport.netty;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection that ended before its handshake completed, as reported to the listener set with
 * {@link NettyTransport.Builder#handshakeFailureListener}. Such a connection never reaches the
 * manager (the core's {@code Connection} exists only after a proven handshake), so this is where a
 * host sees, and may count or ban, the strangers that send garbage, wrong versions or false proofs.
 * Faults after the handshake go to the connection's {@code ConnectionHandler.onMisbehaviour}
 * instead. Immutable.
 *
 * @param remoteAddress the remote socket address
 * @param direction {@link Direction#OUTBOUND} if this node dialled
 * @param claimedNodeId the node id the remote claimed in its HELLO, if one arrived; not proven
 * @param reason why the connection ended; {@code remote} when the remote ended it
 * @param misbehaviour what the remote did wrong, if it was its fault (a timeout or a closed
 *     connection is not)
 */
public record HandshakeFailure(
    PeerAddress remoteAddress,
    Direction direction,
    Optional<NodeId> claimedNodeId,
    DisconnectReason reason,
    Optional<MisbehaviourKind> misbehaviour) {

  /**
   * Checks the components.
   *
   * @param remoteAddress the remote socket address
   * @param direction the direction
   * @param claimedNodeId the claimed node id, if any
   * @param reason why it ended
   * @param misbehaviour the fault, if any
   * @throws NullPointerException if a component is null
   */
  public HandshakeFailure {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(claimedNodeId, "claimedNodeId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(misbehaviour, "misbehaviour");
  }
}
