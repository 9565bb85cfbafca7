package dev.peerage.core.spi;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import java.time.Duration;
import java.util.List;

/**
 * Receives what happens on one {@link Connection}. Implemented by the peer manager; a transport calls it.
 * Callbacks of one connection are never concurrent and come in order; none may block.
 */
public interface ConnectionHandler {
  /**
   * An application message arrived.
   *
   * @param connection the connection
   * @param channel the channel number the sender used
   * @param payload the bytes; owned by the receiver
   */
  void onMessage(Connection connection, int channel, byte[] payload);

  /**
   * The remote asks for addresses (peer exchange). The answer must come quickly from memory.
   *
   * @param connection the asking connection
   * @return the addresses to send; the transport enforces its own cap as well
   */
  List<TimestampedAddress> onAddressRequest(Connection connection);

  /**
   * A new round-trip measurement is available.
   *
   * @param connection the connection
   * @param latency the round-trip time
   */
  void onLatency(Connection connection, Duration latency);

  /**
   * The remote broke a rule the transport enforces (malformed frame, unsolicited or oversized address
   * list, ...). The transport decides whether to close; the manager records the fault.
   *
   * @param connection the connection
   * @param kind the kind of fault
   * @param evidence what happened, for the record; bounded by the receiver
   */
  void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence);

  /**
   * The connection closed. Called exactly once; no callback follows.
   *
   * @param connection the connection
   * @param reason why, and which side closed
   */
  void onClosed(Connection connection, DisconnectReason reason);
}
