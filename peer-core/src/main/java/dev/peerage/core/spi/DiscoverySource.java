package dev.peerage.core.spi;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A way to find candidate peer addresses: DNS seeds ({@link dev.peerage.core.discovery.DnsSeedDiscovery}), a fixed list
 * ({@link dev.peerage.core.discovery.StaticDiscovery}), or anything a host writes itself, such as mDNS on a local network, a
 * tracker or a file it re-reads.
 *
 * <p>Addresses found this way are untrusted leads: the peer manager adds them to the address book,
 * which decides whether and when to dial them.
 *
 * <h2>Contract for implementations</h2>
 *
 * <ul>
 *   <li>{@link #discover} returns quickly: blocking work (name lookups, file or network reads) runs
 *       on an executor, never on the calling thread, which may be the manager's scheduler.
 *   <li>Failures complete the returned stage exceptionally (preferably with a {@link
 *       DiscoveryException} that says what failed); {@code discover} itself does not throw for
 *       them. Finding nothing is not a failure: the stage completes with an empty list.
 *   <li>The list is bounded (say what the bound is), holds no {@code null} and no duplicates, and
 *       is not modified afterwards.
 *   <li>A source that does not serve the given network completes with an empty list.
 *   <li>Implementations are thread-safe: {@code discover} may be called again before an earlier
 *       call has completed, and from any thread.
 * </ul>
 *
 * <p>The caller applies its own timeout; a source need not.
 */
public interface DiscoverySource {

  /**
   * Returns a short name for logs and statistics, such as {@code "dns:seed.example.org"} or {@code
   * "static:bootstrap"}.
   *
   * @return the name: 1 to 100 printable ASCII characters without spaces
   */
  String name();

  /**
   * Starts looking for peer addresses of {@code network}.
   *
   * @param network the network the addresses are wanted for
   * @return a stage that completes with the addresses found (possibly none), or exceptionally if
   *     the source failed
   * @throws NullPointerException if {@code network} is {@code null} (a programming error; all other
   *     failures are reported through the stage)
   */
  CompletionStage<List<PeerAddress>> discover(NetworkId network);
}
