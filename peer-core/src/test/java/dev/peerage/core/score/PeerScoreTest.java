package dev.peerage.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerScoreTest {

  @Test
  void neutralIsTheMiddleOfEveryPositiveRange() {
    assertThat(PeerScore.NEUTRAL.reliability()).isEqualTo(0.5);
    assertThat(PeerScore.NEUTRAL.performance()).isEqualTo(0.5);
    assertThat(PeerScore.NEUTRAL.behaviour()).isEqualTo(0.0);
    assertThat(PeerScore.NEUTRAL.total()).isEqualTo(0.5);
  }

  @Test
  void rejectsComponentsOutOfRangeNamingThem() {
    assertThatThrownBy(() -> new PeerScore(-0.1, 0.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reliability must be in [0, 1], was -0.1");
    assertThatThrownBy(() -> new PeerScore(0.5, 1.01, 0, 0))
        .hasMessage("performance must be in [0, 1], was 1.01");
    assertThatThrownBy(() -> new PeerScore(0.5, 0.5, -1.5, 0))
        .hasMessage("behaviour must be in [-1, 0], was -1.5");
    assertThatThrownBy(() -> new PeerScore(0.5, 0.5, 0, Double.POSITIVE_INFINITY))
        .hasMessage("total must be a finite number, was Infinity");
    assertThatThrownBy(() -> new PeerScore(0.5, 0.5, 0, Double.NaN))
        .hasMessage("total must be a finite number, was NaN");
  }

  @Test
  void negativeZeroIsFoldedIntoZero() {
    PeerScore s = new PeerScore(0.5, 0.5, -0.0, 0.5);
    assertThat(s).isEqualTo(PeerScore.NEUTRAL);
    assertThat(s.compareTo(PeerScore.NEUTRAL)).isZero();
    assertThat(Double.doubleToRawLongBits(s.behaviour())).isEqualTo(0L);
  }

  @Test
  void ordersByTotalThenReliabilityThenBehaviourThenPerformance() {
    PeerScore low = new PeerScore(0.9, 0.9, 0, 0.1);
    PeerScore high = new PeerScore(0.1, 0.1, 0, 0.2);
    PeerScore reliable = new PeerScore(0.6, 0.4, 0, 0.5);
    PeerScore unreliable = new PeerScore(0.4, 0.6, 0, 0.5);
    PeerScore wellBehaved = new PeerScore(0.5, 0.5, 0, 0.6);
    PeerScore misbehaved = new PeerScore(0.5, 0.6, -0.1, 0.6);
    PeerScore fast = new PeerScore(0.5, 0.9, 0, 0.7);
    PeerScore slow = new PeerScore(0.5, 0.1, 0, 0.7);
    assertThat(low).isLessThan(high);
    assertThat(unreliable).isLessThan(reliable);
    assertThat(misbehaved).isLessThan(wellBehaved);
    assertThat(slow).isLessThan(fast);
    List<PeerScore> all = new ArrayList<>(List.of(fast, low, reliable, misbehaved, high));
    all.sort(null);
    assertThat(all).containsExactly(low, high, reliable, misbehaved, fast);
  }

  @Test
  void compareToIsConsistentWithEquals() {
    PeerScore a = new PeerScore(0.3, 0.4, -0.2, 0.1);
    PeerScore b = new PeerScore(0.3, 0.4, -0.2, 0.1);
    assertThat(a).isEqualTo(b);
    assertThat(a.compareTo(b)).isZero();
    assertThat(a.compareTo(new PeerScore(0.3, 0.4, -0.2, 0.1000001))).isNegative();
  }
}
