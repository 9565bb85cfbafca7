package dev.peerage.core;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.Direction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A managed peer's live status: what a status page shows. Immutable snapshot.
 *
 * @param peer the managed peer
 * @param state its state
 * @param since when it entered that state
 * @param direction the direction of its connection while connected
 * @param remoteAddress the address of its connection while connected
 * @param nextAttempt when the next dial is due, while in {@link PeerState#BACKOFF}
 * @param failures consecutive failed attempts since the last stable connection
 * @param lastError the last failure or disconnect reason, if any
 */
public record PeerStatus(
    PeerEntry peer,
    PeerState state,
    Instant since,
    Optional<Direction> direction,
    Optional<PeerAddress> remoteAddress,
    Optional<Instant> nextAttempt,
    int failures,
    Optional<String> lastError) {
  /**
   * Checks the components.
   *
   * @param peer the managed peer
   * @param state its state
   * @param since when it entered that state
   * @param direction the connection's direction, if connected
   * @param remoteAddress the connection's address, if connected
   * @param nextAttempt the next dial, if in backoff
   * @param failures consecutive failures, 0 or more
   * @param lastError the last error, if any
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if failures is negative
   */
  public PeerStatus {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(nextAttempt, "nextAttempt");
    Objects.requireNonNull(lastError, "lastError");
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative, was " + failures);
    }
  }

  /**
   * The managed peer's id.
   *
   * @return {@code peer().id()}
   */
  public String id() {
    return peer.id();
  }

  /**
   * Whether the peer is connected ({@link PeerState#CONNECTED} or {@link PeerState#ACTIVE}).
   *
   * @return {@code true} if connected
   */
  public boolean isConnected() {
    return state == PeerState.CONNECTED || state == PeerState.ACTIVE;
  }
}
