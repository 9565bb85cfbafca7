package dev.peerage.core.peer;

/**
 * Where a managed peer came from. The source is recorded once, when the peer is added, and tells a
 * person reading the peer list, and the policies, how far to trust it. Trust is about who vouched
 * for the address, not about how the peer behaves later; behaviour is what scores and bans are for.
 */
public enum PeerSource {
  /**
   * A default bootstrap peer of the network, shipped with the host software. Trusted as much as the
   * software itself; usually {@linkplain PeerEntry#isProtected() protected}, so a user can disable
   * it but not delete it.
   */
  DEFAULT_BOOTSTRAP,

  /** Added by hand by the node's operator. Trusted: a person chose it on purpose. */
  MANUAL,

  /**
   * Added from a pairing ticket that the remote node's operator handed over. Trusted like {@link
   * #MANUAL}, and the ticket usually carries the node id, so the peer can be authenticated.
   */
  TICKET,

  /**
   * Added from an imported peer list (a file or another node's export). Trusted as much as the
   * person who chose to import it; the content was validated entry by entry.
   */
  IMPORT,

  /**
   * Learned from a network seed (for example a DNS seed) and promoted to a managed peer. Trusted as
   * much as the seed operator; the seed could list anyone.
   */
  SEED,

  /**
   * Learned from another peer through peer exchange and promoted to a managed peer. Untrusted by
   * default: any peer can claim any address.
   */
  EXCHANGE,

  /**
   * A peer that connected to us and was promoted to a managed peer. Untrusted by default: its
   * address is only where it connected from.
   */
  INBOUND,

  /**
   * Restored from the node's own cache of peers that worked before, when the original source was
   * not recorded. Trusted only as far as past success goes.
   */
  CACHE,

  /**
   * A node that connected to us while the host had a pairing window open ({@code
   * PeerManager.openPairing}) and was made a managed peer. Trusted like {@link #TICKET}, the other
   * side of the same exchange: the host showed its ticket on purpose, and the node id is the one the
   * joiner authenticated in the handshake. Its address is the listen address the joiner advertised,
   * or where it connected from if it advertised none.
   */
  PAIRED
}
