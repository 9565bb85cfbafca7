package dev.peerage.core.spi;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import java.time.Duration;
import java.util.List;

/**
 * Receives what happens on one {@link Connection}. Implemented by the peer manager; a transport calls it.
 * Callbacks of one connection are never concurrent and come in order; none may block.
 *
 * <p>Every method has a default that does nothing (and {@link #onAddressRequest} answers with no
 * addresses), so a handler written for a test or a tool overrides only the callbacks it cares about.
 */
public interface ConnectionHandler {
  /**
   * An application message arrived. The default drops it.
   *
   * @param connection the connection
   * @param channel the channel number the sender used
   * @param payload the bytes; owned by the receiver
   */
  default void onMessage(Connection connection, int channel, byte[] payload) {}

  /**
   * The remote asks for addresses (peer exchange). The answer must come quickly from memory. The default
   * answers with an empty list: this node knows no addresses to share.
   *
   * @param connection the asking connection
   * @return the addresses to send; the transport enforces its own cap as well
   */
  default List<TimestampedAddress> onAddressRequest(Connection connection) {
    return List.of();
  }

  /**
   * A new round-trip measurement is available. The default ignores it.
   *
   * @param connection the connection
   * @param latency the round-trip time
   */
  default void onLatency(Connection connection, Duration latency) {}

  /**
   * The remote broke a rule the transport enforces (malformed frame, unsolicited or oversized address
   * list, ...). The transport decides whether to close; the manager records the fault. The default
   * ignores the report.
   *
   * @param connection the connection
   * @param kind the kind of fault
   * @param evidence what happened, for the record; bounded by the receiver
   */
  default void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence) {}

  /**
   * The connection closed. Called exactly once; no callback follows. The default does nothing.
   *
   * @param connection the connection
   * @param reason why, and which side closed
   */
  default void onClosed(Connection connection, DisconnectReason reason) {}
}
