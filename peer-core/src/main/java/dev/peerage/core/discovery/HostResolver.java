package dev.peerage.core.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves host names to IP addresses. {@link #jdk()} uses the JVM's resolver; tests pass a fake so
 * that they never touch real DNS.
 *
 * <p>Implementations must be thread-safe: lookups of several names may run at the same time.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Looks up the addresses of {@code hostName}. May block for as long as the lookup takes, so
   * callers run it on an executor, never on a scheduler or event-loop thread.
   *
   * @param hostName a host name in its canonical form (lower case, without a trailing dot)
   * @return the addresses found, in the resolver's order; an implementation that finds none should
   *     throw {@link UnknownHostException} rather than return an empty list
   * @throws UnknownHostException if the name does not resolve
   */
  List<InetAddress> resolve(String hostName) throws UnknownHostException;

  /**
   * Returns the resolver of the JVM, {@link InetAddress#getAllByName(String)}: it follows the
   * operating system's configuration and the JVM's cache ({@code networkaddress.cache.ttl}, by
   * default 30 seconds for successful lookups and 10 seconds for failed ones).
   *
   * @return the JVM's resolver; thread-safe
   */
  static HostResolver jdk() {
    return hostName -> List.of(InetAddress.getAllByName(hostName));
  }
}
