package dev.peerage.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Small versions of each scenario: each asserts the direction the full run is expected to show. */
class ScenarioTest {

  @Test
  void aSmallNetworkBootstrapsToTheOutboundTarget() {
    BootstrapScenario.Result r = BootstrapScenario.run(40, 1, Duration.ofMinutes(12));
    assertThat(r.reachedShare()).isGreaterThanOrEqualTo(0.95);
    assertThat(r.to95()).isNotNull().isLessThan(Duration.ofMinutes(12));
    assertThat(r.meanBook()).isGreaterThan(20);
    assertThat(r.report().text()).contains("until 95% had reached it");
    assertThat(r.report().charts()).containsKey("bootstrap-40.svg");
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    BootstrapScenario.Result a = BootstrapScenario.run(20, 7, Duration.ofMinutes(11));
    BootstrapScenario.Result b = BootstrapScenario.run(20, 7, Duration.ofMinutes(11));
    assertThat(a.report().text()).isEqualTo(b.report().text());
  }

  @Test
  void theSameSeedGivesTheSameEclipse() {
    EclipseScenario.NetworkParams net = new EclipseScenario.NetworkParams(30, 0.05,
        Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(20));
    EclipseScenario.AttackParams attack = new EclipseScenario.AttackParams(2, 32, 10,
        Duration.ofMinutes(30), Duration.ofMinutes(1));
    Set<EclipseScenario.Countermeasure> off = EnumSet.of(EclipseScenario.Countermeasure.ANCHORS);
    EclipseScenario.Outcome a = EclipseScenario.run(net, 3, attack, off);
    EclipseScenario.Outcome b = EclipseScenario.run(net, 3, attack, off);
    assertThat(a).isEqualTo(b);
    assertThat(a.outbound()).isPositive();
  }

  @Test
  void anOfflineNodeDialsSlowlyAndRecoversWithItsBook() {
    OutageScenario.Result r = OutageScenario.run(30, 1);
    // The group-wide backoff lets about one dial through every 10 s: a storm would be hundreds.
    assertThat(r.maxDialsPerMinute()).isLessThanOrEqualTo(10);
    assertThat(r.recovery()).isNotNull().isLessThan(Duration.ofMinutes(10));
    // The offline rule: failures while our own network is down do not empty the book.
    assertThat(r.bookAfter()).isGreaterThanOrEqualTo(r.bookBefore() * 9 / 10);
    assertThat(r.triedAfter()).isGreaterThanOrEqualTo(r.triedBefore() / 2);
  }

  @Test
  void aWarmRestartLeansOnBootstrapNodesLessThanAColdStart() {
    RestartScenario.Result r = RestartScenario.run(30, 1);
    assertThat(r.warm().bootstrapDials()).isLessThan(r.cold().bootstrapDials());
    assertThat(r.warm().bootstrapShare()).isLessThan(r.cold().bootstrapShare());
    assertThat(r.warm().reachedShare()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void churnKeepsNodesConnectedAndPinnedPeersReturn() {
    ChurnScenario.Result r = ChurnScenario.run(25, 1, 2);
    assertThat(r.minConnectedShareAfterFirstHour()).isGreaterThanOrEqualTo(0.9);
    // The last pinned peers come back near the end of the run, so not every one is counted.
    assertThat(r.reconnectDelays()).hasSizeGreaterThanOrEqualTo(r.pinnedPairs() / 2);
    // A pinned peer's backoff is capped at an hour; it left for 30 minutes.
    assertThat(r.reconnectDelays()).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofMinutes(65)));
  }

  @Test
  void anchorsAndOneOutboundPerGroupKeepTheAttackerOut() {
    EclipseScenario.NetworkParams net = new EclipseScenario.NetworkParams(60, 0.02,
        Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(30));
    EclipseScenario.AttackParams attack = new EclipseScenario.AttackParams(3, 64, 20,
        Duration.ofHours(1), Duration.ofMinutes(1));
    EclipseScenario.Outcome defaults = EclipseScenario.run(net, 1, attack, Set.of());
    EclipseScenario.Outcome noAnchors = EclipseScenario.run(net, 1, attack,
        EnumSet.of(EclipseScenario.Countermeasure.ANCHORS));
    EclipseScenario.Outcome noAnchorsNoGroupRule = EclipseScenario.run(net, 1, attack,
        EnumSet.of(EclipseScenario.Countermeasure.ANCHORS,
            EclipseScenario.Countermeasure.ONE_OUTBOUND_PER_GROUP));
    // The flood works: the attacker holds most of the new table.
    assertThat(defaults.newShare()).isGreaterThan(0.5);
    assertThat(defaults.honestOutbound()).isGreaterThanOrEqualTo(2);
    assertThat(noAnchors.outboundShare()).isGreaterThan(defaults.outboundShare());
    // With one outbound per group the attacker holds at most one connection per /16 it controls.
    assertThat(noAnchors.attackerOutbound()).isLessThanOrEqualTo(attack.groups());
    assertThat(noAnchorsNoGroupRule.attackerOutbound()).isGreaterThan(attack.groups());
    // Without the tried-table bias the dialler draws from the new table, where the flood landed.
    EclipseScenario.Outcome noTriedBias = EclipseScenario.run(net, 1, attack,
        EnumSet.of(EclipseScenario.Countermeasure.TRIED_BIAS));
    assertThat(defaults.triedShare()).isLessThan(defaults.newShare());
    assertThat(noTriedBias.pickShare()).isGreaterThan(defaults.pickShare());
  }
}
