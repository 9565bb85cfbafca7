package dev.peerage.core.discovery;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.discovery.DiscoverySourceName;
import dev.peerage.core.spi.DiscoverySource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Discovery from a fixed list of addresses, such as a file the host read, a configuration entry or
 * a test fixture. {@link #discover} completes at once with the list.
 *
 * <p>The addresses are returned as given (only repeats are removed): unlike {@link
 * DnsSeedDiscovery}, unroutable addresses are kept, since a host that lists LAN addresses on
 * purpose means them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StaticDiscovery implements DiscoverySource {

  /**
   * Most addresses one source may hold: more than the default address book can store (81,920), so a
   * real list never hits it, while a runaway input fails loudly instead of exhausting memory.
   */
  public static final int MAX_ADDRESSES = 100_000;

  private final String name;
  private final NetworkId network;
  private final List<PeerAddress> addresses;
  private final CompletableFuture<List<PeerAddress>> result;

  private StaticDiscovery(String name, NetworkId network, List<PeerAddress> addresses) {
    this.name = DiscoverySourceName.check(name);
    this.network = network;
    Objects.requireNonNull(addresses, "addresses");
    if (addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          "a static discovery source holds at most "
              + MAX_ADDRESSES
              + " addresses, got "
              + addresses.size());
    }
    LinkedHashSet<PeerAddress> distinct = new LinkedHashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      distinct.add(Objects.requireNonNull(addresses.get(i), "address at index " + i));
    }
    this.addresses = List.copyOf(distinct);
    this.result = CompletableFuture.completedFuture(this.addresses);
  }

  /**
   * Creates a source that offers {@code addresses} for every network asked.
   *
   * @param name the name for logs and statistics, 1 to 100 printable ASCII characters without
   *     spaces, for example {@code "static:peers.txt"}
   * @param addresses the addresses, at most {@value #MAX_ADDRESSES}; copied, repeats kept once
   * @return the source
   * @throws NullPointerException if an argument or an address is {@code null}
   * @throws IllegalArgumentException if the name breaks its rule or there are too many addresses
   */
  public static StaticDiscovery of(String name, List<PeerAddress> addresses) {
    return new StaticDiscovery(name, null, addresses);
  }

  /**
   * Creates a source that offers {@code addresses} for {@code network} only, and nothing for any
   * other network.
   *
   * @param name the name for logs and statistics, 1 to 100 printable ASCII characters without
   *     spaces
   * @param network the network the addresses belong to
   * @param addresses the addresses, at most {@value #MAX_ADDRESSES}; copied, repeats kept once
   * @return the source
   * @throws NullPointerException if an argument or an address is {@code null}
   * @throws IllegalArgumentException if the name breaks its rule or there are too many addresses
   */
  public static StaticDiscovery of(String name, NetworkId network, List<PeerAddress> addresses) {
    return new StaticDiscovery(name, Objects.requireNonNull(network, "network"), addresses);
  }

  /**
   * Returns the name given at creation.
   *
   * @return the name
   */
  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the addresses in the order given, without repeats.
   *
   * @return an unmodifiable list
   */
  public List<PeerAddress> addresses() {
    return addresses;
  }

  /**
   * Returns the only network this source serves, if one was given.
   *
   * @return the network, or empty if the source serves every network
   */
  public Optional<NetworkId> network() {
    return Optional.ofNullable(network);
  }

  /**
   * Completes at once with {@link #addresses()}, or with an empty list if this source serves
   * another network.
   *
   * @param network the network asked for
   * @return an already completed stage
   * @throws NullPointerException if {@code network} is {@code null}
   */
  @Override
  public CompletionStage<List<PeerAddress>> discover(NetworkId network) {
    Objects.requireNonNull(network, "network");
    if (this.network != null && !this.network.equals(network)) {
      return CompletableFuture.completedFuture(List.of());
    }
    return result.minimalCompletionStage();
  }

  /**
   * Describes this source.
   *
   * @return the name and the number of addresses
   */
  @Override
  public String toString() {
    return "StaticDiscovery["
        + name
        + ", "
        + addresses.size()
        + " addresses"
        + (network != null ? ", network " + network : "")
        + "]";
  }
}
