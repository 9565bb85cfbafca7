package dev.peerage.core.address;

import java.time.Instant;
import java.util.Objects;

/**
 * An address as announced by a peer, with the time the announcer claims it was last seen.
 *
 * <p>The time is a claim from the network and is treated as such: the address book subtracts a penalty from
 * it, ignores it when it is older than what the book knows, and counts a time too far in the future against
 * the address.
 *
 * @param address the announced address
 * @param lastSeen when the announcer says the address was last seen active
 */
public record TimestampedAddress(PeerAddress address, Instant lastSeen) {
  /**
   * Checks the components.
   *
   * @param address the announced address
   * @param lastSeen when the announcer says the address was last seen active
   * @throws NullPointerException if a component is null
   */
  public TimestampedAddress {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
