package dev.peerage.core;

/** The connection state of a managed peer, as a host's user interface shows it. */
public enum PeerState {
  /** Not connected and no attempt pending: disabled, not auto-connecting, or disconnected by the host. */
  DISCONNECTED,
  /**
   * Wants to dial, but every dial slot ({@code maxConcurrentDials}) is in use; it dials as soon as one
   * frees, in the order peers started waiting. {@link PeerStatus#nextAttempt()} is empty: the time
   * depends on other dials.
   */
  WAITING,
  /** A dial is in progress. */
  CONNECTING,
  /** Connected (and the handshake done). */
  CONNECTED,
  /**
   * Connected and marked busy by the application (for example syncing) through
   * {@link PeerManager#setActive(String, boolean)}.
   */
  ACTIVE,
  /** Waiting to retry after a failure; {@link PeerStatus#nextAttempt()} says when. */
  BACKOFF,
  /** The peer's address or node id is banned; nothing is attempted until the ban ends. */
  BANNED
}
