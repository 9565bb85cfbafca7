package dev.peerage.core.internal.ban;

import static dev.peerage.core.ban.MisbehaviourKind.INVALID_DATA;
import static dev.peerage.core.ban.MisbehaviourKind.MALFORMED_MESSAGE;
import static dev.peerage.core.ban.MisbehaviourKind.OVERSIZED_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.ban.MisbehaviourKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MisbehaviourTrackerTest {

  private static final PeerAddress PEER = PeerAddress.parse("192.0.2.1:40001");
  private static final NodeId NODE = NodeId.parse("ab".repeat(32));

  private final AdvancingClock clock = new AdvancingClock();
  private final BanList bans = BanList.builder().clock(clock).build();
  private MisbehaviourTracker tracker = MisbehaviourTracker.builder().banList(bans).build();

  @Test
  void pointsHalveExactlyEveryHalfLife() {
    tracker.report(PEER, MALFORMED_MESSAGE, 80, "bad frame");
    assertThat(tracker.points(PEER)).isEqualTo(80.0);

    clock.advance(Duration.ofHours(1));
    assertThat(tracker.points(PEER)).isEqualTo(40.0);
    clock.advance(Duration.ofHours(1));
    assertThat(tracker.points(PEER)).isEqualTo(20.0);
    clock.advance(Duration.ofMinutes(30));
    assertThat(tracker.points(PEER)).isCloseTo(20.0 / Math.sqrt(2), within(1e-12));

    tracker.report(PEER, MALFORMED_MESSAGE, 10, "again");
    assertThat(tracker.points(PEER)).isCloseTo(10 + 20.0 / Math.sqrt(2), within(1e-12));
  }

  @Test
  void halfLifeIsConfigurableAndDecayIsLazy() {
    tracker = MisbehaviourTracker.builder().banList(bans)
        .decayHalfLife(Duration.ofMinutes(10)).build();
    tracker.report(PEER, MALFORMED_MESSAGE, 64, "x");
    clock.advance(Duration.ofMinutes(60));
    assertThat(tracker.points(PEER)).isEqualTo(1.0);
    // Reading points changes nothing stored: a second read gives the same value.
    assertThat(tracker.points(PEER)).isEqualTo(1.0);
  }

  @Test
  void pointsArePerIpAddressWhateverThePort() {
    tracker.report(PEER, MALFORMED_MESSAGE, "x");
    tracker.report(PEER.withPort(40002), MALFORMED_MESSAGE, "x");
    assertThat(tracker.points(PeerAddress.parse("192.0.2.1:8333"))).isEqualTo(40.0);
    assertThat(tracker.points(PeerAddress.parse("192.0.2.2:8333"))).isZero();
    assertThat(tracker.points(PeerAddress.parse("node.example.org:1"))).isZero();
  }

  @Test
  void reachingTheThresholdBansWithTheEvidenceAttached() {
    for (int i = 1; i <= 4; i++) {
      assertThat(tracker.report(PEER, OVERSIZED_MESSAGE, "inv with " + (50_000 + i) + " items"))
          .isEmpty();
    }
    assertThat(tracker.points(PEER)).isEqualTo(80.0);

    Optional<BanEntry> ban = tracker.report(PEER, OVERSIZED_MESSAGE, "inv with 50005 items");

    assertThat(ban).isPresent();
    BanEntry entry = ban.orElseThrow();
    assertThat(entry.target()).isEqualTo(BanTarget.of(Subnet.parse("192.0.2.1/32")));
    assertThat(entry.until()).contains(clock.instant().plus(Duration.ofHours(24)));
    assertThat(entry.reason())
        .isEqualTo("misbehaviour: 100 points reached the threshold of 100;"
            + " last fault OVERSIZED_MESSAGE");
    assertThat(entry.evidence()).hasSize(5);
    assertThat(entry.evidence().get(0))
        .isEqualTo("2025-01-01T00:00:00Z OVERSIZED_MESSAGE +20: inv with 50001 items");
    assertThat(entry.evidence().get(4)).endsWith("inv with 50005 items");
    assertThat(bans.isBanned(PEER)).isTrue();
    assertThat(bans.banOf(PEER)).contains(entry);
    assertThat(tracker.points(PEER)).as("points are used up by the ban").isZero();
    assertThat(tracker.evidence(PEER)).isEmpty();
  }

  @Test
  void aSingleSevereFaultBansAtOnce() {
    assertThat(tracker.report(PEER, INVALID_DATA, "block 123 fails its merkle root")).isPresent();
    assertThat(bans.isBanned(PEER)).isTrue();
  }

  @Test
  void reportsWhileBannedAreIgnoredSoThereIsNoSecondBan() {
    BanEntry first = tracker.report(PEER, INVALID_DATA, "first").orElseThrow();
    clock.advance(Duration.ofHours(1));

    assertThat(tracker.report(PEER, INVALID_DATA, "in flight")).isEmpty();
    assertThat(tracker.report(PEER, INVALID_DATA, 1e6, "in flight")).isEmpty();
    assertThat(tracker.points(PEER)).isZero();
    assertThat(bans.banOf(PEER)).containsSame(first);
    assertThat(bans.history()).hasSize(1);

    // After the ban the peer starts from zero.
    clock.advance(Duration.ofHours(23));
    assertThat(bans.isBanned(PEER)).isFalse();
    assertThat(tracker.report(PEER, MALFORMED_MESSAGE, "back")).isEmpty();
    assertThat(tracker.points(PEER)).isEqualTo(20.0);
  }

  @Test
  void reportWithNodeIdBansAddressAndNode() {
    BanEntry ban = tracker.report(NODE, PEER, MisbehaviourKind.IMPERSONATION, 100, "bad proof")
        .orElseThrow();

    assertThat(ban.target()).isEqualTo(BanTarget.of(Subnet.single(PEER)));
    assertThat(bans.isBanned(PEER)).isTrue();
    assertThat(bans.isBanned(NODE)).isTrue();
    assertThat(bans.banOf(NODE).orElseThrow().evidence()).isEqualTo(ban.evidence());
    assertThat(bans.banOf(NODE).orElseThrow().until()).isEqualTo(ban.until());

    // The same node from another address is not scored while its id is banned.
    PeerAddress elsewhere = PeerAddress.parse("198.51.100.9:1");
    assertThat(tracker.report(NODE, elsewhere, INVALID_DATA, 100, "x")).isEmpty();
    assertThat(bans.isBanned(elsewhere)).isFalse();
    assertThat(tracker.points(elsewhere)).isZero();
  }

  @Test
  void evidenceIsBoundedInCountAndLength() {
    tracker = MisbehaviourTracker.builder().banList(bans).maxEvidence(3).build();
    String huge = "line1\nline2\t" + "x".repeat(1_000);
    for (int i = 0; i < 9; i++) {
      tracker.report(PEER, MALFORMED_MESSAGE, 10, i + ": " + huge);
    }
    List<String> evidence = tracker.evidence(PEER);
    assertThat(evidence).hasSize(3);
    assertThat(evidence.get(0)).contains(" +10: 6: line1 line2 xxx").endsWith("...")
        .doesNotContain("\n", "\t");
    String prefix = "2025-01-01T00:00:00Z MALFORMED_MESSAGE +10: ";
    assertThat(evidence.get(2))
        .hasSize(prefix.length() + MisbehaviourTracker.MAX_EVIDENCE_TEXT + 3);

    BanEntry ban = tracker.report(PEER, MALFORMED_MESSAGE, 10, "last").orElseThrow();
    assertThat(ban.evidence()).hasSize(3);
    assertThat(ban.evidence().get(2)).endsWith("+10: last");
  }

  @Test
  void customThresholdAndBanDuration() {
    tracker = MisbehaviourTracker.builder().banList(bans).threshold(30)
        .banDuration(Duration.ofMinutes(10)).build();
    assertThat(tracker.report(PEER, MALFORMED_MESSAGE, "a")).isEmpty();
    BanEntry ban = tracker.report(PEER, MisbehaviourKind.UNSOLICITED_MESSAGE, "b").orElseThrow();
    assertThat(ban.until()).contains(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(ban.reason()).startsWith("misbehaviour: 30 points reached the threshold of 30");
  }

  @Test
  void banDurationDefaultsToTheBanListPolicy() {
    BanList shortBans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().defaultBanDuration(Duration.ofMinutes(7)).build()).build();
    tracker = MisbehaviourTracker.builder().banList(shortBans).build();
    BanEntry ban = tracker.report(PEER, INVALID_DATA, "x").orElseThrow();
    assertThat(ban.until()).contains(clock.instant().plus(Duration.ofMinutes(7)));
  }

  @Test
  void aFullBanListMeansTheAddressIsDiscouragedInstead() {
    BanList full = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(1).build()).build();
    full.ban(Subnet.parse("10.0.0.0/8"), Optional.empty(), "manual", List.of());
    tracker = MisbehaviourTracker.builder().banList(full).build();

    assertThat(tracker.report(PEER, INVALID_DATA, "x")).isEmpty();
    assertThat(full.isBanned(PEER)).isFalse();
    assertThat(full.isDiscouraged(PEER)).isTrue();
    assertThat(full.discouragementReason(PEER).orElseThrow()).startsWith("misbehaviour: 100");
    assertThat(full.isBanned(PeerAddress.parse("10.1.2.3:1"))).as("manual ban kept").isTrue();
  }

  @Test
  void forgetClearsPointsButNotBans() {
    tracker.report(PEER, MALFORMED_MESSAGE, "x");
    tracker.forget(PEER.withPort(1));
    assertThat(tracker.points(PEER)).isZero();
    assertThat(tracker.evidence(PEER)).isEmpty();

    tracker.report(PEER, INVALID_DATA, "x");
    tracker.forget(PEER);
    assertThat(bans.isBanned(PEER)).isTrue();
  }

  @Test
  void trackedPeersAreBoundedAndForgottenAfterTenHalfLives() {
    tracker = MisbehaviourTracker.builder().banList(bans).maxTracked(50).build();
    for (int i = 0; i < 500; i++) {
      tracker.report(PeerAddress.ofIp(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 1),
          MALFORMED_MESSAGE, "x");
    }
    assertThat(tracker.trackedCount()).isLessThanOrEqualTo(50).isPositive();

    tracker = MisbehaviourTracker.builder().banList(bans).build();
    tracker.report(PEER, MALFORMED_MESSAGE, "x");
    clock.advance(Duration.ofHours(10).minusNanos(1));
    assertThat(tracker.trackedCount()).isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    assertThat(tracker.trackedCount()).isZero();
  }

  @Test
  void badReportsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> tracker.report(PEER, MALFORMED_MESSAGE, Double.NaN, "x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be positive and finite, was NaN");
    assertThatThrownBy(() -> tracker.report(PEER, MALFORMED_MESSAGE, 0, "x"))
        .hasMessage("weight must be positive and finite, was 0.0");
    assertThatThrownBy(() -> tracker.report(PEER, MALFORMED_MESSAGE, -5, "x"))
        .hasMessage("weight must be positive and finite, was -5.0");
    assertThatThrownBy(
            () -> tracker.report(PEER, MALFORMED_MESSAGE, Double.POSITIVE_INFINITY, "x"))
        .hasMessage("weight must be positive and finite, was Infinity");
    assertThatThrownBy(() -> tracker.report(
            PeerAddress.parse("node.example.org:1"), MALFORMED_MESSAGE, "x"))
        .isExactlyInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("node.example.org cannot be scored");
    assertThatThrownBy(() -> tracker.report(PEER, null, "x"))
        .isInstanceOf(NullPointerException.class);
    assertThat(tracker.points(PEER)).isZero();
  }

  @Test
  void builderChecksEverySetting() {
    MisbehaviourTracker.Builder builder = MisbehaviourTracker.builder();
    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("banList is required");
    assertThatThrownBy(() -> builder.threshold(0))
        .hasMessage("threshold must be positive and finite, was 0.0");
    assertThatThrownBy(() -> builder.threshold(Double.NaN))
        .hasMessage("threshold must be positive and finite, was NaN");
    assertThatThrownBy(() -> builder.banDuration(Duration.ofSeconds(-1)))
        .hasMessage("banDuration must be positive, was PT-1S");
    assertThatThrownBy(() -> builder.decayHalfLife(Duration.ZERO))
        .hasMessage("decayHalfLife must be positive, was PT0S");
    assertThatThrownBy(() -> builder.decayHalfLife(Duration.ofDays(40_000)))
        .hasMessage("decayHalfLife must be at most PT876000H, was PT960000H");
    assertThatThrownBy(() -> builder.maxEvidence(0))
        .hasMessage("maxEvidence must be between 1 and 32, was 0");
    assertThatThrownBy(() -> builder.maxEvidence(33))
        .hasMessage("maxEvidence must be between 1 and 32, was 33");
    assertThatThrownBy(() -> builder.maxTracked(0))
        .hasMessage("maxTracked must be between 1 and 10000000, was 0");
  }

  @Test
  void aVeryLongHalfLifeKeepsPointsAlmostForever() {
    tracker = MisbehaviourTracker.builder().banList(bans)
        .decayHalfLife(BanPolicy.MAX_DURATION).build();
    tracker.report(PEER, MALFORMED_MESSAGE, "x");
    clock.advance(Duration.ofDays(365));
    assertThat(tracker.points(PEER)).isGreaterThan(19.8);
  }

  @Test
  void everyKindHasAPositiveDefaultWeight() {
    for (MisbehaviourKind kind : MisbehaviourKind.values()) {
      assertThat(kind.defaultWeight()).as(kind.name()).isPositive().isLessThanOrEqualTo(100);
    }
    assertThat(INVALID_DATA.defaultWeight()).isEqualTo(100);
    assertThat(MisbehaviourKind.ADDRESS_FLOOD.defaultWeight()).isEqualTo(20);
  }

  @Test
  void theClockCanBeSetSeparately() {
    AdvancingClock other = new AdvancingClock(Instant.parse("2025-06-01T00:00:00Z"));
    BanList later = BanList.builder().clock(other).build();
    tracker = MisbehaviourTracker.builder().banList(later).clock(other).build();
    BanEntry ban = tracker.report(PEER, INVALID_DATA, "x").orElseThrow();
    assertThat(ban.created()).isEqualTo(other.instant());
  }
}
