package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.assertj.core.data.Offset;

/** Random buckets under random sequences of waits and takes. */
class TokenBucketPropertyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** One step: wait {@code waitNanos}, then take {@code amount} in the way {@code kind} says. */
  record Step(long waitNanos, int kind, double amount) {}

  @Property(tries = 300)
  void neverGrantsMoreThanTheStartPlusTheRefill(
      @ForAll @DoubleRange(min = 0.5, max = 2000) double capacity,
      @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(4) double rate,
      @ForAll @DoubleRange(min = 0, max = 1) double initialShare,
      @ForAll("steps") List<Step> steps) {
    VirtualTime time = new VirtualTime(T0);
    double initial = capacity * initialShare;
    TokenBucket bucket = new TokenBucket(time, capacity, rate, initial);
    double granted = 0;
    long elapsedNanos = 0;
    for (Step step : steps) {
      time.advance(Duration.ofNanos(step.waitNanos()));
      elapsedNanos += step.waitNanos();
      double before = bucket.available();
      double got = take(bucket, step);
      granted += got;
      assertThat(got).isBetween(0.0, step.amount());
      // Granting is decided in whole nanoseconds of refill, so allow one nanosecond's worth.
      double slack = tolerance(before) + rate * 1e-9 * steps.size();
      assertThat(got).isLessThanOrEqualTo(before + slack);
      double after = bucket.available();
      assertThat(after).isBetween(0.0, capacity);
      assertThat(granted).isLessThanOrEqualTo(initial + rate * elapsedNanos / 1e9 + slack);
    }
  }

  @Property(tries = 300)
  void tryTakeFailsOnlyWhenTheTokensAreNotThere(
      @ForAll @DoubleRange(min = 1, max = 2000) double capacity,
      @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(4) double rate,
      @ForAll("steps") List<Step> steps) {
    VirtualTime time = new VirtualTime(T0);
    TokenBucket bucket = new TokenBucket(time, capacity, rate, 0);
    for (Step step : steps) {
      time.advance(Duration.ofNanos(step.waitNanos()));
      double before = bucket.available();
      boolean taken = bucket.tryTake(step.amount());
      // A take costs its refill time rounded to the nearest nanosecond: allow one nanosecond.
      double slack = tolerance(step.amount()) + rate * 1e-9;
      if (taken) {
        assertThat(before).isGreaterThanOrEqualTo(step.amount() - slack);
        assertThat(bucket.available())
            .isCloseTo(before - step.amount(), Offset.offset(tolerance(before) + rate * 1e-9));
      } else {
        assertThat(before).isLessThanOrEqualTo(step.amount() + slack);
        assertThat(bucket.available()).isEqualTo(before);
      }
    }
  }

  @Property(tries = 300)
  void refillsAtTheRateUpToTheCapacity(
      @ForAll @DoubleRange(min = 0.5, max = 2000) double capacity,
      @ForAll @DoubleRange(min = 0.001, max = 1000) @Scale(4) double rate,
      @ForAll @LongRange(min = 0, max = 100_000_000_000_000L) long waitNanos) {
    VirtualTime time = new VirtualTime(T0);
    TokenBucket bucket = new TokenBucket(time, capacity, rate);
    bucket.tryTakeUpTo(capacity);
    assertThat(bucket.available()).isZero();
    time.advance(Duration.ofNanos(waitNanos));
    double expected = Math.min(capacity, rate * waitNanos / 1e9);
    assertThat(bucket.available()).isCloseTo(expected, offset(expected));
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Long> waits =
        Arbitraries.oneOf(
            Arbitraries.just(0L),
            Arbitraries.longs().between(1, 1_000),
            Arbitraries.longs().between(1, 10_000_000_000L));
    Arbitrary<Double> amounts =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 50).map(Integer::doubleValue),
            Arbitraries.doubles().between(0, 50));
    return Combinators.combine(waits, Arbitraries.integers().between(0, 2), amounts)
        .as(Step::new)
        .list()
        .ofMaxSize(40);
  }

  private static double take(TokenBucket bucket, Step step) {
    return switch (step.kind()) {
      case 0 -> bucket.tryTake(step.amount()) ? step.amount() : 0;
      case 1 -> bucket.tryTakeUpTo(step.amount());
      default -> bucket.tryTakeWholeUpTo((int) step.amount());
    };
  }

  private static double tolerance(double value) {
    return 1e-9 * Math.max(1, Math.abs(value));
  }

  private static Offset<Double> offset(double value) {
    return Offset.offset(tolerance(value));
  }
}
