package dev.peerage.benchmarks.sim;

import dev.peerage.core.AddressBookConfig;
import dev.peerage.core.AddressBookSnapshot;
import dev.peerage.core.Connection;
import dev.peerage.core.Direction;
import dev.peerage.core.InMemoryPeerStore;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 4, after Heilman et al. 2015: an attacker with reachable addresses in a few /16s floods one
 * victim's address book for a while, then the victim restarts; how much of its book and its outbound
 * connections does the attacker hold, with each countermeasure switched off in turn?
 */
final class EclipseScenario {
  /** The victim's configuration: the defaults, or the defaults with one countermeasure off. */
  enum Variant {
    DEFAULTS("defaults"),
    NO_GROUP_BUCKETING("bucketing by group off"),
    NO_TRIED_BIAS("tried-table bias off"),
    NO_TEST_BEFORE_EVICT("test-before-evict off"),
    NO_ANCHORS("anchors off"),
    NO_ONE_OUTBOUND_PER_GROUP("one outbound per group off");

    final String label;

    Variant(String label) {
      this.label = label;
    }

    PeerManagerConfig config() {
      PeerManagerConfig.Builder config = SimWorld.defaultConfig().toBuilder();
      AddressBookConfig book = AddressBookConfig.defaults();
      switch (this) {
        case NO_GROUP_BUCKETING -> config.addressBook(book.toBuilder()
            .newBucketsPerSourceGroup(book.newBuckets())
            .triedBucketsPerGroup(book.triedBuckets()).build());
        case NO_TRIED_BIAS -> config.addressBook(book.toBuilder().triedBias(0.0).build());
        case NO_TEST_BEFORE_EVICT -> config.addressBook(book.toBuilder().testBeforeEvict(
            Duration.ofMillis(2), Duration.ofMillis(1), Duration.ofMillis(1)).build());
        case NO_ONE_OUTBOUND_PER_GROUP -> config.outboundRules(false, false);
        default -> { }
      }
      return config.build();
    }
  }

  /** The attacker's means. */
  record AttackParams(int groups, int perGroup, int gossipPerMinute, Duration flood) {}

  record Outcome(Variant variant, double newShare, double triedShare, int outbound,
      int attackerOutbound, Report report) {
    double outboundShare() {
      return outbound == 0 ? 0 : attackerOutbound / (double) outbound;
    }

    int honestOutbound() {
      return outbound - attackerOutbound;
    }
  }

  private EclipseScenario() {}

  static Outcome run(int n, long seed, AttackParams attack, Variant variant) {
    PeerManagerConfig honest = SimWorld.defaultConfig();
    PeerManagerConfig victimConfig = variant.config();
    try (SimWorld world = new SimWorld(seed)) {
      int v = SimWorld.SEEDS;
      world.startSpread(0, v, honest, Duration.ZERO);
      world.start(v, victimConfig);
      world.startSpread(v + 1, n, honest, Duration.ofMinutes(2));
      world.run(Duration.ofMinutes(10));
      Attacker attacker = new Attacker(world.network, world.time, attack.groups(),
          attack.perGroup(), seed, Math.max(1, Math.min(1000, attack.gossipPerMinute())));
      PeerManager victim = world.running.get(v);
      // Flooding: unsolicited gossip (as Bitcoin's addr relay; this library only answers requests, so
      // this attacker is stronger than a real one) plus inbound connections from attacker addresses.
      long minutes = attack.flood().toMinutes();
      for (long m = 0; m < minutes; m++) {
        for (int k = 0; k < attack.gossipPerMinute(); k++) {
          victim.addressBook().add(attacker.randomAddress(), attacker.randomAddress());
        }
        if (m % 10 == 0) {
          attacker.dialFrom(world.random.nextInt(attacker.size()), SimWorld.address(v));
        }
        world.run(Duration.ofMinutes(1));
      }
      world.stop(v);
      world.run(Duration.ofSeconds(10));
      InMemoryPeerStore store = world.stores.get(v);
      if (variant == Variant.NO_ANCHORS) {
        PeerSnapshot s = store.current();
        store = new InMemoryPeerStore(new PeerSnapshot(s.savedAt(), s.identity(), s.peers(),
            s.addressBook(), s.bans(), s.scores(), List.of(), s.cachedPeers()));
      }
      world.run(Duration.ofMinutes(1));
      victim = world.start(v, victimConfig, store);
      world.run(Duration.ofMinutes(10));
      AddressBookSnapshot book = victim.addressBook().snapshot();
      int newTotal = 0;
      int newAttacker = 0;
      int triedTotal = 0;
      int triedAttacker = 0;
      for (AddressBookSnapshot.Entry e : book.entries()) {
        boolean bad = attacker.owns(e.address());
        if (e.tried()) {
          triedTotal++;
          triedAttacker += bad ? 1 : 0;
        } else {
          newTotal++;
          newAttacker += bad ? 1 : 0;
        }
      }
      int outbound = 0;
      int attackerOutbound = 0;
      for (Connection c : victim.connections()) {
        if (c.direction() == Direction.OUTBOUND) {
          outbound++;
          attackerOutbound += attacker.owns(c.remoteAddress()) ? 1 : 0;
        }
      }
      attacker.close();
      Outcome o = new Outcome(variant, share(newAttacker, newTotal), share(triedAttacker, triedTotal),
          outbound, attackerOutbound, null);
      return o;
    }
  }

  private static double share(int part, int total) {
    return total == 0 ? 0 : part / (double) total;
  }

  /** Every variant on one seed, plus the defaults on more seeds. */
  static Report report(int n, long seed, AttackParams attack, int extraSeeds) {
    Report report = new Report().heading("Eclipse attempt: " + n + " honest nodes, attacker "
        + attack.groups() + " /16s x " + attack.perGroup() + " addresses, "
        + attack.gossipPerMinute() + " gossiped addresses/min for " + attack.flood().toHours()
        + " h, then the victim restarts; seed " + seed);
    List<List<String>> rows = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      Outcome o = run(n, seed, attack, variant);
      rows.add(Report.row(variant.label, Report.pct(o.newShare()), Report.pct(o.triedShare()),
          o.attackerOutbound() + " / " + o.outbound(), Report.pct(o.outboundShare())));
    }
    report.table(List.of("victim configuration", "attacker share of new", "of tried",
        "attacker outbound / all outbound", "attacker outbound share"), rows);
    if (extraSeeds > 0) {
      int kept = 0;
      double shareSum = 0;
      for (long s = seed; s < seed + extraSeeds; s++) {
        Outcome o = run(n, s, attack, Variant.DEFAULTS);
        kept += o.honestOutbound() >= 2 ? 1 : 0;
        shareSum += o.outboundShare();
      }
      report.line("Defaults over " + extraSeeds + " seeds (" + seed + " to " + (seed + extraSeeds - 1)
          + "): the victim kept at least 2 honest outbound connections in " + kept + " of "
          + extraSeeds + "; mean attacker outbound share " + Report.pct(shareSum / extraSeeds) + ".");
      report.line("");
    }
    return report;
  }
}
