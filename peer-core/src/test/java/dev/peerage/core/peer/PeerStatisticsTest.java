package dev.peerage.core.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerStatisticsTest {
  private static final Optional<Duration> NONE = Optional.empty();

  @Test
  void emptyIsAllZeroWithNeutralReliability() {
    PeerStatistics s = PeerStatistics.EMPTY;
    assertThat(List.of(s.connections(), s.failures(), s.bytesIn(), s.bytesOut(), s.attempts()))
        .containsOnly(0L);
    assertThat(s.latency()).isEmpty();
    assertThat(s.reliability()).isEqualTo(0.5);
  }

  @Test
  void reliabilityIsLaplaceSmoothedSuccessShare() {
    assertThat(PeerStatistics.EMPTY.withConnection().reliability())
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(PeerStatistics.EMPTY.withFailure().reliability()).isCloseTo(1.0 / 3, within(1e-12));
    PeerStatistics s =
        PeerStatistics.EMPTY.withConnection().withConnection().withFailure().withConnection();
    assertThat(s.connections()).isEqualTo(3);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.attempts()).isEqualTo(4);
    assertThat(s.reliability()).isCloseTo(4.0 / 6, within(1e-12));
  }

  @Test
  void countedOutcomeReplacesARestoredReliability() {
    PeerStatistics restored = new PeerStatistics(1, 0, 0, 0, NONE, 0.9);
    assertThat(restored.reliability()).isEqualTo(0.9);
    assertThat(restored.withFailure().reliability()).isCloseTo(2.0 / 4, within(1e-12));
  }

  @Test
  void bytesAccumulate() {
    PeerStatistics s = PeerStatistics.EMPTY.withBytes(10, 20).withBytes(1, 0);
    assertThat(s.bytesIn()).isEqualTo(11);
    assertThat(s.bytesOut()).isEqualTo(20);
    assertThat(s.reliability()).isEqualTo(0.5);
  }

  @Test
  void countersSaturateInsteadOfOverflowing() {
    PeerStatistics full =
        new PeerStatistics(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1, 5, NONE, 0.5);
    PeerStatistics next = full.withConnection().withFailure().withBytes(10, Long.MAX_VALUE);
    assertThat(next.connections()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.failures()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.bytesIn()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.bytesOut()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.attempts()).isEqualTo(Long.MAX_VALUE);
    assertThat(next.reliability()).isBetween(0.0, 1.0);
  }

  @Test
  void latencyIsAnEwmaWithWeightOneEighth() {
    PeerStatistics s = PeerStatistics.EMPTY.withLatency(Duration.ofMillis(100));
    assertThat(s.latency()).contains(Duration.ofMillis(100)); // first sample taken as is
    s = s.withLatency(Duration.ofMillis(180));
    assertThat(s.latency()).contains(Duration.ofMillis(110)); // 100 + (180 - 100) / 8
    s = s.withLatency(Duration.ofMillis(30));
    assertThat(s.latency()).contains(Duration.ofMillis(100)); // 110 + (30 - 110) / 8
    assertThat(PeerStatistics.LATENCY_SMOOTHING_DIVISOR).isEqualTo(8);
  }

  @Test
  void latencyAcceptsZero() {
    assertThat(PeerStatistics.EMPTY.withLatency(Duration.ZERO).latency()).contains(Duration.ZERO);
  }

  @Test
  void copiesLeaveTheOriginalUnchanged() {
    PeerStatistics s = PeerStatistics.EMPTY.withConnection();
    s.withFailure();
    s.withBytes(5, 5);
    s.withLatency(Duration.ofSeconds(1));
    assertThat(s).isEqualTo(new PeerStatistics(1, 0, 0, 0, NONE, 2.0 / 3));
  }

  @Test
  void rejectsNegativeCountersNamingThem() {
    assertThatThrownBy(() -> new PeerStatistics(-1, 0, 0, 0, NONE, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connections is -1, expected 0 or more");
    assertThatThrownBy(() -> new PeerStatistics(0, -2, 0, 0, NONE, 0.5))
        .hasMessage("failures is -2, expected 0 or more");
    assertThatThrownBy(() -> new PeerStatistics(0, 0, -3, 0, NONE, 0.5))
        .hasMessage("bytesIn is -3, expected 0 or more");
    assertThatThrownBy(() -> new PeerStatistics(0, 0, 0, -4, NONE, 0.5))
        .hasMessage("bytesOut is -4, expected 0 or more");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY, -1e300})
  void rejectsReliabilityOutsideZeroToOne(double reliability) {
    assertThatThrownBy(() -> new PeerStatistics(0, 0, 0, 0, NONE, reliability))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reliability is " + reliability)
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void acceptsReliabilityBounds() {
    assertThat(new PeerStatistics(0, 0, 0, 0, NONE, 0.0).reliability()).isZero();
    assertThat(new PeerStatistics(0, 0, 0, 0, NONE, 1.0).reliability()).isOne();
  }

  @Test
  void rejectsBadLatency() {
    assertThatThrownBy(() -> new PeerStatistics(0, 0, 0, 0, null, 0.5))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("latency");
    assertThatThrownBy(
            () -> new PeerStatistics(0, 0, 0, 0, Optional.of(Duration.ofMillis(-1)), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency is PT-0.001S");
    assertThatThrownBy(() -> PeerStatistics.EMPTY.withLatency(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency sample is");
    assertThatThrownBy(() -> PeerStatistics.EMPTY.withLatency(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectsNegativeByteDeltas() {
    assertThatThrownBy(() -> PeerStatistics.EMPTY.withBytes(-1, 0))
        .hasMessage("in is -1, expected 0 or more");
    assertThatThrownBy(() -> PeerStatistics.EMPTY.withBytes(0, -1))
        .hasMessage("out is -1, expected 0 or more");
  }

  @Property(tries = 200)
  void reliabilityMatchesTheFormulaAfterAnyOutcomes(
      @ForAll @Size(max = 200) List<Boolean> outcomes,
      @ForAll @IntRange(min = 0, max = 10_000) int latencyMillis) {
    PeerStatistics s = PeerStatistics.EMPTY;
    long ok = 0;
    for (boolean outcome : outcomes) {
      s = outcome ? s.withConnection() : s.withFailure();
      ok += outcome ? 1 : 0;
      s = s.withLatency(Duration.ofMillis(latencyMillis));
    }
    assertThat(s.connections()).isEqualTo(ok);
    assertThat(s.attempts()).isEqualTo(outcomes.size());
    assertThat(s.reliability())
        .isCloseTo((ok + 1.0) / (outcomes.size() + 2.0), within(1e-12))
        .isBetween(0.0, 1.0);
    if (!outcomes.isEmpty()) {
      assertThat(s.latency()).contains(Duration.ofMillis(latencyMillis)); // constant samples
    }
  }
}
