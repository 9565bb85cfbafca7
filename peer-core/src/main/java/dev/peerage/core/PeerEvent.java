package dev.peerage.core;

import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.PeerStore;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to the managed peers, bans or persistence, as delivered to
 * {@link PeerManager#addListener} listeners. Events are delivered on the manager's listener executor, in the
 * order they happened, never while the manager holds a lock.
 */
public sealed interface PeerEvent {
  /**
   * When the event happened, on the manager's clock.
   *
   * @return the instant
   */
  Instant at();

  /**
   * A managed peer was added.
   *
   * @param at when
   * @param peer the new peer
   */
  record PeerAdded(Instant at, PeerEntry peer) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param peer the new peer
     */
    public PeerAdded {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /**
   * A managed peer was removed; any connection or dial to it was aborted first.
   *
   * @param at when
   * @param peer the peer as it was
   */
  record PeerRemoved(Instant at, PeerEntry peer) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param peer the removed peer
     */
    public PeerRemoved {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /**
   * A managed peer changed (by the host, or learned: its node id, statistics).
   *
   * @param at when
   * @param before the peer before the change
   * @param after the peer after it
   */
  record PeerUpdated(Instant at, PeerEntry before, PeerEntry after) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param before the previous peer
     * @param after the new peer
     */
    public PeerUpdated {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }
  }

  /**
   * A managed peer's state changed.
   *
   * @param at when
   * @param previous the state before
   * @param status the status now
   */
  record StateChanged(Instant at, PeerState previous, PeerStatus status) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param previous the previous state
     * @param status the current status
     */
    public StateChanged {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(previous, "previous");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * An address, subnet or node was banned.
   *
   * @param at when
   * @param ban the ban
   */
  record PeerBanned(Instant at, BanEntry ban) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param ban the ban
     */
    public PeerBanned {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(ban, "ban");
    }
  }

  /**
   * A ban ended: the host lifted it, or it expired. An expiry is reported once, by the manager's ban
   * sweep, which runs every minute, so {@code at} is up to a minute after {@link BanEntry#until()}
   * ({@code at} not before the expiry tells the two apart).
   *
   * @param at when
   * @param ban the ban that ended
   */
  record PeerUnbanned(Instant at, BanEntry ban) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param ban the lifted ban
     */
    public PeerUnbanned {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(ban, "ban");
    }
  }

  /**
   * A managed peer has failed every attempt for {@link PeerManagerConfig#unreachableAfter()}; reported once
   * until it connects again. If {@link PeerManagerConfig#autoDisableUnreachable()} is set (and the peer is
   * not persistent) it has also been disabled.
   *
   * @param at when
   * @param peer the peer
   * @param failingSince when its failures began
   * @param disabled whether it was disabled
   */
  record PeerUnreachable(Instant at, PeerEntry peer, Instant failingSince, boolean disabled)
      implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param peer the peer
     * @param failingSince when its failures began
     * @param disabled whether it was disabled
     */
    public PeerUnreachable {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(failingSince, "failingSince");
    }
  }

  /**
   * Saving to the {@link PeerStore} failed; the manager retries later. The previous save is intact.
   *
   * @param at when
   * @param message what failed, from the store's exception
   */
  record StoreFailed(Instant at, String message) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param message the failure
     */
    public StoreFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(message, "message");
    }
  }
}
