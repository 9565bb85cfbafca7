package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenBucketTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Bitcoin Core's address gossip limit: 0.1 tokens per second, a burst of 1000. */
  private static final double ADDR_RATE = 0.1;

  private static final double ADDR_BURST = 1000;

  private final VirtualTime time = new VirtualTime(T0);

  @Test
  void addressGossipLimitRefillsExactlyOneTokenEveryTenSeconds() {
    TokenBucket bucket = new TokenBucket(time, ADDR_BURST, ADDR_RATE);
    assertThat(bucket.available()).isEqualTo(1000.0);
    assertThat(bucket.tryTakeWholeUpTo(5000)).isEqualTo(1000);
    assertThat(bucket.available()).isZero();
    assertThat(bucket.tryTake(1)).isFalse();

    time.advance(Duration.ofSeconds(10));
    assertThat(bucket.available()).isEqualTo(1.0);
    assertThat(bucket.tryTake(1)).isTrue();
    assertThat(bucket.tryTake(1)).isFalse();
  }

  @Test
  void readingOftenDoesNotMakeTheRefillDrift() {
    TokenBucket bucket = new TokenBucket(time, ADDR_BURST, ADDR_RATE, 0);
    // Ten steps of 0.1 tokens add up to 0.9999999999999999 in floating point; the bucket must not.
    for (int i = 0; i < 10; i++) {
      time.advance(Duration.ofSeconds(1));
      bucket.available();
      assertThat(bucket.tryTake(1)).as("after %d s", i + 1).isEqualTo(i == 9);
    }
    assertThat(bucket.available()).isZero();
  }

  @Test
  void aTokenIsNotAvailableOneNanosecondEarly() {
    TokenBucket bucket = new TokenBucket(time, ADDR_BURST, ADDR_RATE, 0);
    time.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(bucket.tryTake(1)).isFalse();
    time.advance(Duration.ofNanos(1));
    assertThat(bucket.tryTake(1)).isTrue();
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    TokenBucket bucket = new TokenBucket(time, 10, 1, 0);
    time.advance(Duration.ofDays(365));
    assertThat(bucket.available()).isEqualTo(10.0);
    assertThat(bucket.tryTakeUpTo(25)).isEqualTo(10.0);
    assertThat(bucket.available()).isZero();
  }

  @Test
  void startsWithTheInitialTokens() {
    TokenBucket bucket = new TokenBucket(time, 4, 2, 1.5);
    assertThat(bucket.available()).isEqualTo(1.5);
    time.advance(Duration.ofMillis(250));
    assertThat(bucket.available()).isEqualTo(2.0);
    assertThat(bucket.capacity()).isEqualTo(4.0);
    assertThat(bucket.tokensPerSecond()).isEqualTo(2.0);
  }

  @Test
  void tryTakeUpToGrantsWhatIsThereWhenShort() {
    TokenBucket bucket = new TokenBucket(time, 10, 1);
    assertThat(bucket.tryTakeUpTo(4)).isEqualTo(4.0);
    assertThat(bucket.tryTakeUpTo(10)).isEqualTo(6.0);
    assertThat(bucket.tryTakeUpTo(10)).isZero();
    time.advance(Duration.ofMillis(2500));
    assertThat(bucket.tryTakeUpTo(10)).isEqualTo(2.5);
    assertThat(bucket.available()).isZero();
  }

  @Test
  void tryTakeWholeUpToLeavesTheFractionInTheBucket() {
    TokenBucket bucket = new TokenBucket(time, ADDR_BURST, ADDR_RATE, 0);
    time.advance(Duration.ofSeconds(25));
    assertThat(bucket.tryTakeWholeUpTo(10)).isEqualTo(2);
    assertThat(bucket.available()).isCloseTo(0.5, within(1e-12));
    time.advance(Duration.ofSeconds(5));
    assertThat(bucket.tryTakeWholeUpTo(10)).isEqualTo(1);
    assertThat(bucket.tryTakeWholeUpTo(10)).isZero();
    time.advance(Duration.ofSeconds(100));
    assertThat(bucket.tryTakeWholeUpTo(3)).isEqualTo(3);
    assertThat(bucket.available()).isCloseTo(7.0, within(1e-9));
  }

  @Test
  void wholeTokensOfAFractionalCapacityStopAtItsFloor() {
    TokenBucket bucket = new TokenBucket(time, 2.5, 1);
    assertThat(bucket.tryTakeWholeUpTo(10)).isEqualTo(2);
    assertThat(bucket.available()).isEqualTo(0.5);
    TokenBucket small = new TokenBucket(time, 0.5, 1);
    assertThat(small.tryTakeWholeUpTo(10)).isZero();
    assertThat(small.available()).isEqualTo(0.5);
  }

  @Test
  void takingNothingAlwaysSucceedsAndTakingMoreThanTheCapacityNever() {
    TokenBucket bucket = new TokenBucket(time, 10, 1, 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTakeUpTo(0)).isZero();
    assertThat(bucket.tryTakeWholeUpTo(0)).isZero();
    time.advance(Duration.ofMinutes(1));
    assertThat(bucket.tryTake(10.5)).isFalse();
    assertThat(bucket.available()).isEqualTo(10.0);
    assertThat(bucket.tryTake(10)).isTrue();
  }

  @Test
  void aClockThatStepsBackNeitherMintsNorDestroysTokens() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    TokenBucket bucket = new TokenBucket(clock, 10, 1, 0);
    now.set(T0.plusSeconds(5));
    assertThat(bucket.available()).isEqualTo(5.0);
    now.set(T0.minusSeconds(3600));
    assertThat(bucket.available()).isEqualTo(5.0);
    assertThat(bucket.tryTake(2)).isTrue();
    now.set(T0.plusSeconds(4));
    assertThat(bucket.available()).isEqualTo(3.0);
    now.set(T0.plusSeconds(6));
    assertThat(bucket.available()).isEqualTo(4.0);
  }

  @Test
  void extremeClockJumpsSaturateInsteadOfOverflowing() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    TokenBucket bucket = new TokenBucket(now::get, ADDR_BURST, ADDR_RATE, 0);
    now.set(Instant.MAX);
    assertThat(bucket.available()).isEqualTo(ADDR_BURST);
    assertThat(bucket.tryTakeWholeUpTo(Integer.MAX_VALUE)).isEqualTo(1000);
    now.set(Instant.MIN);
    assertThat(bucket.available()).isZero();
  }

  @Test
  void concurrentTakersNeverGetMoreThanTheBucketHeld() throws Exception {
    TokenBucket bucket = new TokenBucket(time, 10_000, 1);
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean whole = t % 2 == 0;
        Callable<Integer> taker =
            () -> {
              start.await();
              int taken = 0;
              while (true) {
                if (whole) {
                  int got = bucket.tryTakeWholeUpTo(3);
                  if (got == 0) {
                    return taken;
                  }
                  taken += got;
                } else if (bucket.tryTake(1)) {
                  taken++;
                } else {
                  return taken;
                }
              }
            };
        results.add(pool.submit(taker));
      }
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get();
      }
      assertThat(total).isEqualTo(10_000);
      assertThat(bucket.available()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, 1, 0, 'capacity must be a finite number greater than 0, was 0.0'",
    "-1, 1, 0, 'capacity must be a finite number greater than 0, was -1.0'",
    "NaN, 1, 0, 'was NaN'",
    "Infinity, 1, 0, 'was Infinity'",
    "1, 0, 0, 'tokensPerSecond must be greater than 0 and at most 1.0E9, was 0.0'",
    "1, NaN, 0, 'was NaN'",
    "1, 2e9, 0, 'was 2.0E9'",
    "1, Infinity, 0, 'was Infinity'",
    "10, 1, -1, 'initialTokens must be 0 to the capacity 10.0, was -1.0'",
    "10, 1, 10.5, 'was 10.5'",
    "10, 1, NaN, 'was NaN'",
    "1e12, 1e-3, 0, 'refilling 1.0E12 tokens at 0.001 per second takes 1.0E15 s'",
  })
  void rejectsBadSettingsNamingTheValue(
      double capacity, double rate, double initial, String message) {
    assertThatThrownBy(() -> new TokenBucket(time, capacity, rate, initial))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, -0.001, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsBadAmounts(double amount) {
    TokenBucket bucket = new TokenBucket(time, 10, 1);
    assertThatThrownBy(() -> bucket.tryTake(amount))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was " + amount);
    assertThatThrownBy(() -> bucket.tryTakeUpTo(amount))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was " + amount);
    assertThat(bucket.available()).isEqualTo(10.0);
  }

  @Test
  void rejectsANegativeWholeCountAndANullClock() {
    TokenBucket bucket = new TokenBucket(time, 10, 1);
    assertThatThrownBy(() -> bucket.tryTakeWholeUpTo(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max must be at least 0, was -1");
    assertThatThrownBy(() -> new TokenBucket(null, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }

  @Test
  void describesItself() {
    assertThat(new TokenBucket(time, 10, 0.5, 2)).hasToString("TokenBucket[2.0/10.0, 0.5/s]");
  }
}
