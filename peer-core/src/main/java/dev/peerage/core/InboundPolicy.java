package dev.peerage.core;

/** Whom a node accepts inbound connections from. Banned addresses and node ids are always refused. */
public enum InboundPolicy {
  /**
   * Only enabled managed peers of the node's network, matched by the node id the handshake proved: a
   * private sync group where every device was paired on purpose. A peer added by address alone has no
   * node id until this node has dialled it once; until then its inbound connections are refused like a
   * stranger's, because the listen address an inbound peer advertises is an unchecked claim.
   */
  KNOWN_PEERS_ONLY,
  /** Anyone on the node's network, within the inbound limit: a public peer-to-peer node. */
  ANYONE
}
