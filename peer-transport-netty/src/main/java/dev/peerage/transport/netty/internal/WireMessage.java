package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.DisconnectReason;
import java.util.List;

/**
 * One decoded message of the wire protocol. Immutable values that own no buffers, so a message can
 * be queued or dropped without any release to forget.
 */
public sealed interface WireMessage {
  /**
   * The message's type byte, one of the message type constants of {@link Wire}.
   *
   * @return the type, 0 to 255
   */
  int type();

  /**
   * The opening message of the handshake.
   *
   * @param hello the decoded fields
   * @param body the frame body exactly as sent (type byte first), for the signed transcript
   */
  record HelloMessage(Hello hello, byte[] body) implements WireMessage {
    @Override
    public int type() {
      return Wire.HELLO;
    }
  }

  /**
   * The signature over the handshake transcript.
   *
   * @param signature the 64-byte Ed25519 signature
   */
  record Proof(byte[] signature) implements WireMessage {
    @Override
    public int type() {
      return Wire.PROOF;
    }
  }

  /**
   * A keep-alive probe.
   *
   * @param nonce echoed by the PONG
   */
  record Ping(long nonce) implements WireMessage {
    @Override
    public int type() {
      return Wire.PING;
    }
  }

  /**
   * The answer to a PING.
   *
   * @param nonce the PING's nonce
   */
  record Pong(long nonce) implements WireMessage {
    @Override
    public int type() {
      return Wire.PONG;
    }
  }

  /**
   * The sender's host admitted (activated) the connection; sent once, on connections of protocol
   * version {@link Wire#ADMITTED_VERSION} or later.
   */
  enum Admitted implements WireMessage {
    /** The only instance: the message has no fields. */
    INSTANCE;

    @Override
    public int type() {
      return Wire.ADMITTED;
    }
  }

  /** A request for peer addresses. */
  enum GetAddresses implements WireMessage {
    /** The only instance: the message has no fields. */
    INSTANCE;

    @Override
    public int type() {
      return Wire.GET_ADDRESSES;
    }
  }

  /**
   * Peer addresses, the answer to GET_ADDRESSES.
   *
   * @param addresses the entries, at most the receiver's cap
   */
  record Addresses(List<TimestampedAddress> addresses) implements WireMessage {
    @Override
    public int type() {
      return Wire.ADDRESSES;
    }
  }

  /**
   * The sender is closing the connection.
   *
   * @param code why
   * @param detail an explanation, at most {@link Wire#MAX_DETAIL_BYTES} bytes of UTF-8
   */
  record Disconnect(DisconnectReason.Code code, String detail) implements WireMessage {
    @Override
    public int type() {
      return Wire.DISCONNECT;
    }
  }

  /**
   * An application message.
   *
   * @param channel the host's channel number, 0 to 65,535
   * @param payload the bytes
   */
  record AppMessage(int channel, byte[] payload) implements WireMessage {
    @Override
    public int type() {
      return Wire.MESSAGE;
    }
  }

  /**
   * A frame of a known type that the connection's current phase does not allow: anything but HELLO,
   * PROOF and DISCONNECT during the handshake, HELLO or PROOF after it. Its body is not parsed, so
   * no limit of the type (such as the ADDRESSES cap) is checked against a message that is refused
   * anyway; the handler of the phase refuses it, naming it with {@link Wire#describe}.
   *
   * @param type the frame's type byte
   */
  record OutOfPhase(int type) implements WireMessage {}
}
