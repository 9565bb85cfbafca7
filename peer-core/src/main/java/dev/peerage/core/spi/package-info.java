/**
 * What a host plugs into the peer manager: a {@link dev.peerage.core.spi.Transport} (with its {@link
 * dev.peerage.core.spi.Connection}s and the {@link dev.peerage.core.spi.ConnectionHandler} it calls),
 * a {@link dev.peerage.core.spi.PeerStore} (saving whole {@link dev.peerage.core.spi.PeerSnapshot}s),
 * {@link dev.peerage.core.spi.DiscoverySource}s and a {@link dev.peerage.core.spi.Scheduler}.
 *
 * <p>Start reading at {@code Transport} if you are writing a transport (docs/custom-transport.md walks
 * through one, and the {@code peer-testing} artifact has a contract test suite to inherit), at {@code
 * PeerStore} if you are writing a store. {@link dev.peerage.core.spi.InMemoryPeerStore} is the
 * manager's default store. Depends on {@code .address}, {@code .peer}, {@code .book}, {@code .ban}
 * and {@code .score}.
 */
package dev.peerage.core.spi;
