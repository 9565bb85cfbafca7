package dev.peerage.core.internal.ban;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanTarget;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subnet bans of a ban list, indexed so that finding the bans that contain an address takes
 * one hash lookup per prefix length in use, never a scan of the bans.
 *
 * <h2>How a lookup works</h2>
 *
 * <p>All bans sit in one hash map keyed by their {@link Subnet}. Each family also keeps the list
 * of prefix lengths that at least one ban uses, longest first. To look up an address, take each
 * listed prefix length, cut the address to a subnet of that length and look it up: at most 33
 * lookups for IPv4 and 129 for IPv6, and in practice a handful, since real ban lists use few
 * lengths ({@code /32}, {@code /24}, {@code /16}; {@code /128}, {@code /64}, {@code /48}). Going
 * longest first makes the first active hit the most specific ban. The cost does not grow with the
 * number of bans, only with the number of distinct prefix lengths.
 *
 * <p>A binary trie would bound the work by the address length as well, but needs a node per bit
 * of every ban and a pointer chase per bit; with a few prefix lengths the hash lookups are fewer
 * and each touches less memory.
 *
 * <h2>Threads</h2>
 *
 * <p>Lookups are lock-free and may run on any thread at any time. Changes ({@link #put},
 * {@link #remove}, {@link #clear}) must be made by one thread at a time: the owner serialises
 * them with its own lock. A change becomes visible to lookups when the method returns; a lookup
 * running at the same time sees the ban either before or after the change.
 */
public final class SubnetBanIndex {

  private final Map<Subnet, BanEntry> bans = new ConcurrentHashMap<>();
  private final Collection<BanEntry> view = Collections.unmodifiableCollection(bans.values());
  /** Bans per IPv4 prefix length; written only by the serialised writer. */
  private final int[] ipv4Counts = new int[33];
  /** Bans per IPv6 prefix length; written only by the serialised writer. */
  private final int[] ipv6Counts = new int[129];
  /**
   * The IPv4 prefix lengths in use, longest first. Replaced, never changed in place, and only when
   * a length comes into or out of use, so readers iterate a stable array.
   */
  private volatile int[] ipv4Prefixes = new int[0];
  /** As {@link #ipv4Prefixes}, for IPv6. */
  private volatile int[] ipv6Prefixes = new int[0];

  /** Creates an empty index. */
  public SubnetBanIndex() {}

  /**
   * Returns the most specific active ban whose subnet contains {@code address}, or {@code null}.
   * Reads the clock only when a candidate ban is found, so a miss costs no clock read. Host names
   * are never contained in a subnet.
   *
   * @param address the address to look up
   * @param clock the clock that decides whether a ban is still active
   * @return the ban with the longest prefix among the active bans containing the address, or
   *     {@code null}
   */
  public BanEntry mostSpecificActive(PeerAddress address, InstantSource clock) {
    if (address.isHostName()) {
      return null;
    }
    int[] prefixes = address.isIpv4() ? ipv4Prefixes : ipv6Prefixes;
    Instant now = null;
    for (int prefix : prefixes) {
      BanEntry entry = bans.get(Subnet.of(address, prefix));
      if (entry != null) {
        if (now == null) {
          now = clock.instant();
        }
        if (entry.isActive(now)) {
          return entry;
        }
      }
    }
    return null;
  }

  /**
   * Returns the ban stored for exactly this subnet, active or not.
   *
   * @param subnet the subnet
   * @return the ban, or {@code null}
   */
  public BanEntry get(Subnet subnet) {
    return bans.get(subnet);
  }

  /**
   * Stores {@code entry} for {@code subnet}, replacing any ban stored for it in one step, so a
   * concurrent lookup never sees the subnet unbanned in between. Writers only.
   *
   * @param subnet the subnet
   * @param entry the ban
   * @return the replaced ban, or {@code null}
   */
  public BanEntry put(Subnet subnet, BanEntry entry) {
    Objects.requireNonNull(entry, "entry");
    BanEntry previous = bans.put(subnet, entry);
    if (previous == null && adjustCount(subnet, 1) == 1) {
      // Published after the map change, so a reader that sees the length also sees the ban.
      publishPrefixes(subnet.isIpv4());
    }
    return previous;
  }

  /**
   * Removes the ban stored for {@code subnet}. Writers only.
   *
   * @param subnet the subnet
   * @return the removed ban, or {@code null} if there was none
   */
  public BanEntry remove(Subnet subnet) {
    BanEntry previous = bans.remove(subnet);
    if (previous != null && adjustCount(subnet, -1) == 0) {
      publishPrefixes(subnet.isIpv4());
    }
    return previous;
  }

  /** Removes every ban. Writers only. */
  public void clear() {
    bans.clear();
    Arrays.fill(ipv4Counts, 0);
    Arrays.fill(ipv6Counts, 0);
    publishPrefixes(true);
    publishPrefixes(false);
  }

  /**
   * Returns the number of stored bans, active or not.
   *
   * @return the count
   */
  public int size() {
    return bans.size();
  }

  /**
   * Returns a live, unmodifiable view of the stored bans, active or not; iterating it while a
   * writer works is safe and sees some of the changes.
   *
   * @return the bans
   */
  public Collection<BanEntry> entries() {
    return view;
  }

  /**
   * Checks that the prefix counts and lists agree with the stored bans. For tests; call while no
   * writer works.
   *
   * @throws IllegalStateException if they disagree
   */
  public void checkConsistency() {
    int[] v4 = new int[33];
    int[] v6 = new int[129];
    for (Map.Entry<Subnet, BanEntry> e : bans.entrySet()) {
      Subnet subnet = e.getKey();
      (subnet.isIpv4() ? v4 : v6)[subnet.prefixLength()]++;
      if (!e.getValue().target().equals(BanTarget.of(subnet))) {
        throw new IllegalStateException("ban " + e.getValue() + " is stored under " + subnet);
      }
    }
    if (!Arrays.equals(v4, ipv4Counts) || !Arrays.equals(v6, ipv6Counts)) {
      throw new IllegalStateException("prefix counts disagree with the stored bans");
    }
    if (!Arrays.equals(ipv4Prefixes, prefixesInUse(v4))
        || !Arrays.equals(ipv6Prefixes, prefixesInUse(v6))) {
      throw new IllegalStateException("published prefix lengths disagree with the stored bans");
    }
  }

  private int adjustCount(Subnet subnet, int delta) {
    int[] counts = subnet.isIpv4() ? ipv4Counts : ipv6Counts;
    counts[subnet.prefixLength()] += delta;
    return counts[subnet.prefixLength()];
  }

  private void publishPrefixes(boolean ipv4) {
    if (ipv4) {
      ipv4Prefixes = prefixesInUse(ipv4Counts);
    } else {
      ipv6Prefixes = prefixesInUse(ipv6Counts);
    }
  }

  private static int[] prefixesInUse(int[] counts) {
    int used = 0;
    for (int count : counts) {
      if (count > 0) {
        used++;
      }
    }
    int[] prefixes = new int[used];
    int next = 0;
    for (int prefix = counts.length - 1; prefix >= 0; prefix--) {
      if (counts[prefix] > 0) {
        prefixes[next++] = prefix;
      }
    }
    return prefixes;
  }
}
