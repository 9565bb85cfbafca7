package dev.peerage.transport.netty.internal;

import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DisconnectReason;

/**
 * A remote peer broke the wire protocol. Carries what the connection is closed with and what kind of
 * misbehaviour is recorded against the peer; the message is the evidence, naming the bad value.
 * Thrown by the decoders and handlers of the pipeline and caught by the handshake handler or the
 * message dispatcher, never by the host.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The reason code the connection is closed with. */
  private final DisconnectReason.Code code;

  /** What is recorded against the remote peer; null when nothing is (not its fault). */
  private final transient MisbehaviourKind kind;

  /**
   * Creates the exception.
   *
   * @param code the reason code to close with
   * @param kind the misbehaviour to record, or null for none
   * @param message the evidence, naming the bad value and what was expected
   */
  public ProtocolException(DisconnectReason.Code code, MisbehaviourKind kind, String message) {
    super(message, null, false, false);
    this.code = code;
    this.kind = kind;
  }

  /**
   * A malformed message: closes with {@code PROTOCOL_ERROR}, records {@code MALFORMED_MESSAGE}.
   *
   * @param message the evidence
   * @return the exception
   */
  public static ProtocolException malformed(String message) {
    return new ProtocolException(
        DisconnectReason.Code.PROTOCOL_ERROR, MisbehaviourKind.MALFORMED_MESSAGE, message);
  }

  /**
   * A message not allowed in the current state: closes with {@code PROTOCOL_ERROR}, records
   * {@code PROTOCOL_VIOLATION}.
   *
   * @param message the evidence
   * @return the exception
   */
  public static ProtocolException violation(String message) {
    return new ProtocolException(
        DisconnectReason.Code.PROTOCOL_ERROR, MisbehaviourKind.PROTOCOL_VIOLATION, message);
  }

  /**
   * The reason code the connection is closed with.
   *
   * @return the code
   */
  public DisconnectReason.Code code() {
    return code;
  }

  /**
   * What is recorded against the peer.
   *
   * @return the kind, or null if nothing is recorded
   */
  public MisbehaviourKind kind() {
    return kind;
  }
}
