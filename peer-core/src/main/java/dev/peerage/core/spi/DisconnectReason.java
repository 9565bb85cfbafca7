package dev.peerage.core.spi;

import java.util.Objects;

/**
 * Why a connection ended, and which side ended it.
 *
 * @param code the reason, as carried by the wire protocol's disconnect message where there is one
 * @param detail a human-readable explanation for logs and user interfaces, never null (may be empty); at
 *     most {@value #MAX_DETAIL_LENGTH} characters, longer text is cut
 * @param remote {@code true} if the remote peer closed the connection (or it broke), {@code false} if
 *     this node closed it
 */
public record DisconnectReason(Code code, String detail, boolean remote) {
  /** The longest detail kept; remote peers choose it, so it is bounded. */
  public static final int MAX_DETAIL_LENGTH = 256;

  /** Reason codes. Their names are stable: stores and wire protocols may carry them. */
  public enum Code {
    /** The peer (its address or node id) is banned. */
    BANNED,
    /** The connection limits are reached. */
    TOO_MANY_PEERS,
    /** The peer belongs to another network. */
    WRONG_NETWORK,
    /** A connection to the same node already exists. */
    DUPLICATE,
    /** The closing side is shutting down. */
    SHUTTING_DOWN,
    /** The peer broke the protocol (malformed, oversized or unexpected messages). */
    PROTOCOL_ERROR,
    /** The peer is not among the peers this node accepts. */
    UNKNOWN_PEER,
    /** The connection led back to this node itself. */
    SELF,
    /** The host asked for the disconnect (or removed the peer). */
    REQUESTED,
    /** The peer stopped answering (no pong, handshake or idle timeout). */
    TIMEOUT,
    /** The connection failed underneath (reset, unreachable). */
    NETWORK_ERROR,
    /** Evicted to make room for a better or more diverse peer. */
    EVICTED,
    /** Anything else. */
    OTHER
  }

  /**
   * Checks and bounds the components.
   *
   * @param code the reason
   * @param detail the explanation; cut to {@value #MAX_DETAIL_LENGTH} characters
   * @param remote whether the remote side closed
   * @throws NullPointerException if code or detail is null
   */
  public DisconnectReason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
    if (detail.length() > MAX_DETAIL_LENGTH) {
      detail = detail.substring(0, MAX_DETAIL_LENGTH);
    }
  }

  /**
   * A reason for a disconnect this node initiates.
   *
   * @param code the reason
   * @param detail the explanation
   * @return the reason, with {@code remote} false
   */
  public static DisconnectReason local(Code code, String detail) {
    return new DisconnectReason(code, detail, false);
  }

  /**
   * A reason reported for a disconnect the remote peer initiated or that the network caused.
   *
   * @param code the reason
   * @param detail the explanation
   * @return the reason, with {@code remote} true
   */
  public static DisconnectReason remote(Code code, String detail) {
    return new DisconnectReason(code, detail, true);
  }
}
