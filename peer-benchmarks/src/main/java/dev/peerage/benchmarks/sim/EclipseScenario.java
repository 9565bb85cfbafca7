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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Scenario 4, after Heilman et al. 2015: an attacker with reachable addresses in a few /16s floods one
 * victim's address book for a while, then the victim restarts; how much of its book and its outbound
 * connections does the attacker hold, with each countermeasure switched off in turn?
 */
final class EclipseScenario {
  /** A countermeasure that a variant of the victim's configuration switches off. */
  enum Countermeasure {
    GROUP_BUCKETING("bucketing by group"),
    TRIED_BIAS("tried-table bias"),
    TEST_BEFORE_EVICT("test-before-evict"),
    ANCHORS("anchors"),
    ONE_OUTBOUND_PER_GROUP("one outbound per group");

    final String label;

    Countermeasure(String label) {
      this.label = label;
    }
  }

  /** The victim's configuration: the defaults with the given countermeasures switched off. */
  static PeerManagerConfig config(Set<Countermeasure> off) {
    PeerManagerConfig.Builder config = SimWorld.defaultConfig().toBuilder();
    AddressBookConfig defaults = AddressBookConfig.defaults();
    AddressBookConfig.Builder book = defaults.toBuilder();
    if (off.contains(Countermeasure.GROUP_BUCKETING)) {
      // Approximation: a source group (new table) or group (tried table) may use every bucket.
      book.newBucketsPerSourceGroup(defaults.newBuckets())
          .triedBucketsPerGroup(defaults.triedBuckets());
    }
    if (off.contains(Countermeasure.TRIED_BIAS)) {
      book.triedBias(0.0);
    }
    if (off.contains(Countermeasure.TEST_BEFORE_EVICT)) {
      // Approximation: windows so short that a newcomer replaces a tried entry at once.
      book.testBeforeEvict(Duration.ofMillis(2), Duration.ofMillis(1), Duration.ofMillis(1));
    }
    if (off.contains(Countermeasure.ONE_OUTBOUND_PER_GROUP)) {
      config.outboundRules(false, false);
    }
    return config.addressBook(book.build()).build();
  }

  /** The attacker's means. */
  record AttackParams(int groups, int perGroup, int gossipPerMinute, Duration flood) {}

  record Outcome(Set<Countermeasure> off, double newShare, double triedShare, int outbound,
      int attackerOutbound, Report report) {
    double outboundShare() {
      return outbound == 0 ? 0 : attackerOutbound / (double) outbound;
    }

    int honestOutbound() {
      return outbound - attackerOutbound;
    }
  }

  private EclipseScenario() {}

  /**
   * One run. With {@code keepCache} the victim restarts with its warm-start cache as the library
   * would; without it, from its book and (unless switched off) its anchors only, as Heilman's victim.
   */
  static Outcome run(int n, long seed, AttackParams attack, Set<Countermeasure> off,
      boolean keepCache) {
    PeerManagerConfig honest = SimWorld.defaultConfig();
    PeerManagerConfig victimConfig = config(off);
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
      if (!keepCache || off.contains(Countermeasure.ANCHORS)) {
        // Heilman's victim restarts from its address book alone: the warm-start cache (which would
        // otherwise dial the honest peers it knew first) is dropped, and for one variant the anchors.
        PeerSnapshot s = store.current();
        store = new InMemoryPeerStore(new PeerSnapshot(s.savedAt(), s.identity(), s.peers(),
            s.addressBook(), s.bans(), s.scores(),
            off.contains(Countermeasure.ANCHORS) ? List.of() : s.anchors(),
            keepCache ? s.cachedPeers() : List.of()));
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
      Outcome o = new Outcome(off, share(newAttacker, newTotal), share(triedAttacker, triedTotal),
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
    rows.add(row("defaults, warm-start cache kept", run(n, seed, attack, Set.of(), true)));
    rows.add(row("defaults (cache dropped)", run(n, seed, attack, Set.of(), false)));
    for (Countermeasure c : Countermeasure.values()) {
      rows.add(row(c.label + " off", run(n, seed, attack, EnumSet.of(c), false)));
    }
    for (Countermeasure c : Countermeasure.values()) {
      if (c != Countermeasure.ANCHORS) {
        rows.add(row("anchors and " + c.label + " off",
            run(n, seed, attack, EnumSet.of(Countermeasure.ANCHORS, c), false)));
      }
    }
    // With anchors and the group rule both off, the book countermeasures are the only defence left.
    EnumSet<Countermeasure> base =
        EnumSet.of(Countermeasure.ANCHORS, Countermeasure.ONE_OUTBOUND_PER_GROUP);
    for (Countermeasure c : List.of(Countermeasure.GROUP_BUCKETING, Countermeasure.TRIED_BIAS,
        Countermeasure.TEST_BEFORE_EVICT)) {
      EnumSet<Countermeasure> off = EnumSet.copyOf(base);
      off.add(c);
      rows.add(row("anchors, one outbound per group and " + c.label + " off",
          run(n, seed, attack, off, false)));
    }
    report.table(List.of("victim configuration", "attacker share of new", "of tried",
        "attacker outbound / all outbound", "attacker outbound share"), rows);
    if (extraSeeds > 0) {
      int kept = 0;
      double shareSum = 0;
      for (long s = seed; s < seed + extraSeeds; s++) {
        Outcome o = run(n, s, attack, Set.of(), true);
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

  private static List<String> row(String label, Outcome o) {
    return Report.row(label, Report.pct(o.newShare()), Report.pct(o.triedShare()),
        o.attackerOutbound() + " / " + o.outbound(), Report.pct(o.outboundShare()));
  }
}
