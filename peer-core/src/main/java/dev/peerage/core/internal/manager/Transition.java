package dev.peerage.core.internal.manager;

import static dev.peerage.core.PeerState.ACTIVE;
import static dev.peerage.core.PeerState.BACKOFF;
import static dev.peerage.core.PeerState.BANNED;
import static dev.peerage.core.PeerState.CONNECTED;
import static dev.peerage.core.PeerState.CONNECTING;
import static dev.peerage.core.PeerState.DISCONNECTED;
import static dev.peerage.core.PeerState.WAITING;

import dev.peerage.core.PeerState;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state machine of a managed peer: every change of its {@link PeerState} is one of these transitions,
 * each naming what happened, the states it may start from and the states it may lead to.
 * {@link ManagedLifecycle} is the only code that changes a peer's state, and it names the transition for
 * each change; a change this table does not allow is a bug (checked with Java assertions, on in tests).
 *
 * <p>The table in docs/architecture.md ("A managed peer's lifecycle") lists the same rows, and a test
 * compares the two, so the documented diagram and the code cannot drift apart.
 *
 * <p>The one invariant behind the table: a peer is {@code CONNECTED} or {@code ACTIVE} exactly while it
 * holds an admitted connection ({@code connection(id)} is present).
 */
enum Transition {
  /** A dial starts (the host's {@code connect}, a due retry, a start, a top-up). */
  DIAL_STARTED(notConnected(), EnumSet.of(CONNECTING)),
  /** A dial is wanted but every dial slot is in use: it waits, without a {@code nextAttempt}. */
  NO_FREE_SLOT(notConnected(), EnumSet.of(WAITING)),
  /** A dial is put off: the group-wide gate holds dials, another dial to the address runs, or a start spreads dials. */
  DIAL_DEFERRED(notConnected(), EnumSet.of(BACKOFF)),
  /** Our dial's handshake is done, its inbound connection was admitted, or a live connection was adopted: it waits for the remote's admission. */
  CONNECTION_OPENED(with(notConnected(), CONNECTING), EnumSet.of(CONNECTING)),
  /** The remote admitted the connection too ({@code Connection.remoteAdmitted()}). */
  ADMITTED(EnumSet.of(CONNECTING), EnumSet.of(CONNECTED)),
  /** The host marked the connected peer busy or idle ({@code setActive}). */
  ACTIVITY_MARKED(EnumSet.of(CONNECTED, ACTIVE), EnumSet.of(CONNECTED, ACTIVE)),
  /** The dial failed, or reached another node, the wrong network or a banned node id. */
  DIAL_FAILED(EnumSet.of(CONNECTING), EnumSet.of(BACKOFF, DISCONNECTED, BANNED)),
  /** The connection closed before the remote admitted it, or was not admitted within the dial timeout. */
  NOT_ADMITTED(EnumSet.of(CONNECTING), EnumSet.of(BACKOFF, DISCONNECTED, BANNED)),
  /** The admitted connection closed (the remote, an error, inactivity). */
  CONNECTION_CLOSED(EnumSet.of(CONNECTED, ACTIVE), EnumSet.of(BACKOFF, DISCONNECTED, BANNED)),
  /** A default bootstrap peer answered the address fetch, and its connection goes back at once. */
  ADDRESSES_FETCHED(EnumSet.of(CONNECTED, ACTIVE), EnumSet.of(DISCONNECTED)),
  /** Its inbound connection was closed to make room for a newcomer. */
  EVICTED(EnumSet.of(CONNECTING, CONNECTED, ACTIVE), EnumSet.of(DISCONNECTED)),
  /** It no longer wants to be dialled ({@code AUTO_CONNECT} turned off): the retry or the wait ends. */
  NOT_WANTED(EnumSet.of(BACKOFF, WAITING), EnumSet.of(DISCONNECTED)),
  /** The host disconnected it; its inbound connections are refused until {@code connect(id)}. */
  HOST_DISCONNECTED(EnumSet.allOf(PeerState.class), EnumSet.of(DISCONNECTED, BANNED)),
  /** The host disabled or removed it, or it was disabled as unreachable. */
  DISABLED(EnumSet.allOf(PeerState.class), EnumSet.of(DISCONNECTED)),
  /** Its node id or every address of it is banned. */
  BANNED_PEER(EnumSet.allOf(PeerState.class), EnumSet.of(BANNED)),
  /** The ban that held it ended. */
  UNBANNED(EnumSet.of(BANNED), EnumSet.of(DISCONNECTED)),
  /** The manager closes. */
  MANAGER_CLOSED(EnumSet.allOf(PeerState.class), EnumSet.of(DISCONNECTED));

  private final Set<PeerState> from;
  private final Set<PeerState> to;

  Transition(Set<PeerState> from, Set<PeerState> to) {
    this.from = from;
    this.to = to;
  }

  /** The states this transition may start from. */
  Set<PeerState> from() {
    return from;
  }

  /** The states this transition may lead to. */
  Set<PeerState> to() {
    return to;
  }

  /** Whether this transition may move a peer from one state to another. */
  boolean allows(PeerState before, PeerState after) {
    return from.contains(before) && to.contains(after);
  }

  private static EnumSet<PeerState> notConnected() {
    return EnumSet.of(DISCONNECTED, WAITING, BACKOFF, BANNED);
  }

  private static EnumSet<PeerState> with(EnumSet<PeerState> states, PeerState more) {
    EnumSet<PeerState> result = EnumSet.copyOf(states);
    result.add(more);
    return result;
  }
}
