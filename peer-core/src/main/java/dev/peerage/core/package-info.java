/**
 * Peerage's core: the peer model ({@code PeerAddress}, {@code PeerEntry},
 * {@code NodeId}), and, as later parts land, the address book, bans, scoring and the peer
 * manager with its {@code Transport} and {@code PeerStore} SPIs.
 *
 * <p>Start reading at {@code PeerAddress} for how peers are addressed and classified, and at
 * {@code PeerEntry} for what Peerage remembers about a peer someone configured on purpose.
 * Every public type here is thread-safe unless its documentation says otherwise; implementation classes live
 * in {@code dev.peerage.core.internal} and are not API.
 */
package dev.peerage.core;
