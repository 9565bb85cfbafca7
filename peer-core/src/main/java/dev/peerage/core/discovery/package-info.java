/**
 * Discovery sources Peerage ships: {@link dev.peerage.core.discovery.DnsSeedDiscovery} (DNS seeds,
 * looked up off the caller's thread through a {@link dev.peerage.core.discovery.HostResolver}) and
 * {@link dev.peerage.core.discovery.StaticDiscovery} (a fixed list).
 *
 * <p>Start reading at {@code DnsSeedDiscovery.builder}. A host with its own source implements {@code
 * dev.peerage.core.spi.DiscoverySource}. Depends on {@code .address} and {@code .spi}.
 */
package dev.peerage.core.discovery;
