package dev.peerage.core.internal.manager;

import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.spi.Scheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A managed peer with its live state. Guarded by the manager's lock. */
final class Managed {
  PeerEntry entry;
  PeerState state = PeerState.DISCONNECTED;
  Instant since;
  /** The admitted live connection: set exactly while the state is CONNECTED or ACTIVE. */
  Link link;
  /** A connection waiting for the remote's admission ({@code Connection.remoteAdmitted()}); shows CONNECTING. */
  Link pending;
  /**
   * Set between the duplicate tie-break taking the admitted link away and {@link ManagedLifecycle#attach}
   * giving the peer the kept one, in the same locked step: the peer keeps its state through the swap.
   */
  boolean replaced;
  boolean dialing;
  int generation;
  Scheduler.Cancellable retry;
  Instant nextAttempt;
  int failures;
  String lastError;
  boolean suppressed;
  Instant failingSince;
  boolean reportedUnreachable;
  final List<CompletableFuture<PeerStatus>> waiters = new ArrayList<>();
  /** The order of insertion into the registry: lookups that match several peers take the earliest. */
  long order;

  /** Whether the host (or a ticket) asked to keep this peer connected. */
  static boolean autoConnects(PeerEntry entry) {
    return entry.has(PeerFlag.AUTO_CONNECT) || entry.has(PeerFlag.PERSISTENT);
  }

  /** The connection it holds, admitted or still waiting for admission, or null. */
  Link current() {
    return link != null ? link : pending;
  }

  /** Whether nothing is under way: no dial, no connection, none waiting for admission. */
  boolean idle() {
    return current() == null && !dialing;
  }

  /** Default bootstrap peers without a pinning flag are dialled on demand, not kept connected. */
  boolean onDemand() {
    return entry.source() == PeerSource.DEFAULT_BOOTSTRAP && !autoConnects(entry);
  }

  Managed(PeerEntry entry, Instant since) {
    this.entry = entry;
    this.since = since;
  }
}
