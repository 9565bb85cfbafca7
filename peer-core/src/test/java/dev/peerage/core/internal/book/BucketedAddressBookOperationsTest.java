package dev.peerage.core.internal.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.book.SelectionFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Randomised operation sequences with the consistency check after every step, and a multi-threaded stress
 * run: Caffeine's habit of validating every invariant, applied to the address book.
 */
class BucketedAddressBookOperationsTest {

  /** Small tables so collisions, evictions and re-bucketing happen often. */
  private static final AddressBookConfig SMALL = AddressBookConfig.builder()
      .tables(16, 4, 8).newBucketsPerSourceGroup(4).triedBucketsPerGroup(2).maxCollisions(4).build();

  private static PeerAddress randomAddress(Random random) {
    if (random.nextInt(4) == 0) {
      return PeerAddress.parse("[2a0" + random.nextInt(4) + ":" + Integer.toHexString(random.nextInt(8))
          + "::" + Integer.toHexString(1 + random.nextInt(300)) + "]:" + (1 + random.nextInt(3)));
    }
    return PeerAddress.parse((20 + random.nextInt(12)) + "." + random.nextInt(4) + "."
        + random.nextInt(20) + "." + (1 + random.nextInt(40)) + ":" + (1 + random.nextInt(3)));
  }

  @Property(tries = 25)
  void everyOperationSequenceKeepsTheBookConsistent(@ForAll long seed) {
    Random random = new Random(seed);
    TestClock clock = new TestClock();
    AddressBookConfig config = random.nextBoolean() ? SMALL : AddressBookConfig.defaults();
    BucketedAddressBook book = BucketedAddressBook.builder().config(config).clock(clock)
        .random(new Random(seed + 1)).build();
    List<PeerAddress> known = new ArrayList<>();
    for (int step = 0; step < 400; step++) {
      clock.advance(Duration.ofSeconds(random.nextInt(600)));
      PeerAddress target = known.isEmpty() || random.nextInt(3) == 0
          ? randomAddress(random) : known.get(random.nextInt(known.size()));
      switch (random.nextInt(12)) {
        case 0, 1, 2 -> {
          List<TimestampedAddress> batch = new ArrayList<>();
          for (int i = random.nextInt(20); i >= 0; i--) {
            PeerAddress address = randomAddress(random);
            batch.add(new TimestampedAddress(address,
                clock.instant().minus(Duration.ofHours(random.nextInt(24 * 40)))));
            known.add(address);
          }
          book.add(batch, randomAddress(random), Duration.ofMinutes(random.nextInt(180)));
        }
        case 3, 4 -> book.markGood(target);
        case 5 -> book.markAttempt(target, random.nextBoolean());
        case 6 -> book.markConnected(target);
        case 7 -> book.remove(target);
        case 8 -> book.resolveCollisions();
        case 9 -> book.collisionToTest().ifPresent(e -> book.markAttempt(e.address(), true));
        case 10 -> book.select(SelectionFilter.builder().exclude(a -> a.hashCode() % 3 == 0).build())
            .ifPresent(e -> assertThat(e.address().hashCode() % 3).isNotZero());
        default -> {
          int before = book.size();
          int dropped = book.restore(book.snapshot());
          assertThat(dropped).isZero();
          assertThat(book.size()).isEqualTo(before);
        }
      }
      book.checkConsistency();
    }
  }

  @Test
  void concurrentAddsSelectsAndOutcomesKeepTheBookConsistent() throws Exception {
    BucketedAddressBook book = BucketedAddressBook.builder().config(SMALL).build();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          int selected = 0;
          for (int i = 0; i < 20_000; i++) {
            PeerAddress address = randomAddress(random);
            switch (random.nextInt(6)) {
              case 0 -> book.add(address, randomAddress(random));
              case 1 -> book.markGood(address);
              case 2 -> book.markAttempt(address, true);
              case 3 -> book.remove(address);
              case 4 -> book.addressesToShare(100, 50);
              default -> selected += book.select().isPresent() ? 1 : 0;
            }
          }
          return selected;
        }));
      }
      int selected = 0;
      for (Future<Integer> result : results) {
        selected += result.get(60, TimeUnit.SECONDS);
      }
      assertThat(selected).isPositive();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    book.checkConsistency();
  }
}
