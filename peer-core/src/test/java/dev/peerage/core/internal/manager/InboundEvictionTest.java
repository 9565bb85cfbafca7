package dev.peerage.core.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.SipHash24;
import dev.peerage.core.internal.manager.InboundEviction.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One table per rule. Group {@code g} is {@code 1.g.0.0/16} and, unless a test says otherwise, its
 * keyed hash is {@code g}, so the groups with the highest numbers win the group rule.
 */
class InboundEvictionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Four old peers in groups 201 to 204: they take the four group-protected slots. */
  private static List<Candidate> groupWinners() {
    List<Candidate> winners = new ArrayList<>();
    for (int g = 201; g <= 204; g++) {
      winners.add(peer("winner" + g, g, null, 0));
    }
    return winners;
  }

  @Test
  void noCandidatesNoVictim() {
    assertThat(InboundEviction.selectToEvict(List.of())).isEmpty();
  }

  @Test
  void managedPeersAreNeverEvictedEvenWhenTheyAreTheOnlyCandidates() {
    List<Candidate> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(managed("managed" + i, 7, null, i));
    }
    assertThat(InboundEviction.selectToEvict(all)).isEmpty();
  }

  @Test
  void managedPeersDoNotTakeProtectedSlots() {
    List<Candidate> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(managed("managed" + i, 200 + i, 1L, 1000 + i));
    }
    // Alone among managed peers, the unprotected ones are judged as if the managed were absent:
    // five peers in five groups, the group rule keeps the four highest hashes.
    for (int g = 1; g <= 5; g++) {
      all.add(peer("p" + g, g, null, g));
    }
    assertThat(victim(all)).isEqualTo("p1");
  }

  @ParameterizedTest(name = "{0} unprotected peers in {1} group(s), latency known: {2}")
  @CsvSource({
    // peers, groups, latencyKnown, evicts
    "1, 1, false, false",
    "2, 1, false, true", // the group rule keeps one member of the only group; the other goes
    "4, 4, false, false", // one per group, all four kept by the group rule
    "5, 5, false, true",
    "12, 12, true, false", // 4 by group, then the 8 fastest
    "13, 13, true, true",
    "9, 9, true, false", // 4 by group, then all 5 left are measured and among the 8 fastest
  })
  void smallSetsAreFullyProtectedUntilTheRulesRunOutOfSlots(
      int peers, int groups, boolean latencyKnown, boolean evicts) {
    List<Candidate> all = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      all.add(peer("p" + i, 1 + i % groups, latencyKnown ? 10L + i : null, i));
    }
    assertThat(InboundEviction.selectToEvict(all).isPresent()).isEqualTo(evicts);
  }

  @Test
  void theGroupRuleProtectsByKeyedHashNotByAge() {
    // Five groups, one peer each. The peer of group 1 is the oldest, but its group has the lowest
    // hash; the other four keep their slots by group and nothing else is left to protect.
    List<Candidate> all = new ArrayList<>();
    all.add(peer("oldest-lowest-hash", 1, null, 0));
    for (int g = 2; g <= 5; g++) {
      all.add(peer("p" + g, g, null, 100 + g));
    }
    assertThat(victim(all)).isEqualTo("oldest-lowest-hash");

    // The same peers with the hashes reversed: now the youngest group loses.
    List<Candidate> reversed = new ArrayList<>();
    for (Candidate c : all) {
      reversed.add(withHash(c, -c.keyedGroupHash()));
    }
    assertThat(victim(reversed)).isEqualTo("p5");
  }

  @Test
  void theGroupRuleKeepsOnePeerPerGroupTheOldest() {
    // Group 9 has the highest hash and four members; group 1 has one, the youngest connection of
    // all. Core's rule could spend all four slots on group 9; here group 9 keeps only its oldest,
    // group 1 keeps its only peer, and group 9's youngest goes.
    List<Candidate> all = new ArrayList<>();
    all.add(peer("g9-a", 9, null, 40));
    all.add(peer("g9-oldest", 9, null, 10));
    all.add(peer("g9-b", 9, null, 20));
    all.add(peer("g9-youngest", 9, null, 50));
    all.add(peer("g1-newcomer", 1, null, 90));
    assertThat(victim(all)).isEqualTo("g9-youngest");
  }

  @Test
  void theLowestLatencyPeersSurviveEvenWhenYoungest() {
    List<Candidate> all = groupWinners();
    // Twelve peers of one crowded group; the youngest is by far the fastest.
    for (int i = 1; i <= 11; i++) {
      all.add(peer("slow" + i, 5, 100L + i, i));
    }
    all.add(peer("fast-newcomer", 5, 3L, 12));
    // Protected: 4 winners; by latency fast-newcomer and slow1..slow7; by uptime slow8, slow9.
    assertThat(victim(all)).isEqualTo("slow11");
  }

  @Test
  void anUnmeasuredLatencyIsNotProtected() {
    List<Candidate> all = groupWinners();
    for (int i = 1; i <= 11; i++) {
      all.add(peer("measured" + i, 5, 100L + i, i));
    }
    all.add(peer("unmeasured-newcomer", 5, null, 12));
    // The 8 fastest are measured1..8; uptime keeps measured9 and 10 of the four left.
    assertThat(victim(all)).isEqualTo("unmeasured-newcomer");
  }

  @Test
  void onlyEightAreProtectedForLatency() {
    List<Candidate> all = groupWinners();
    // Ten equally fast peers in one group: the eight oldest win the latency tie, uptime keeps the
    // older of the two left, and the youngest goes.
    for (int i = 1; i <= 10; i++) {
      all.add(peer("fast" + i, 5, 7L, i));
    }
    assertThat(victim(all)).isEqualTo("fast10");
  }

  @Test
  void longLivedPeersSurviveEvenInTheCrowdedGroup() {
    List<Candidate> all = groupWinners();
    // Group 1 has three old members, group 2 two young ones. Uptime keeps the two oldest of the
    // five (old0, old1); then group 2 is the crowded one. Without the uptime rule group 1 would be
    // the biggest and old2 would go.
    all.add(peer("old0", 1, null, 0));
    all.add(peer("old1", 1, null, 1));
    all.add(peer("old2", 1, null, 2));
    all.add(peer("young0", 2, null, 100));
    all.add(peer("young1", 2, null, 101));
    assertThat(victim(all)).isEqualTo("young1");
  }

  @Test
  void theCrowdedGroupLosesItsYoungestEvenIfAnotherGroupHasAYoungerPeer() {
    List<Candidate> all = groupWinners();
    for (int i = 0; i < 6; i++) {
      all.add(peer("crowd" + i, 3, null, 10 + i));
    }
    all.add(peer("loner-y", 4, null, 40));
    all.add(peer("loner-z", 6, null, 50));
    // Uptime keeps crowd0..3; the crowd still has two members left, the loners one each.
    assertThat(victim(all)).isEqualTo("crowd5");
  }

  @Test
  void onATieInSizeTheGroupWithTheYoungestMemberLoses() {
    List<Candidate> all = groupWinners();
    all.add(peer("a-old", 1, null, 10));
    all.add(peer("b-old", 2, null, 11));
    all.add(peer("protected-by-uptime-1", 7, null, 1));
    all.add(peer("protected-by-uptime-2", 8, null, 2));
    all.add(peer("a-young", 1, null, 30));
    all.add(peer("b-youngest", 2, null, 31));
    // Uptime keeps the 3 oldest of the 6: the two in groups 7 and 8 and a-old. Left: group 1
    // {a-young}, group 2 {b-old, b-youngest}. Group 2 is bigger.
    assertThat(victim(all)).isEqualTo("b-youngest");

    List<Candidate> tie = groupWinners();
    tie.add(peer("a-old", 1, null, 10));
    tie.add(peer("b-old", 2, null, 11));
    tie.add(peer("a-young", 1, null, 30));
    tie.add(peer("b-youngest", 2, null, 31));
    tie.add(peer("uptime-1", 7, null, 1));
    tie.add(peer("uptime-2", 8, null, 2));
    tie.add(peer("uptime-3", 10, null, 3));
    tie.add(peer("uptime-4", 11, null, 4));
    // Uptime keeps the four oldest of eight; groups 1 and 2 have two each; group 2's youngest
    // member is younger, so group 2 loses it.
    assertThat(victim(tie)).isEqualTo("b-youngest");
  }

  @Test
  void equalYoungestTimesFallBackToTheHigherHashThenToTheListOrder() {
    List<Candidate> all = groupWinners();
    all.add(peer("g1", 1, null, 50));
    all.add(peer("g2", 2, null, 50));
    assertThat(victim(all)).isEqualTo("g2");

    // Eight faster peers take the latency slots; then three connections of one instant are left
    // with the oldest peer, and uptime keeps the oldest and the first of the three ("first", by
    // its lower latency, then its place in the list).
    List<Candidate> sameGroup = groupWinners();
    for (int i = 0; i < 8; i++) {
      sameGroup.add(peer("fast" + i, 3, 1L, 1 + i));
    }
    sameGroup.add(peer("oldest", 3, null, 0));
    sameGroup.add(peer("first", 3, 5L, 50));
    sameGroup.add(peer("second", 3, 5L, 50));
    List<Candidate> withSlower = new ArrayList<>(sameGroup);
    withSlower.add(peer("slower", 3, 9L, 50));
    // Among connections of the same instant, the slowest goes first ...
    assertThat(victim(withSlower)).isEqualTo("slower");
    // ... and between equally fast ones, the later in the list.
    assertThat(victim(sameGroup)).isEqualTo("second");
  }

  @Test
  void theSameInputGivesTheSameAnswerInAnyOrder() {
    List<Candidate> all = groupWinners();
    for (int i = 0; i < 20; i++) {
      all.add(peer("p" + i, 1 + i % 3, i % 4 == 0 ? null : 20L + (i * 7) % 13, 100 + i));
    }
    String expected = victim(all);
    List<Candidate> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    assertThat(victim(reversed)).isEqualTo(expected);
    assertThat(victim(all)).isEqualTo(expected);
  }

  @Test
  void keyedGroupHashDependsOnTheKeyAndTheGroup() {
    NetGroup a = group(1);
    NetGroup b = group(2);
    assertThat(InboundEviction.keyedGroupHash(1, 2, a))
        .isEqualTo(InboundEviction.keyedGroupHash(1, 2, group(1)))
        .isNotEqualTo(InboundEviction.keyedGroupHash(1, 3, a))
        .isNotEqualTo(InboundEviction.keyedGroupHash(1, 2, b));
    assertThat(InboundEviction.keyedGroupHash(1, 2, a)).isEqualTo(SipHash24.hash(1, 2, a.bytes()));
  }

  @Test
  void rejectsInconsistentHashesNegativeLatenciesAndNulls() {
    List<Candidate> inconsistent =
        List.of(peer("a", 1, null, 0), withHash(peer("b", 1, null, 1), 99));
    assertThatThrownBy(() -> InboundEviction.selectToEvict(inconsistent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "candidates of group ipv4 1.1.0.0/16 have different keyed group hashes 1 and 99"
                + " (at index 1); expected one hash per group");
    assertThatThrownBy(
            () -> new Candidate("k", group(1), Optional.of(Duration.ofMillis(-1)), T0, false, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latency must not be negative, was PT-0.001S for k");
    assertThatThrownBy(() -> new Candidate(null, group(1), Optional.empty(), T0, false, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    List<Candidate> withNull = new ArrayList<>(List.of(peer("a", 1, null, 0)));
    withNull.add(null);
    assertThatThrownBy(() -> InboundEviction.selectToEvict(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("candidate at index 1");
  }

  @Test
  void hugeLatenciesAndTheKeyObjectArePassedThrough() {
    Object key = new Object();
    List<Candidate> all = groupWinners();
    all.add(peer("fast", 1, 1L, 0));
    all.add(
        new Candidate(
            key,
            group(1),
            Optional.of(Duration.ofDays(365_000_000L)),
            T0.plusSeconds(9),
            false,
            1));
    // Ten measured peers: the latency rule keeps the eight fastest (the 50 ms tie goes to the
    // older), uptime keeps mid7, and the peer with the absurd latency goes.
    for (int i = 0; i < 8; i++) {
      all.add(peer("mid" + i, 1, 50L, 1 + i));
    }
    assertThat(InboundEviction.selectToEvict(all)).get().extracting(Candidate::key).isSameAs(key);
  }

  private static String victim(List<Candidate> candidates) {
    return InboundEviction.selectToEvict(candidates).map(c -> (String) c.key()).orElse("<none>");
  }

  private static NetGroup group(int g) {
    return PeerAddress.parse("1." + g + ".0.1:1").netGroup();
  }

  /** An unprotected peer of group {@code g}, connected {@code since} seconds after T0. */
  static Candidate peer(String key, int g, Long latencyMillis, long since) {
    return new Candidate(
        key,
        group(g),
        Optional.ofNullable(latencyMillis).map(Duration::ofMillis),
        T0.plusSeconds(since),
        false,
        g);
  }

  private static Candidate managed(String key, int g, Long latencyMillis, long since) {
    Candidate c = peer(key, g, latencyMillis, since);
    return new Candidate(
        c.key(), c.group(), c.latency(), c.connectedSince(), true, c.keyedGroupHash());
  }

  private static Candidate withHash(Candidate c, long hash) {
    return new Candidate(
        c.key(), c.group(), c.latency(), c.connectedSince(), c.protectedPeer(), hash);
  }
}
