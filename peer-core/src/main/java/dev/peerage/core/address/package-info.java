/**
 * How peers are named: {@link dev.peerage.core.address.PeerAddress} (an IP literal or host name with
 * a port, classified as routable, local or private), its network group ({@link
 * dev.peerage.core.address.NetGroup}, the unit of diversity), {@link
 * dev.peerage.core.address.Subnet} (the unit of bans), {@link dev.peerage.core.address.NetworkId}
 * (which network a peer belongs to), and a node's Ed25519 identity ({@link
 * dev.peerage.core.address.NodeId}, {@link dev.peerage.core.address.NodeIdentity}).
 *
 * <p>Start reading at {@code PeerAddress.parse}. Every type here is an immutable value; parsing fails
 * with a typed exception that quotes the bad input. This package depends on nothing else in Peerage.
 */
package dev.peerage.core.address;
