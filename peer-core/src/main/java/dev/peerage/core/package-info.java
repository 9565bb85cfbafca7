/**
 * The peer manager: the one object a host builds, starts and closes. It keeps the managed peers, asks
 * the address book for candidates, dials within limits and backoff, admits or refuses inbound
 * connections, applies bans and scores, publishes events and statistics, and saves through a store.
 *
 * <p>Start reading at {@link dev.peerage.core.PeerManager} (and its builder), then {@link
 * dev.peerage.core.PeerManagerConfig} for every setting with its default, {@link
 * dev.peerage.core.PeerEvent} for what listeners see and {@link dev.peerage.core.PeerStatus} for a
 * peer's state.
 *
 * <p>The packages below this one, each depending only on those beneath it: {@code .address} (how
 * peers are named), {@code .peer} (managed peers and pairing tickets), {@code .book}, {@code .ban},
 * {@code .score} (the address book, bans and scores), {@code .spi} (what a host plugs in: transports,
 * stores, discovery, schedulers), {@code .discovery} (DNS and static seeds) and, above the manager,
 * {@code .testing} (virtual time and an in-memory network for tests). Implementations live in {@code
 * dev.peerage.core.internal.*} and are not API. Every public type is thread-safe unless its
 * documentation says otherwise.
 */
package dev.peerage.core;
