package dev.peerage.core.peer;

import dev.peerage.core.address.NetworkId;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter over managed peers for {@link dev.peerage.core.PeerManager#peers(PeerQuery)}. Immutable; each method returns a
 * narrowed copy. {@code PeerQuery.all().network(NetworkId.MAIN).enabled(true)} lists the enabled peers of
 * main.
 */
public final class PeerQuery {
  private static final PeerQuery ALL =
      new PeerQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  private final Optional<NetworkId> network;
  private final Optional<PeerSource> source;
  private final Optional<Boolean> enabled;
  private final Optional<Boolean> connected;

  private PeerQuery(Optional<NetworkId> network, Optional<PeerSource> source,
      Optional<Boolean> enabled, Optional<Boolean> connected) {
    this.network = network;
    this.source = source;
    this.enabled = enabled;
    this.connected = connected;
  }

  /**
   * The query that matches every managed peer.
   *
   * @return the unrestricted query
   */
  public static PeerQuery all() {
    return ALL;
  }

  /**
   * Restricts to one network.
   *
   * @param network the network
   * @return a narrowed query
   */
  public PeerQuery network(NetworkId network) {
    return new PeerQuery(Optional.of(network), source, enabled, connected);
  }

  /**
   * Restricts to one source.
   *
   * @param source the source
   * @return a narrowed query
   */
  public PeerQuery source(PeerSource source) {
    return new PeerQuery(network, Optional.of(source), enabled, connected);
  }

  /**
   * Restricts to enabled or to disabled peers.
   *
   * @param enabled which
   * @return a narrowed query
   */
  public PeerQuery enabled(boolean enabled) {
    return new PeerQuery(network, source, Optional.of(enabled), connected);
  }

  /**
   * Restricts to connected or to unconnected peers.
   *
   * @param connected which
   * @return a narrowed query
   */
  public PeerQuery connected(boolean connected) {
    return new PeerQuery(network, source, enabled, Optional.of(connected));
  }

  /**
   * Tests a peer.
   *
   * @param peer the peer
   * @param isConnected whether it is connected now
   * @return {@code true} if it matches every restriction
   */
  public boolean matches(PeerEntry peer, boolean isConnected) {
    Objects.requireNonNull(peer, "peer");
    return network.map(n -> n.equals(peer.network())).orElse(true)
        && source.map(s -> s == peer.source()).orElse(true)
        && enabled.map(e -> e == peer.enabled()).orElse(true)
        && connected.map(c -> c == isConnected).orElse(true);
  }

  @Override
  public String toString() {
    return "PeerQuery{network=" + network.map(NetworkId::name).orElse("*") + ", source="
        + source.map(Enum::name).orElse("*") + ", enabled=" + enabled.map(String::valueOf).orElse("*")
        + ", connected=" + connected.map(String::valueOf).orElse("*") + "}";
  }
}
