package dev.peerage.core;

/** Whom a node accepts inbound connections from. Banned addresses and node ids are always refused. */
public enum InboundPolicy {
  /**
   * Only enabled managed peers of the node's network (matched by node id, or by address when a peer has
   * no node id yet): a private sync group where every device was paired on purpose (seed 001).
   */
  KNOWN_PEERS_ONLY,
  /** Anyone on the node's network, within the inbound limit: a public peer-to-peer node. */
  ANYONE
}
