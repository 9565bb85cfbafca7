/**
 * Managed peers: the peers a person or the host configured on purpose ({@link
 * dev.peerage.core.peer.PeerEntry}, with its flags, source and statistics) and the pairing tickets
 * that carry a peer's address and node id from one device to another ({@link
 * dev.peerage.core.peer.PeerTicket}).
 *
 * <p>Start reading at {@code PeerEntry.builder}. Entries are immutable; the peer manager stores and
 * changes them ({@code PeerManager.addPeer}, {@code updatePeer}). Depends only on {@code .address}.
 */
package dev.peerage.core.peer;
