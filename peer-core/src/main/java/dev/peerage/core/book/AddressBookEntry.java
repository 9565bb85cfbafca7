package dev.peerage.core.book;

import dev.peerage.core.address.PeerAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of one address in an {@link AddressBook}, as it was when the view was taken.
 *
 * @param address the address
 * @param source the peer that told us about it (the address itself for self-announcements and inbound peers)
 * @param table the table it is in
 * @param lastSeen when the address was last known to be active (announced or connected)
 * @param lastTry the last connection attempt, if any
 * @param lastSuccess the last successful connection, if any
 * @param attempts counted failed attempts since the last success; see {@link AddressBook#markAttempt}
 * @param references new-table slots holding the address (0 when in the tried table)
 */
public record AddressBookEntry(
    PeerAddress address,
    PeerAddress source,
    AddressBook.Table table,
    Instant lastSeen,
    Optional<Instant> lastTry,
    Optional<Instant> lastSuccess,
    int attempts,
    int references) {
  /**
   * Checks the components.
   *
   * @param address the address
   * @param source the peer that told us about it (the address itself for self-announcements and inbound peers)
   * @param table the table it is in
   * @param lastSeen when the address was last known to be active (announced or connected)
   * @param lastTry the last connection attempt, if any
   * @param lastSuccess the last successful connection, if any
   * @param attempts counted failed attempts since the last success; see {@link AddressBook#markAttempt}
   * @param references new-table slots holding the address (0 when in the tried table)
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a count is negative
   */
  public AddressBookEntry {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(lastTry, "lastTry");
    Objects.requireNonNull(lastSuccess, "lastSuccess");
    if (attempts < 0 || references < 0) {
      throw new IllegalArgumentException(
          "attempts and references must not be negative, were " + attempts + " and " + references);
    }
  }
}
