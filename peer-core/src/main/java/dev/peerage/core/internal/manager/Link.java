package dev.peerage.core.internal.manager;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.TokenBucket;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Scheduler;
import java.time.Instant;

/** A live connection and what it belongs to. Guarded by the manager's lock. */
final class Link {
  final Connection connection;
  /** The managed peer it belongs to, or null; set once more when a managed peer adopts the link. */
  Managed managed;
  final PeerAddress address;
  final Instant since;
  final Purpose purpose;
  final TokenBucket bucket;
  Scheduler.Cancellable stableTimer;
  /** Closes the link if the remote has not admitted it within the dial timeout; null once admitted. */
  Scheduler.Cancellable admissionTimer;
  Instant lastExchange;
  long lastBytesIn;
  Instant lastTrafficAt;

  Link(Connection connection, Managed managed, PeerAddress address, Instant since, Purpose purpose,
      TokenBucket bucket) {
    this.connection = connection;
    this.managed = managed;
    this.address = address;
    this.since = since;
    this.purpose = purpose;
    this.bucket = bucket;
    this.lastTrafficAt = since;
  }
}
