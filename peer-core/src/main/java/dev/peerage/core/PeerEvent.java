package dev.peerage.core;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.PeerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to the managed peers, connections, bans or persistence, as delivered to
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
   * A connection entered the manager's connection table: its handshake is done and this node took it
   * (an inbound connection passed the admission rules; an outbound one was wanted). Announced for every
   * connection, managed or discovered, except feelers, which close at once and only test an address.
   * A managed peer still waits for the remote's admission before it is {@code CONNECTED}.
   *
   * @param at when
   * @param nodeId the remote's authenticated node id
   * @param remoteAddress the remote end of the connection
   * @param direction who dialled
   * @param peerId the managed peer it belongs to, if any when it opened (a peer added later adopts it)
   */
  record ConnectionOpened(Instant at, NodeId nodeId, PeerAddress remoteAddress, Direction direction,
      Optional<String> peerId) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param nodeId the remote's node id
     * @param remoteAddress the remote end
     * @param direction who dialled
     * @param peerId the managed peer, if any
     */
    public ConnectionOpened {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(remoteAddress, "remoteAddress");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(peerId, "peerId");
    }
  }

  /**
   * A connection announced by {@link ConnectionOpened} closed, whoever closed it. Exactly one follows
   * each {@link ConnectionOpened}.
   *
   * @param at when
   * @param nodeId the remote's node id
   * @param remoteAddress the remote end of the connection
   * @param direction who dialled
   * @param peerId the managed peer it belonged to when it closed, if any
   * @param reason why it closed, and which side closed it
   * @param bytesIn bytes received over its life, zero or more
   * @param bytesOut bytes sent over its life, zero or more
   */
  record ConnectionClosed(Instant at, NodeId nodeId, PeerAddress remoteAddress, Direction direction,
      Optional<String> peerId, DisconnectReason reason, long bytesIn, long bytesOut)
      implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param nodeId the remote's node id
     * @param remoteAddress the remote end
     * @param direction who dialled
     * @param peerId the managed peer, if any
     * @param reason why it closed
     * @param bytesIn bytes received
     * @param bytesOut bytes sent
     * @throws IllegalArgumentException if a byte count is negative
     */
    public ConnectionClosed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(remoteAddress, "remoteAddress");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(peerId, "peerId");
      Objects.requireNonNull(reason, "reason");
      if (bytesIn < 0 || bytesOut < 0) {
        throw new IllegalArgumentException(
            "byte counts must not be negative, were in=" + bytesIn + " out=" + bytesOut);
      }
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
   * A node connected while a {@linkplain PeerManager#openPairing pairing window} was open and became a
   * managed peer (source {@link dev.peerage.core.peer.PeerSource#PAIRED}, node id pinned to the one it
   * authenticated). Follows the {@link PeerAdded} of the same peer; its connection then goes through
   * {@code CONNECTING} to {@code CONNECTED} like any other.
   *
   * @param at when the connection was accepted
   * @param peer the new peer
   */
  record PeerPaired(Instant at, PeerEntry peer) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param peer the new peer
     */
    public PeerPaired {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /**
   * This node refused an inbound connection after the handshake, so the remote's node id is known: a
   * user interface can offer "device X wants to connect" (and open a pairing window, or add it).
   *
   * <p>Not reported: refusals while the manager shuts down, connections to itself, and the loser of a
   * duplicate-connection tie-break (none of them is a peer being turned away).
   *
   * <p>Bounded, so a flood of strangers cannot flood listeners: at most one event per node id per
   * {@link #PER_NODE_INTERVAL}, and at most {@link #MAX_PER_MINUTE} events in any minute. Refusals over
   * either limit are counted, not reported; the next event carries their number in {@code suppressed},
   * and {@link PeerStats#inboundRefusedByReason()} counts every refusal.
   *
   * @param at when it was refused
   * @param nodeId the node id the remote authenticated in the handshake
   * @param address where it connected from (for an inbound connection usually an ephemeral port)
   * @param advertised the listen address it advertised, if any
   * @param code why, as sent to the remote
   * @param detail the explanation sent to the remote, never null
   * @param suppressed refusals not reported since the previous {@code InboundRefused} event because of
   *     the limits above, zero or more
   */
  record InboundRefused(Instant at, NodeId nodeId, PeerAddress address, Optional<PeerAddress> advertised,
      DisconnectReason.Code code, String detail, long suppressed) implements PeerEvent {
    /** At most one event per node id in this interval: one minute. */
    public static final Duration PER_NODE_INTERVAL = Duration.ofMinutes(1);

    /** At most this many events in any sliding minute, over all node ids. */
    public static final int MAX_PER_MINUTE = 20;

    /**
     * Checks the components.
     *
     * @param at when
     * @param nodeId the remote node id
     * @param address where it connected from
     * @param advertised its listen address, if any
     * @param code the refusal code
     * @param detail the refusal detail
     * @param suppressed unreported refusals before this one, not negative
     * @throws IllegalArgumentException if {@code suppressed} is negative
     */
    public InboundRefused {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(advertised, "advertised");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(detail, "detail");
      if (suppressed < 0) {
        throw new IllegalArgumentException("suppressed must be zero or more, was " + suppressed);
      }
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

  /**
   * The transport could not start (its port is taken, its address cannot be bound, a lent event loop is
   * of a kind it cannot use): the node makes and accepts no connections. Published once, just before the
   * stage {@link PeerManager#start()} returned fails with the same cause; from then on
   * {@link PeerManager#isRunning()} is {@code false}. The host should {@link PeerManager#close() close}
   * the manager, which still saves.
   *
   * <p>Not published when the host closes the manager while the transport is still starting.
   *
   * @param at when the failure was seen
   * @param message what failed, from the transport's exception, never null
   */
  record TransportFailed(Instant at, String message) implements PeerEvent {
    /**
     * Checks the components.
     *
     * @param at when
     * @param message the failure
     */
    public TransportFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(message, "message");
    }
  }
}
