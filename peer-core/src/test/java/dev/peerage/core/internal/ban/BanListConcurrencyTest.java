package dev.peerage.core.internal.ban;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanRecord.Action;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.ban.MisbehaviourKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several threads ban, unban and look up at once. Each writer owns its own addresses, so it can
 * check that its own changes are seen at once; readers check bans that never change; at the end
 * the list must hold exactly what the writers left and be internally consistent.
 */
class BanListConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int READERS = 3;
  private static final int OPERATIONS = 4_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS + 1);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void concurrentBansUnbansAndLookupsStayCorrect() throws Exception {
    AdvancingClock clock = new AdvancingClock();
    BanList bans = BanList.builder().clock(clock).build();
    List<PeerAddress> fixed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      bans.ban(Subnet.parse("10." + i + ".0.0/16"), Optional.empty(), "fixed", List.of());
      fixed.add(PeerAddress.parse("10." + i + ".7.7:1"));
      bans.ban(Subnet.parse("2001:db8:" + Integer.toHexString(i) + "::/48"), Optional.empty(),
          "fixed", List.of());
      fixed.add(PeerAddress.parse("[2001:db8:" + Integer.toHexString(i) + ":1::1]:1"));
    }
    PeerAddress neverBanned = PeerAddress.parse("192.168.1.1:1");
    Instant farFuture = clock.instant().plus(Duration.ofDays(30));

    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<Set<Subnet>>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit(() -> {
        start.await();
        SplittableRandom random = new SplittableRandom(writer);
        Set<Subnet> mine = new HashSet<>();
        for (int op = 0; op < OPERATIONS; op++) {
          // Writer w owns 172.(16+w).0.0/16 and 2001:db8:ff0w::/48.
          Subnet subnet = random.nextBoolean()
              ? Subnet.parse("172." + (16 + writer) + "." + random.nextInt(4) + "."
                  + random.nextInt(64) + "/32")
              : Subnet.parse("2001:db8:ff0" + writer + ":" + random.nextInt(4) + "::/64");
          PeerAddress inside = PeerAddress.ofIp(subnet.networkBytes(), 1);
          if (mine.contains(subnet) && random.nextBoolean()) {
            assertThat(bans.unban(subnet)).isTrue();
            mine.remove(subnet);
            assertThat(bans.isBanned(inside)).isFalse();
          } else {
            Optional<Instant> until = random.nextBoolean() ? Optional.empty()
                : Optional.of(farFuture.plusSeconds(random.nextInt(1000)));
            bans.ban(subnet, until, "writer " + writer, List.of());
            mine.add(subnet);
            assertThat(bans.isBanned(inside)).isTrue();
          }
        }
        return mine;
      }));
    }
    List<Future<Long>> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      readers.add(pool.submit(() -> {
        start.await();
        long lookups = 0;
        do {
          for (PeerAddress address : fixed) {
            assertThat(bans.banOf(address)).isPresent();
            lookups++;
          }
          assertThat(bans.isBanned(neverBanned)).isFalse();
        } while (writing.get());
        return lookups;
      }));
    }
    Future<Integer> observer = pool.submit(observe(bans, start, writing));

    start.countDown();
    Set<Subnet> expected = new HashSet<>();
    for (Future<Set<Subnet>> writer : writers) {
      expected.addAll(writer.get(60, TimeUnit.SECONDS));
    }
    writing.set(false);
    for (Future<Long> reader : readers) {
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    }
    assertThat(observer.get(60, TimeUnit.SECONDS)).isPositive();

    bans.checkConsistency();
    Set<Subnet> stored = bans.bans().stream()
        .filter(e -> e.reason().startsWith("writer"))
        .map(e -> ((BanTarget.SubnetTarget) e.target()).subnet())
        .collect(Collectors.toSet());
    assertThat(stored).isEqualTo(expected);
    assertThat(bans.size()).isEqualTo(expected.size() + fixed.size());
  }

  /** Takes snapshots, sweeps and reads history while the writers work. */
  private static Callable<Integer> observe(
      BanList bans, CountDownLatch start, AtomicBoolean writing) {
    return () -> {
      start.await();
      int rounds = 0;
      do {
        BanListSnapshot snapshot = bans.snapshot();
        assertThat(snapshot.bans().size()).isGreaterThanOrEqualTo(100);
        assertThat(bans.sweepExpired()).isZero();
        assertThat(bans.history()).allMatch(r -> r.action() != Action.EXPIRED);
        assertThat(bans.bans().size()).isGreaterThanOrEqualTo(100);
        rounds++;
      } while (writing.get());
      return rounds;
    };
  }

  @Test
  void concurrentReportsAboutOnePeerBanItOnce() throws Exception {
    AdvancingClock clock = new AdvancingClock();
    BanList bans = BanList.builder().clock(clock).build();
    MisbehaviourTracker tracker = MisbehaviourTracker.builder().banList(bans).build();
    PeerAddress peer = PeerAddress.parse("192.0.2.1:1");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> reporters = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      reporters.add(pool.submit(() -> {
        start.await();
        int bansSeen = 0;
        for (int i = 0; i < 200; i++) {
          if (tracker.report(peer, MisbehaviourKind.OTHER, 1, "report " + i).isPresent()) {
            bansSeen++;
          }
        }
        return bansSeen;
      }));
    }
    start.countDown();
    int returnedBans = 0;
    for (Future<Integer> reporter : reporters) {
      returnedBans += reporter.get(60, TimeUnit.SECONDS);
    }

    assertThat(bans.isBanned(peer)).isTrue();
    assertThat(returnedBans).isPositive();
    assertThat(bans.history()).filteredOn(r -> r.action() == Action.BANNED).hasSize(1);
    assertThat(bans.size()).isEqualTo(1);
  }
}
