package dev.peerage.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScoringPolicyTest {

  @Test
  void defaultsHaveTheDocumentedValues() {
    ScoringPolicy p = ScoringPolicy.defaults();
    assertThat(p.reliabilityWeight()).isEqualTo(0.6);
    assertThat(p.performanceWeight()).isEqualTo(0.4);
    assertThat(p.behaviourWeight()).isEqualTo(1.0);
    assertThat(p.priorSuccesses()).isEqualTo(1.0);
    assertThat(p.priorFailures()).isEqualTo(1.0);
    assertThat(p.reliabilityHalfLife()).isEqualTo(Duration.ofHours(6));
    assertThat(p.latencyHalfLife()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.throughputHalfLife()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.referenceLatency()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.referenceThroughput()).isEqualTo(1_000_000.0);
    assertThat(p.latencyShare()).isEqualTo(0.5);
    assertThat(p.misbehaviourHalfLife()).isEqualTo(Duration.ofHours(1));
    assertThat(p.behaviourPointsScale()).isEqualTo(100.0);
    assertThat(p.evictThreshold()).isEqualTo(0.0);
    assertThat(p.avoidThreshold()).isEqualTo(0.3);
    assertThat(p.preferThreshold()).isEqualTo(0.75);
    assertThat(p.retention()).isEqualTo(Duration.ofHours(24));
    assertThat(p.maxEntries()).isEqualTo(100_000);
  }

  @Test
  void defaultsAreWhatAFreshBuilderBuildsAndSurviveToBuilder() {
    ScoringPolicy p = ScoringPolicy.defaults();
    assertThat(ScoringPolicy.builder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(p.toString()).contains("reliabilityWeight=0.6", "maxEntries=100000");
  }

  @Test
  void defaultTotalsRangeFromMinusOneToOneAndAnUnknownPeerIsNeutral() {
    ScoringPolicy p = ScoringPolicy.defaults();
    assertThat(p.minTotal()).isEqualTo(-1.0);
    assertThat(p.maxTotal()).isEqualTo(1.0);
    assertThat(p.unknownPeerScore()).isEqualTo(PeerScore.NEUTRAL);
    assertThat(p.standingOf(PeerScore.NEUTRAL)).isEqualTo(ScoreStanding.NEUTRAL);
  }

  @Test
  void toBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
    ScoringPolicy p = ScoringPolicy.defaults();
    ScoringPolicy q = p.toBuilder().maxEntries(10).latencyShare(1.0).build();
    assertThat(q.maxEntries()).isEqualTo(10);
    assertThat(q.latencyShare()).isEqualTo(1.0);
    assertThat(q.reliabilityHalfLife()).isEqualTo(p.reliabilityHalfLife());
    assertThat(p.maxEntries()).isEqualTo(100_000);
    assertThat(q).isNotEqualTo(p);
  }

  @Test
  void combineWeighsReliabilityAndPerformanceAndSubtractsBehaviour() {
    ScoringPolicy p =
        ScoringPolicy.builder()
            .reliabilityWeight(3)
            .performanceWeight(1)
            .behaviourWeight(2)
            .evictThreshold(-0.5)
            .build();
    PeerScore s = p.combine(0.8, 0.4, -0.25);
    // (3 * 0.8 + 1 * 0.4 + 2 * -0.25) / (3 + 1) = (2.4 + 0.4 - 0.5) / 4
    assertThat(s.total()).isCloseTo(2.3 / 4, within(1e-12));
    assertThat(s.reliability()).isEqualTo(0.8);
    assertThat(s.performance()).isEqualTo(0.4);
    assertThat(s.behaviour()).isEqualTo(-0.25);
    assertThat(p.minTotal()).isEqualTo(-0.5);
    assertThat(p.combine(1, 1, 0).total()).isEqualTo(1.0);
    assertThat(p.combine(0, 0, -1).total()).isEqualTo(-0.5);
  }

  @Test
  void weightsAreRelative() {
    ScoringPolicy small = ScoringPolicy.builder().reliabilityWeight(1).performanceWeight(1).build();
    ScoringPolicy large =
        ScoringPolicy.builder()
            .reliabilityWeight(10)
            .performanceWeight(10)
            .behaviourWeight(10)
            .build();
    assertThat(large.combine(0.9, 0.3, -0.1).total())
        .isCloseTo(small.combine(0.9, 0.3, -0.1).total(), within(1e-12));
  }

  @Test
  void combineRejectsComponentsOutOfRange() {
    ScoringPolicy p = ScoringPolicy.defaults();
    assertThatThrownBy(() -> p.combine(1.5, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reliability must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> p.combine(0.5, Double.NaN, 0))
        .hasMessage("performance must be in [0, 1], was NaN");
    assertThatThrownBy(() -> p.combine(0.5, 0.5, 0.1))
        .hasMessage("behaviour must be in [-1, 0], was 0.1");
  }

  @Test
  void standingBandsFollowTheThresholds() {
    ScoringPolicy p = ScoringPolicy.defaults(); // evict 0, avoid 0.3, prefer 0.75
    assertThat(p.standingOf(-0.01)).isEqualTo(ScoreStanding.EVICTABLE);
    assertThat(p.standingOf(0.0)).isEqualTo(ScoreStanding.AVOIDED);
    assertThat(p.standingOf(0.29)).isEqualTo(ScoreStanding.AVOIDED);
    assertThat(p.standingOf(0.3)).isEqualTo(ScoreStanding.NEUTRAL);
    assertThat(p.standingOf(0.7499)).isEqualTo(ScoreStanding.NEUTRAL);
    assertThat(p.standingOf(0.75)).isEqualTo(ScoreStanding.PREFERRED);
    assertThat(p.standingOf(1.0)).isEqualTo(ScoreStanding.PREFERRED);
    assertThatThrownBy(() -> p.standingOf(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("total must be a number, was NaN");
    assertThatNullPointerException().isThrownBy(() -> p.standingOf((PeerScore) null));
  }

  @Test
  void evictThresholdAtTheMinimumSwitchesEvictionOffAndEqualThresholdsEmptyTheAvoidBand() {
    ScoringPolicy p = ScoringPolicy.builder().evictThreshold(-1.0).avoidThreshold(-1.0).build();
    assertThat(p.standingOf(p.combine(0, 0, -1))).isEqualTo(ScoreStanding.NEUTRAL);
  }

  @Test
  void behaviourWeightZeroIsValidWithTheDefaultThresholds() {
    ScoringPolicy p = ScoringPolicy.builder().behaviourWeight(0).build();
    assertThat(p.minTotal()).isEqualTo(0.0);
    assertThat(p.combine(0.5, 0.5, -1).total()).isEqualTo(0.5);
  }

  @Test
  void unevenPriorsMoveTheUnknownPeerScore() {
    ScoringPolicy p = ScoringPolicy.builder().priorSuccesses(3).priorFailures(1).build();
    assertThat(p.unknownPeerScore().reliability()).isEqualTo(0.75);
    assertThat(p.unknownPeerScore().performance()).isEqualTo(0.5);
    assertThat(p.unknownPeerScore().total()).isCloseTo(0.6 * 0.75 + 0.4 * 0.5, within(1e-12));
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad(
            "negative reliabilityWeight",
            b -> b.reliabilityWeight(-1),
            "reliabilityWeight must be finite and at least 0.0, was -1.0"),
        bad(
            "NaN reliabilityWeight",
            b -> b.reliabilityWeight(Double.NaN),
            "reliabilityWeight must be finite and at least 0.0, was NaN"),
        bad(
            "infinite performanceWeight",
            b -> b.performanceWeight(Double.POSITIVE_INFINITY),
            "performanceWeight must be finite and at least 0.0, was Infinity"),
        bad(
            "negative behaviourWeight",
            b -> b.behaviourWeight(-0.5),
            "behaviourWeight must be finite and at least 0.0, was -0.5"),
        bad(
            "zero priorSuccesses",
            b -> b.priorSuccesses(0),
            "priorSuccesses must be finite and positive, was 0.0"),
        bad(
            "negative priorFailures",
            b -> b.priorFailures(-2),
            "priorFailures must be finite and positive, was -2.0"),
        bad(
            "infinite priorFailures",
            b -> b.priorFailures(Double.POSITIVE_INFINITY),
            "priorFailures must be finite and positive, was Infinity"),
        bad(
            "zero reliabilityHalfLife",
            b -> b.reliabilityHalfLife(Duration.ZERO),
            "reliabilityHalfLife must be positive, was PT0S"),
        bad(
            "negative latencyHalfLife",
            b -> b.latencyHalfLife(Duration.ofSeconds(-5)),
            "latencyHalfLife must be positive, was PT-5S"),
        bad(
            "zero throughputHalfLife",
            b -> b.throughputHalfLife(Duration.ZERO),
            "throughputHalfLife must be positive, was PT0S"),
        bad(
            "zero referenceLatency",
            b -> b.referenceLatency(Duration.ZERO),
            "referenceLatency must be positive, was PT0S"),
        bad(
            "zero referenceThroughput",
            b -> b.referenceThroughput(0),
            "referenceThroughput must be finite and positive, was 0.0"),
        bad(
            "latencyShare above 1",
            b -> b.latencyShare(1.5),
            "latencyShare must be between 0.0 and 1.0, was 1.5"),
        bad(
            "negative latencyShare",
            b -> b.latencyShare(-0.1),
            "latencyShare must be between 0.0 and 1.0, was -0.1"),
        bad(
            "NaN latencyShare",
            b -> b.latencyShare(Double.NaN),
            "latencyShare must be between 0.0 and 1.0, was NaN"),
        bad(
            "zero misbehaviourHalfLife",
            b -> b.misbehaviourHalfLife(Duration.ZERO),
            "misbehaviourHalfLife must be positive, was PT0S"),
        bad(
            "zero behaviourPointsScale",
            b -> b.behaviourPointsScale(0),
            "behaviourPointsScale must be positive and at most 1.0E12, was 0.0"),
        bad(
            "behaviourPointsScale above the cap",
            b -> b.behaviourPointsScale(1e13),
            "behaviourPointsScale must be positive and at most 1.0E12, was 1.0E13"),
        bad(
            "NaN evictThreshold",
            b -> b.evictThreshold(Double.NaN),
            "evictThreshold must be finite, was NaN"),
        bad(
            "infinite avoidThreshold",
            b -> b.avoidThreshold(Double.NEGATIVE_INFINITY),
            "avoidThreshold must be finite, was -Infinity"),
        bad(
            "infinite preferThreshold",
            b -> b.preferThreshold(Double.POSITIVE_INFINITY),
            "preferThreshold must be finite, was Infinity"),
        bad(
            "zero retention",
            b -> b.retention(Duration.ZERO),
            "retention must be positive, was PT0S"),
        bad("zero maxEntries", b -> b.maxEntries(0), "maxEntries must be at least 1, was 0"),
        bad("negative maxEntries", b -> b.maxEntries(-7), "maxEntries must be at least 1, was -7"));
  }

  private static Arguments bad(String what, Consumer<ScoringPolicy.Builder> set, String message) {
    return Arguments.of(what, set, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void eachSetterRejectsABadValueAtOnceNamingIt(
      String what, Consumer<ScoringPolicy.Builder> set, String message) {
    ScoringPolicy.Builder builder = ScoringPolicy.builder();
    assertThatThrownBy(() -> set.accept(builder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    // The builder still holds the previous (valid) value.
    assertThat(builder.build()).isEqualTo(ScoringPolicy.defaults());
  }

  static Stream<Arguments> badCombinations() {
    return Stream.of(
        bad(
            "both quality weights zero",
            b -> b.reliabilityWeight(0).performanceWeight(0),
            "reliabilityWeight and performanceWeight are both 0: every well-behaved peer would get"
                + " the same total, which silently switches scoring off; give at least one of"
                + " them a positive weight"),
        bad(
            "quality weights overflow",
            b -> b.reliabilityWeight(Double.MAX_VALUE).performanceWeight(Double.MAX_VALUE),
            "reliabilityWeight + performanceWeight overflows (1.7976931348623157E308 +"
                + " 1.7976931348623157E308); weights are relative, use smaller numbers"),
        bad(
            "behaviour weight out of proportion",
            b -> b.reliabilityWeight(Double.MIN_VALUE).performanceWeight(0).behaviourWeight(1e10),
            "behaviourWeight 1.0E10 is too large against reliabilityWeight + performanceWeight"
                + " 4.9E-324: the lowest total would not be finite"),
        bad(
            "evict above avoid",
            b -> b.evictThreshold(0.4).avoidThreshold(0.3),
            "evictThreshold 0.4 must be <= avoidThreshold 0.3"),
        bad(
            "avoid equal to prefer",
            b -> b.avoidThreshold(0.5).preferThreshold(0.5),
            "avoidThreshold 0.5 must be < preferThreshold 0.5"),
        bad(
            "avoid above prefer",
            b -> b.avoidThreshold(0.8),
            "avoidThreshold 0.8 must be < preferThreshold 0.75"),
        bad(
            "prefer on a 0..150 scale",
            b -> b.preferThreshold(120),
            "preferThreshold 120.0 is above the highest possible total 1.0; totals lie in"
                + " [-1.0, 1.0]"),
        bad(
            "evict below the lowest total",
            b -> b.evictThreshold(-2),
            "evictThreshold -2.0 is below the lowest possible total -1.0 (= -behaviourWeight /"
                + " (reliabilityWeight + performanceWeight)); totals lie in [-1.0, 1.0]"),
        bad(
            "evict below zero without a behaviour weight",
            b -> b.behaviourWeight(0).evictThreshold(-0.1),
            "evictThreshold -0.1 is below the lowest possible total 0.0 (= -behaviourWeight /"
                + " (reliabilityWeight + performanceWeight)); totals lie in [0.0, 1.0]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCombinations")
  void buildRejectsInconsistentSettingsNamingTheValues(
      String what, Consumer<ScoringPolicy.Builder> set, String message) {
    ScoringPolicy.Builder builder = ScoringPolicy.builder();
    set.accept(builder);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void nullDurationsAreRejectedWithTheSettingsName() {
    ScoringPolicy.Builder b = ScoringPolicy.builder();
    assertThatNullPointerException()
        .isThrownBy(() -> b.reliabilityHalfLife(null))
        .withMessage("reliabilityHalfLife");
    assertThatNullPointerException().isThrownBy(() -> b.retention(null)).withMessage("retention");
    assertThatNullPointerException()
        .isThrownBy(() -> b.referenceLatency(null))
        .withMessage("referenceLatency");
  }

  @Test
  void negativeZeroIsStoredAsZeroSoEqualPoliciesAreEqual() {
    ScoringPolicy p = ScoringPolicy.builder().behaviourWeight(-0.0).evictThreshold(-0.0).build();
    ScoringPolicy q = ScoringPolicy.builder().behaviourWeight(0.0).evictThreshold(0.0).build();
    assertThat(p).isEqualTo(q).hasSameHashCodeAs(q);
    assertThat(p.minTotal()).isEqualTo(0.0);
  }

  @Test
  void everySettingComesBackFromItsGetterAndThroughToBuilder() {
    ScoringPolicy p =
        ScoringPolicy.builder()
            .reliabilityWeight(0.7)
            .performanceWeight(0.3)
            .behaviourWeight(0.9)
            .priorSuccesses(2)
            .priorFailures(3)
            .reliabilityHalfLife(Duration.ofHours(5))
            .latencyHalfLife(Duration.ofMinutes(11))
            .throughputHalfLife(Duration.ofMinutes(12))
            .referenceLatency(Duration.ofMillis(90))
            .referenceThroughput(2_000_000)
            .latencyShare(0.25)
            .misbehaviourHalfLife(Duration.ofHours(2))
            .behaviourPointsScale(50)
            .evictThreshold(-0.1)
            .avoidThreshold(0.2)
            .preferThreshold(0.8)
            .retention(Duration.ofHours(23))
            .maxEntries(1234)
            .build();
    assertThat(p.reliabilityWeight()).isEqualTo(0.7);
    assertThat(p.performanceWeight()).isEqualTo(0.3);
    assertThat(p.behaviourWeight()).isEqualTo(0.9);
    assertThat(p.priorSuccesses()).isEqualTo(2.0);
    assertThat(p.priorFailures()).isEqualTo(3.0);
    assertThat(p.reliabilityHalfLife()).isEqualTo(Duration.ofHours(5));
    assertThat(p.latencyHalfLife()).isEqualTo(Duration.ofMinutes(11));
    assertThat(p.throughputHalfLife()).isEqualTo(Duration.ofMinutes(12));
    assertThat(p.referenceLatency()).isEqualTo(Duration.ofMillis(90));
    assertThat(p.referenceThroughput()).isEqualTo(2_000_000.0);
    assertThat(p.latencyShare()).isEqualTo(0.25);
    assertThat(p.misbehaviourHalfLife()).isEqualTo(Duration.ofHours(2));
    assertThat(p.behaviourPointsScale()).isEqualTo(50.0);
    assertThat(p.evictThreshold()).isEqualTo(-0.1);
    assertThat(p.avoidThreshold()).isEqualTo(0.2);
    assertThat(p.preferThreshold()).isEqualTo(0.8);
    assertThat(p.retention()).isEqualTo(Duration.ofHours(23));
    assertThat(p.maxEntries()).isEqualTo(1234);
    assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p).hasToString(p.toString());
    assertThat(p.toString()).isEqualTo("ScoringPolicy[reliabilityWeight=0.7, performanceWeight=0.3,"
        + " behaviourWeight=0.9, priorSuccesses=2.0, priorFailures=3.0, reliabilityHalfLife=PT5H,"
        + " latencyHalfLife=PT11M, throughputHalfLife=PT12M, referenceLatency=PT0.09S,"
        + " referenceThroughput=2000000.0, latencyShare=0.25, misbehaviourHalfLife=PT2H,"
        + " behaviourPointsScale=50.0, evictThreshold=-0.1, avoidThreshold=0.2,"
        + " preferThreshold=0.8, retention=PT23H, maxEntries=1234]");
  }
}
