package dev.peerage.core.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.manager.InboundEviction.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random inbound populations: few or many groups, latencies and connection instants drawn from
 * small ranges so that ties are common, a fifth of the peers managed, and a random secret key.
 */
class InboundEvictionPropertyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final int MAX_GROUPS = 12;

  /** What one generated peer looks like before its group hash is computed. */
  record Spec(int group, Optional<Long> latencyMillis, long sinceSeconds, boolean managed) {}

  /** A population of candidates and the secret key their group hashes were made with. */
  record Population(List<Candidate> candidates, long k0, long k1) {}

  @Property(tries = 500)
  void theVictimIsAnUnprotectedCandidateBeatenOnLatencyByAtLeastEight(
      @ForAll("populations") Population population) {
    List<Candidate> candidates = population.candidates();
    Optional<Candidate> victim = InboundEviction.selectToEvict(candidates);
    if (victim.isEmpty()) {
      return;
    }
    Candidate chosen = victim.get();
    assertThat(candidates).containsOnlyOnce(chosen);
    assertThat(chosen.protectedPeer()).isFalse();
    if (chosen.latency().isPresent()) {
      Duration latency = chosen.latency().get();
      long fasterOrEqual =
          candidates.stream()
              .filter(c -> c != chosen && !c.protectedPeer())
              .filter(c -> c.latency().isPresent() && c.latency().get().compareTo(latency) <= 0)
              .count();
      assertThat(fasterOrEqual).isGreaterThanOrEqualTo(InboundEviction.PROTECT_BY_LATENCY);
    }
  }

  @Property(tries = 500)
  void theVictimIsNeverAmongTheEightFastestWhenLatenciesDiffer(
      @ForAll("populations") Population population) {
    // Make every latency distinct, so that "the eight fastest" is well defined.
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < population.candidates().size(); i++) {
      Candidate c = population.candidates().get(i);
      int tieBreak = i;
      Optional<Duration> distinct = c.latency().map(l -> l.multipliedBy(1000).plusNanos(tieBreak));
      candidates.add(
          new Candidate(
              c.key(),
              c.group(),
              distinct,
              c.connectedSince(),
              c.protectedPeer(),
              c.keyedGroupHash()));
    }
    List<Candidate> fastest =
        candidates.stream()
            .filter(c -> !c.protectedPeer() && c.latency().isPresent())
            .sorted(Comparator.comparing(c -> c.latency().get()))
            .limit(InboundEviction.PROTECT_BY_LATENCY)
            .toList();
    InboundEviction.selectToEvict(candidates)
        .ifPresent(victim -> assertThat(fastest).doesNotContain(victim));
  }

  @Property(tries = 500)
  void someoneIsEvictedOnceThereAreMoreUnprotectedPeersThanProtectedSlots(
      @ForAll("populations") Population population) {
    List<Candidate> candidates = population.candidates();
    long unprotected = candidates.stream().filter(c -> !c.protectedPeer()).count();
    Optional<Candidate> victim = InboundEviction.selectToEvict(candidates);
    if (unprotected > InboundEviction.PROTECT_BY_GROUP + InboundEviction.PROTECT_BY_LATENCY) {
      assertThat(victim).isPresent();
    }
    if (unprotected == 0) {
      assertThat(victim).isEmpty();
    }
    // At most 4 by group and 8 by latency are kept outright, and uptime keeps only half the rest,
    // so with enough peers someone goes; with few enough, nobody does.
    Set<NetGroup> groups = new HashSet<>();
    candidates.stream().filter(c -> !c.protectedPeer()).forEach(c -> groups.add(c.group()));
    if (unprotected <= Math.min(InboundEviction.PROTECT_BY_GROUP, groups.size())) {
      assertThat(victim).isEmpty();
    }
    // The generator must exercise both outcomes, or the properties above prove little.
    Statistics.label("evicts").collect(victim.isPresent());
    Statistics.label("evicts")
        .coverage(
            checker -> {
              checker.check(true).percentage(p -> p > 20);
              checker.check(false).percentage(p -> p > 5);
            });
  }

  @Property(tries = 300)
  void theOldestPeerOfTheGroupWithTheHighestKeyedHashIsNeverEvicted(
      @ForAll("populations") Population population) {
    List<Candidate> unprotected =
        population.candidates().stream().filter(c -> !c.protectedPeer()).toList();
    if (unprotected.isEmpty()) {
      return;
    }
    long top = unprotected.stream().mapToLong(Candidate::keyedGroupHash).max().getAsLong();
    List<Candidate> topGroup = unprotected.stream().filter(c -> c.keyedGroupHash() == top).toList();
    Instant oldest = topGroup.stream().map(Candidate::connectedSince).min(Instant::compareTo).get();
    List<Candidate> oldestOfTop =
        topGroup.stream().filter(c -> c.connectedSince().equals(oldest)).toList();
    Optional<Candidate> victim = InboundEviction.selectToEvict(population.candidates());
    if (oldestOfTop.size() == 1 && victim.isPresent()) {
      assertThat(victim.get()).isNotSameAs(oldestOfTop.get(0));
    }
  }

  @Property(tries = 300)
  void theAnswerDoesNotDependOnTheOrderWhenConnectionInstantsDiffer(
      @ForAll("populations") Population population, @ForAll long shuffleSeed) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < population.candidates().size(); i++) {
      Candidate c = population.candidates().get(i);
      candidates.add(
          new Candidate(
              c.key(),
              c.group(),
              c.latency(),
              c.connectedSince().plusNanos(i),
              c.protectedPeer(),
              c.keyedGroupHash()));
    }
    Optional<Candidate> expected = InboundEviction.selectToEvict(candidates);
    List<Candidate> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    assertThat(InboundEviction.selectToEvict(shuffled)).isEqualTo(expected);
    assertThat(InboundEviction.selectToEvict(candidates)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Population> populations() {
    Arbitrary<Integer> groupCount = Arbitraries.integers().between(1, MAX_GROUPS);
    Arbitrary<Long> keys = Arbitraries.longs();
    // Each spec draws its group from 1 to 12 and is folded into 1..groupCount, which gives
    // populations of few and of many groups without a (slow) flat-mapped generator.
    Arbitrary<Spec> spec =
        Combinators.combine(
                Arbitraries.integers().between(1, MAX_GROUPS),
                Arbitraries.longs().between(0, 30).optional(0.7),
                Arbitraries.longs().between(0, 40),
                Arbitraries.integers().between(0, 4).map(i -> i == 0))
            .as(Spec::new);
    return Combinators.combine(groupCount, keys, keys, spec.list().ofMaxSize(60))
        .as(
            (groups, k0, k1, specs) ->
                populate(
                    specs.stream()
                        .map(
                            s ->
                                new Spec(
                                    1 + (s.group() - 1) % groups,
                                    s.latencyMillis(),
                                    s.sinceSeconds(),
                                    s.managed()))
                        .toList(),
                    k0,
                    k1));
  }

  private static Population populate(List<Spec> specs, long k0, long k1) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      NetGroup group = PeerAddress.parse("1." + spec.group() + ".0.1:1").netGroup();
      candidates.add(
          new Candidate(
              "peer" + i,
              group,
              spec.latencyMillis().map(Duration::ofMillis),
              T0.plusSeconds(spec.sinceSeconds()),
              spec.managed(),
              InboundEviction.keyedGroupHash(k0, k1, group)));
    }
    return new Population(candidates, k0, k1);
  }
}
