package dev.peerage.core.internal.ban;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Compares the ban list's indexed lookup with a linear scan over a plain model of the bans, after
 * random sequences of bans, unbans, clock steps and sweeps over overlapping IPv4 and IPv6 subnets.
 */
class BanListPropertyTest {

  /** Prefix lengths real ban lists use most, so the index gets many bans per length. */
  private static final int[] COMMON_V4 = {32, 24, 16, 8};
  private static final int[] COMMON_V6 = {128, 64, 48, 32};

  @Property(tries = 25)
  void lookupAgreesWithALinearScan(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    AdvancingClock clock = new AdvancingClock();
    BanList bans = BanList.builder().clock(clock).build();
    Map<Subnet, BanEntry> model = new HashMap<>();
    List<PeerAddress> bases = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      bases.add(randomAddress(random));
    }

    for (int step = 0; step < 3_000; step++) {
      int op = random.nextInt(100);
      if (op < 85) {
        // Bans and unbans sweep first; so does the model.
        Instant now = clock.instant();
        model.values().removeIf(e -> !e.isActive(now));
      }
      if (op < 75) {
        Subnet subnet = randomSubnet(random, bases);
        Optional<Instant> until = random.nextInt(5) == 0 ? Optional.empty()
            : Optional.of(clock.instant().plus(Duration.ofMinutes(1 + random.nextInt(600))));
        BanEntry stored = bans.ban(subnet, until, "r", List.of());
        BanEntry existing = model.get(subnet);
        if (existing != null && !endsLater(until, existing.until())) {
          assertThat(stored).isSameAs(existing);
        } else {
          assertThat(stored.until()).isEqualTo(until);
          model.put(subnet, stored);
        }
      } else if (op < 85 && !model.isEmpty()) {
        Subnet subnet = pick(random, new ArrayList<>(model.keySet()));
        BanEntry existing = model.remove(subnet);
        assertThat(bans.unban(subnet)).isTrue();
        assertThat(existing).isNotNull();
      } else if (op < 95) {
        clock.advance(Duration.ofMinutes(random.nextInt(60)));
      } else {
        Instant now = clock.instant();
        long expired = model.values().stream().filter(e -> !e.isActive(now)).count();
        assertThat(bans.sweepExpired()).isEqualTo((int) expired);
        model.values().removeIf(e -> !e.isActive(now));
      }
    }

    Instant now = clock.instant();
    List<Subnet> subnets = new ArrayList<>(model.keySet());
    for (int i = 0; i < 1_500; i++) {
      PeerAddress address = switch (random.nextInt(3)) {
        case 0 -> randomAddress(random);
        case 1 -> subnets.isEmpty() ? randomAddress(random)
            : randomAddressIn(random, pick(random, subnets));
        default -> randomAddressIn(random, Subnet.of(pick(random, bases), 8 + random.nextInt(8)));
      };
      BanEntry expected = linearScan(model, address, now);
      assertThat(bans.banOf(address).orElse(null)).as(address.toString()).isSameAs(expected);
      assertThat(bans.isBanned(address)).isEqualTo(expected != null);
    }
    long active = model.values().stream().filter(e -> e.isActive(now)).count();
    assertThat(bans.bans()).hasSize((int) active);
    bans.checkConsistency();
  }

  private static BanEntry linearScan(Map<Subnet, BanEntry> model, PeerAddress address,
      Instant now) {
    BanEntry best = null;
    for (Map.Entry<Subnet, BanEntry> e : model.entrySet()) {
      if (e.getValue().isActive(now) && e.getKey().contains(address)
          && (best == null || e.getKey().prefixLength() > prefixOf(best))) {
        best = e.getValue();
      }
    }
    return best;
  }

  private static int prefixOf(BanEntry entry) {
    return ((BanTarget.SubnetTarget) entry.target()).subnet().prefixLength();
  }

  private static boolean endsLater(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isPresent();
    }
    return a.get().isAfter(b.get());
  }

  private static Subnet randomSubnet(SplittableRandom random, List<PeerAddress> bases) {
    PeerAddress address = random.nextBoolean() ? pick(random, bases) : randomAddress(random);
    int max = address.isIpv4() ? 32 : 128;
    int prefix;
    if (random.nextInt(3) == 0) {
      prefix = random.nextInt(max + 1);
    } else {
      int[] common = address.isIpv4() ? COMMON_V4 : COMMON_V6;
      prefix = common[random.nextInt(common.length)];
    }
    return Subnet.of(address, prefix);
  }

  private static PeerAddress randomAddress(SplittableRandom random) {
    byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return PeerAddress.ofIp(bytes, 1 + random.nextInt(65535));
  }

  /** A random address inside {@code subnet}: its network bits, random host bits. */
  private static PeerAddress randomAddressIn(SplittableRandom random, Subnet subnet) {
    byte[] bytes = subnet.networkBytes();
    for (int bit = subnet.prefixLength(); bit < bytes.length * 8; bit++) {
      if (random.nextBoolean()) {
        bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
      }
    }
    PeerAddress address = PeerAddress.ofIp(bytes, 1 + random.nextInt(65535));
    assertThat(subnet.contains(address)).isTrue();
    return address;
  }

  private static <T> T pick(SplittableRandom random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
