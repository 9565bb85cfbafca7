package dev.peerage.benchmarks;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.internal.ban.BanList;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long {@link BanList#isBanned(PeerAddress)} takes against a large ban list: the check a node
 * makes for every inbound connection and every address it is about to dial or share.
 *
 * <p>The list holds {@link #bans} subnet bans (100,000 by default, the default {@code maxBans}),
 * an even mix of IPv4 {@code /32}, {@code /24} and {@code /16} and IPv6 {@code /128}, {@code /64}
 * and {@code /48}, half of them timed and half permanent, generated from a fixed seed. Lookups
 * cycle through 4,096 prepared addresses of both families so that caches and branch predictors
 * see a realistic spread:
 *
 * <ul>
 *   <li>{@link #hit()}: each address lies inside a random ban, so the lookup stops at that ban's
 *       prefix length ({@code /32} hits stop at the first of the three lengths in use);
 *   <li>{@link #miss()}: no ban contains the address, the worst case, probing all three prefix
 *       lengths of its family.
 * </ul>
 *
 * <p>Run with {@code java -jar peer-benchmarks/target/benchmarks.jar BanList}; for a quick look
 * add {@code -f 1 -wi 2 -i 3 -w 1 -r 1}. Results are in nanoseconds per lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BanListBenchmark {

  private static final int[] IPV4_PREFIXES = {32, 24, 16};
  private static final int[] IPV6_PREFIXES = {128, 64, 48};
  private static final int PROBES = 4_096;

  /** Number of bans in the list. */
  @Param("100000")
  public int bans;

  private BanList banList;
  private PeerAddress[] hits;
  private PeerAddress[] misses;
  private int next;

  /** Builds the ban list and the addresses to look up; the same for every run. */
  @Setup(Level.Trial)
  public void setUp() {
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    banList = BanList.builder().clock(InstantSource.fixed(start)).build();
    SplittableRandom random = new SplittableRandom(42);
    List<Subnet> subnets = new ArrayList<>(bans);
    while (banList.size() < bans) {
      boolean ipv4 = random.nextBoolean();
      int prefix = (ipv4 ? IPV4_PREFIXES : IPV6_PREFIXES)[random.nextInt(3)];
      Subnet subnet = Subnet.of(randomAddress(random, ipv4), prefix);
      Optional<Instant> until = random.nextBoolean()
          ? Optional.empty()
          : Optional.of(start.plusSeconds(3_600 + random.nextInt(86_400)));
      int before = banList.size();
      banList.ban(subnet, until, "benchmark", List.of());
      if (banList.size() > before) {
        subnets.add(subnet);
      }
    }
    hits = new PeerAddress[PROBES];
    misses = new PeerAddress[PROBES];
    for (int i = 0; i < PROBES; i++) {
      hits[i] = addressIn(random, subnets.get(random.nextInt(subnets.size())));
      PeerAddress miss;
      do {
        miss = randomAddress(random, random.nextBoolean());
      } while (banList.isBanned(miss));
      misses[i] = miss;
    }
    for (PeerAddress hit : hits) {
      if (!banList.isBanned(hit)) {
        throw new IllegalStateException("prepared hit " + hit + " is not banned");
      }
    }
  }

  /**
   * Looks up an address that some ban contains.
   *
   * @return whether it is banned (always {@code true}), so the lookup is not optimised away
   */
  @Benchmark
  public boolean hit() {
    return banList.isBanned(hits[next++ & (PROBES - 1)]);
  }

  /**
   * Looks up an address that no ban contains.
   *
   * @return whether it is banned (always {@code false}), so the lookup is not optimised away
   */
  @Benchmark
  public boolean miss() {
    return banList.isBanned(misses[next++ & (PROBES - 1)]);
  }

  private static PeerAddress randomAddress(SplittableRandom random, boolean ipv4) {
    byte[] bytes = new byte[ipv4 ? 4 : 16];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    if (!ipv4) {
      // Global unicast 2000::/3, so no address is read back as IPv4-mapped.
      bytes[0] = (byte) (0x20 | (bytes[0] & 0x1F));
    }
    return PeerAddress.ofIp(bytes, 8333);
  }

  private static PeerAddress addressIn(SplittableRandom random, Subnet subnet) {
    byte[] bytes = subnet.networkBytes();
    for (int bit = subnet.prefixLength(); bit < bytes.length * 8; bit++) {
      if (random.nextBoolean()) {
        bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
      }
    }
    return PeerAddress.ofIp(bytes, 8333);
  }
}
