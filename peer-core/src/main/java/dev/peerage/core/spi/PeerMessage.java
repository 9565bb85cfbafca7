package dev.peerage.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * An application message received from a peer.
 *
 * @param connection the connection it came on (reply on it with {@link Connection#send})
 * @param peerId the managed peer's id, if the sender is a managed peer
 * @param channel the channel number the sender used
 * @param payload the bytes; not copied, owned by the receiver
 */
public record PeerMessage(Connection connection, Optional<String> peerId, int channel, byte[] payload) {
  /**
   * Checks the components.
   *
   * @param connection the connection
   * @param peerId the managed peer's id, if any
   * @param channel the channel
   * @param payload the bytes
   * @throws NullPointerException if a component is null
   */
  public PeerMessage {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(payload, "payload");
  }
}
