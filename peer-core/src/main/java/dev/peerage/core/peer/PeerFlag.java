package dev.peerage.core.peer;

/**
 * Per-peer switches that change how the peer manager treats a managed peer. A peer may carry any
 * combination; a {@linkplain PeerEntry#enabled() disabled} peer is left alone whatever its flags.
 */
public enum PeerFlag {
  /**
   * Always keep connected and never give up: after a disconnect or failed dial the peer is retried
   * forever, with a capped backoff, instead of being dropped after some number of failures.
   */
  PERSISTENT,

  /**
   * Exempt from connection limits: the peer is dialled, or accepted inbound, even when the limits
   * for its direction are reached, and it is never evicted to make room.
   */
  UNCONDITIONAL,

  /**
   * Never shared: the peer's addresses are never sent to other peers in peer exchange, so a private
   * link (a friend's node, a node behind a VPN) stays private.
   */
  PRIVATE,

  /** Dialled by {@code connectAll()} and when the peer manager starts. */
  AUTO_CONNECT
}
