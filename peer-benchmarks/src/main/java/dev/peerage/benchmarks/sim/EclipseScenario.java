package dev.peerage.benchmarks.sim;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.book.AddressBookEntry;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Scenario 4, after Heilman et al. 2015: one victim (a real peer manager) lives in an honest network
 * for a day, then an attacker with reachable addresses in a few /16s floods its address book for a
 * day and the victim restarts. How much of its book and its outbound connections does the attacker
 * hold, by default and with each countermeasure switched off? Every variant runs on the same seeds, so
 * the differences are paired.
 */
final class EclipseScenario {
  static final PeerAddress VICTIM = PeerAddress.parse("20.0.0.1:9000");
  private static final int VICTIM_ID = 1_000_000;
  private static final Duration SAMPLE = Duration.ofMinutes(10);
  private static final int PICKS = 10_000;

  /** A countermeasure that a variant of the victim's configuration switches off. */
  enum Countermeasure {
    GROUP_BUCKETING("bucketing by group", "bucketing"),
    TRIED_BIAS("tried-table bias", "tried-bias"),
    TEST_BEFORE_EVICT("test-before-evict", "test-before-evict"),
    ANCHORS("anchors", "anchors"),
    ONE_OUTBOUND_PER_GROUP("one outbound per group", "group-rule");

    final String label;
    final String option;

    Countermeasure(String label, String option) {
      this.label = label;
      this.option = option;
    }

    /** The countermeasures named in a comma-separated list of options ("anchors,group-rule"). */
    static Set<Countermeasure> parse(String list) {
      Set<Countermeasure> set = EnumSet.noneOf(Countermeasure.class);
      for (String name : list.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        Countermeasure match = null;
        for (Countermeasure c : values()) {
          if (c.option.equals(name.trim())) {
            match = c;
          }
        }
        if (match == null) {
          throw new IllegalArgumentException("unknown countermeasure '" + name.trim()
              + "', expected bucketing, tried-bias, test-before-evict, anchors or group-rule");
        }
        set.add(match);
      }
      return set;
    }
  }

  /** The victim's configuration: the defaults with the given countermeasures switched off. */
  static PeerManagerConfig config(Set<Countermeasure> off) {
    PeerManagerConfig.Builder config = SimWorld.defaultConfig().toBuilder();
    AddressBookConfig defaults = AddressBookConfig.defaults();
    AddressBookConfig.Builder book = defaults.toBuilder();
    if (off.contains(Countermeasure.GROUP_BUCKETING)) {
      // Placement by whole address instead of group, and no per-source or per-group bucket limit.
      book.groupBucketing(false).newBucketsPerSourceGroup(defaults.newBuckets())
          .triedBucketsPerGroup(defaults.triedBuckets());
    }
    if (off.contains(Countermeasure.TRIED_BIAS)) {
      book.triedBias(0.0);
    }
    if (off.contains(Countermeasure.TEST_BEFORE_EVICT)) {
      // Windows so short that a newcomer replaces a tried entry at once.
      book.testBeforeEvict(Duration.ofMillis(2), Duration.ofMillis(1), Duration.ofMillis(1));
    }
    if (off.contains(Countermeasure.ONE_OUTBOUND_PER_GROUP)) {
      config.outboundRules(false, false);
    }
    return config.addressBook(book.build()).build();
  }

  /**
   * The attacker's means.
   *
   * @param groups /16s it controls
   * @param perGroup reachable addresses in each
   * @param gossipPerMinute attacker addresses written into the victim's book per virtual minute
   * @param flood how long it floods before the victim restarts
   * @param dropAfter during the flood, how long it keeps a connection the victim opened to it (zero:
   *     keeps it); after the restart it keeps every connection
   */
  record AttackParams(int groups, int perGroup, int gossipPerMinute, Duration flood,
      Duration dropAfter) {}

  /**
   * The honest side and the timeline.
   *
   * @param honest honest nodes (the first five are the bootstrap nodes)
   * @param churnPerHour share of the honest nodes replaced by new ones every virtual hour
   * @param warmUp how long the victim runs among honest nodes before the attack
   * @param downtime how long the victim is down for its restart
   * @param after how long the victim is watched after the restart
   */
  record NetworkParams(int honest, double churnPerHour, Duration warmUp, Duration downtime,
      Duration after) {}

  /**
   * One run's figures. Book shares and {@code attackerOutbound} are taken 10 minutes after the restart;
   * {@code meanShareAfter} and {@code minHonestAfter} over samples every 10 minutes from then on.
   */
  record Outcome(Set<Countermeasure> off, int newEntries, double newShare, int triedEntries,
      double triedShare, double pickShare, int outbound, int attackerOutbound,
      double shareBeforeRestart, double meanShareAfter, int minHonestAfter,
      List<Double> sharesAfter) {
    double outboundShare() {
      return outbound == 0 ? 0 : attackerOutbound / (double) outbound;
    }

    int honestOutbound() {
      return outbound - attackerOutbound;
    }
  }

  private EclipseScenario() {}

  /** One run of one victim configuration on one seed. */
  static Outcome run(NetworkParams net, long seed, AttackParams attack, Set<Countermeasure> off) {
    PeerManagerConfig victimConfig = config(off);
    try (SimWorld world = new SimWorld(seed)) {
      HonestNetwork honest = new HonestNetwork(world.network, world.time, net.honest(), seed);
      Timeline timeline = new Timeline(world, honest, net.churnPerHour());
      world.start(VICTIM_ID, VICTIM, victimConfig, new InMemoryPeerStore());
      timeline.advance(net.warmUp());

      Attacker attacker = new Attacker(world.network, world.time, attack.groups(),
          attack.perGroup(), seed, HonestNetwork.ANSWER);
      attacker.dropAcceptedAfter(attack.dropAfter());
      timeline.attacker = attacker;
      timeline.gossipPerMinute = attack.gossipPerMinute();
      timeline.advance(attack.flood());
      attacker.dropAcceptedAfter(Duration.ZERO);
      double before = share(attacker, world.running.get(VICTIM_ID));

      world.stop(VICTIM_ID);
      timeline.advance(net.downtime());
      InMemoryPeerStore store = world.stores.get(VICTIM_ID);
      if (off.contains(Countermeasure.ANCHORS)) {
        // The warm start as a whole: neither the anchors nor the cached peers are dialled first.
        PeerSnapshot s = store.current();
        store = new InMemoryPeerStore(new PeerSnapshot(s.savedAt(), s.identity(), s.peers(),
            s.addressBook(), s.bans(), s.scores(), List.of(), List.of()));
      }
      PeerManager victim = world.start(VICTIM_ID, VICTIM, victimConfig, store);
      timeline.advance(SAMPLE);

      int newTotal = 0;
      int newAttacker = 0;
      int triedTotal = 0;
      int triedAttacker = 0;
      for (AddressBookSnapshot.Entry e : victim.addressBook().snapshot().entries()) {
        boolean bad = attacker.owns(e.address());
        if (e.tried()) {
          triedTotal++;
          triedAttacker += bad ? 1 : 0;
        } else {
          newTotal++;
          newAttacker += bad ? 1 : 0;
        }
      }
      double picks = reachablePickShare(victim, victimConfig, world.time, seed, attacker,
          honest);
      int outbound = SimWorld.outbound(victim);
      int attackerOutbound = attackerOutbound(attacker, victim);
      double shareSum = 0;
      int samples = 0;
      List<Double> sharesAfter = new ArrayList<>();
      int minHonest = Integer.MAX_VALUE;
      for (Duration watched = Duration.ZERO; watched.compareTo(net.after()) < 0;
          watched = watched.plus(SAMPLE)) {
        if (samples > 0) {
          timeline.advance(SAMPLE);
        }
        double share = share(attacker, victim);
        sharesAfter.add(share);
        shareSum += share;
        minHonest = Math.min(minHonest, SimWorld.outbound(victim) - attackerOutbound(attacker, victim));
        samples++;
      }
      attacker.close();
      honest.close();
      return new Outcome(off, newTotal, ratio(newAttacker, newTotal), triedTotal,
          ratio(triedAttacker, triedTotal), picks,
          outbound, attackerOutbound, before, samples == 0 ? 0 : shareSum / samples,
          samples == 0 ? outbound - attackerOutbound : minHonest, List.copyOf(sharesAfter));
    }
  }

  /** Moves the world on minute by minute: honest churn every hour, and the attacker's flood. */
  private static final class Timeline {
    private final SimWorld world;
    private final HonestNetwork honest;
    private final double churnPerHour;
    private Instant nextChurn;
    private long minute;
    Attacker attacker;
    int gossipPerMinute;

    Timeline(SimWorld world, HonestNetwork honest, double churnPerHour) {
      this.world = world;
      this.honest = honest;
      this.churnPerHour = churnPerHour;
      this.nextChurn = world.time.instant().plus(Duration.ofHours(1));
    }

    void advance(Duration duration) {
      Instant end = world.time.instant().plus(duration);
      while (world.time.instant().isBefore(end)) {
        PeerManager victim = world.running.get(VICTIM_ID);
        if (attacker != null && victim != null) {
          // Unsolicited gossip, as Bitcoin's addr relay (this library only answers requests, and
          // rate-limits them): written straight into the book, so this attacker is stronger than a
          // real one. Every ten minutes an attacker address also connects in.
          for (int k = 0; k < gossipPerMinute; k++) {
            victim.addressBook().add(attacker.randomAddress(), attacker.randomAddress());
          }
          if (minute % 10 == 0) {
            attacker.dialFrom(world.random.nextInt(attacker.size()), VICTIM);
          }
        }
        if (!world.time.instant().isBefore(nextChurn)) {
          honest.churn(churnPerHour);
          nextChurn = nextChurn.plus(Duration.ofHours(1));
        }
        Instant next = world.time.instant().plus(Duration.ofMinutes(1));
        world.time.advanceTo(next.isAfter(end) ? end : next);
        minute++;
      }
    }
  }

  /**
   * What the book would give the dialler: a copy of the victim's book (same key, same configuration)
   * draws {@value #PICKS} addresses as an outbound dial would, and of those that answer (attacker
   * addresses and live honest ones), the attacker's share. Low-noise where the handful of real
   * outbound connections is not.
   */
  private static double reachablePickShare(PeerManager victim, PeerManagerConfig config,
      InstantSource clock, long seed, Attacker attacker, HonestNetwork honest) {
    AddressBook copy = AddressBook.builder().config(config.addressBook())
        .clock(clock)
        .random(new Random(seed)).build();
    copy.restore(victim.addressBook().snapshot());
    int bad = 0;
    int good = 0;
    for (int i = 0; i < PICKS; i++) {
      Optional<AddressBookEntry> pick = copy.select();
      if (pick.isEmpty()) {
        break;
      }
      PeerAddress address = pick.get().address();
      if (attacker.owns(address)) {
        bad++;
      } else if (honest.isLive(address)) {
        good++;
      }
    }
    return ratio(bad, bad + good);
  }

  private static int attackerOutbound(Attacker attacker, PeerManager victim) {
    int n = 0;
    for (Connection c : victim.connections()) {
      if (c.direction() == Direction.OUTBOUND && attacker.owns(c.remoteAddress())) {
        n++;
      }
    }
    return n;
  }

  private static double share(Attacker attacker, PeerManager victim) {
    return ratio(attackerOutbound(attacker, victim), SimWorld.outbound(victim));
  }

  private static double ratio(int part, int total) {
    return total == 0 ? 0 : part / (double) total;
  }

  /**
   * The variants the report compares: the base (the defaults with {@code baseOff} switched off), then
   * the base with each other countermeasure off as well.
   */
  static List<Set<Countermeasure>> variants(Set<Countermeasure> baseOff) {
    List<Set<Countermeasure>> variants = new ArrayList<>();
    variants.add(Set.copyOf(baseOff));
    for (Countermeasure c : Countermeasure.values()) {
      if (!baseOff.contains(c)) {
        Set<Countermeasure> off = EnumSet.of(c);
        off.addAll(baseOff);
        variants.add(off);
      }
    }
    return variants;
  }

  /** Every variant on seeds {@code seed} to {@code seed + seeds - 1}. */
  static Map<Set<Countermeasure>, List<Outcome>> runAll(NetworkParams net, long seed,
      AttackParams attack, int seeds, Set<Countermeasure> baseOff) {
    Map<Set<Countermeasure>, List<Outcome>> results = new LinkedHashMap<>();
    for (Set<Countermeasure> off : variants(baseOff)) {
      List<Outcome> outcomes = new ArrayList<>();
      for (long s = seed; s < seed + seeds; s++) {
        outcomes.add(run(net, s, attack, off));
      }
      results.put(off, outcomes);
    }
    return results;
  }

  static Report report(NetworkParams net, long seed, AttackParams attack, int seeds,
      Set<Countermeasure> baseOff) {
    Map<Set<Countermeasure>, List<Outcome>> results = runAll(net, seed, attack, seeds, baseOff);
    Report report = new Report().heading(String.format(Locale.ROOT,
        "Eclipse attempt: %d honest nodes (%.0f%% replaced per hour), attacker %d /16s x %d"
            + " addresses gossiping %d addresses/min for %d h (dropping the victim's connections"
            + " after %s), victim restarts after %d min down; seeds %d to %d",
        net.honest(), net.churnPerHour() * 100, attack.groups(), attack.perGroup(),
        attack.gossipPerMinute(), attack.flood().toHours(),
        attack.dropAfter().isZero() ? "never" : attack.dropAfter().toMinutes() + " min",
        net.downtime().toMinutes(), seed, seed + seeds - 1)
        + (baseOff.isEmpty() ? "" : "; in every row " + label(baseOff)));
    List<Outcome> defaults = results.get(Set.copyOf(baseOff));
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<Set<Countermeasure>, List<Outcome>> e : results.entrySet()) {
      List<Outcome> outcomes = e.getValue();
      boolean base = e.getKey().equals(baseOff);
      int kept = 0;
      int keptThroughout = 0;
      for (Outcome o : outcomes) {
        kept += o.honestOutbound() >= 2 ? 1 : 0;
        keptThroughout += o.minHonestAfter() >= 2 ? 1 : 0;
      }
      rows.add(Report.row(label(e.getKey()),
          Report.pct(mean(outcomes, Outcome::newShare)),
          Report.pct(mean(outcomes, Outcome::triedShare)),
          withChange(outcomes, defaults, Outcome::pickShare, base),
          withChange(outcomes, defaults, Outcome::outboundShare, base),
          withChange(outcomes, defaults, Outcome::meanShareAfter, base),
          kept + " / " + outcomes.size(), keptThroughout + " / " + outcomes.size()));
    }
    report.table(List.of("victim configuration", "attacker share of new", "of tried",
        "of reachable book picks", "of outbound 10 min after the restart",
        "of outbound, mean over the " + net.after().toHours() + " h after",
        "seeds with >= 2 honest outbound 10 min after", "... at every sample after"), rows);
    List<Double> hours = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (Map.Entry<Set<Countermeasure>, List<Outcome>> e : results.entrySet()) {
      List<Double> means = new ArrayList<>();
      int length = e.getValue().get(0).sharesAfter().size();
      for (int i = 0; i < length; i++) {
        final int sample = i;
        means.add(mean(e.getValue(), o -> o.sharesAfter().get(sample)));
      }
      series.put(label(e.getKey()), means);
      if (hours.isEmpty()) {
        for (int i = 0; i < length; i++) {
          hours.add((i + 1) * SAMPLE.toMinutes() / 60.0);
        }
      }
    }
    report.chart("eclipse-after-restart.svg", "Attacker's share of the victim's outbound connections"
        + " after the restart (mean of " + seeds + " seeds)", "hours after the restart",
        "attacker share", hours, series);
    report.line("Shares are means over the seeds, +- a 95% confidence interval (1.96 standard errors);"
        + " in brackets, the change against the first row: the mean of the per-seed differences on the"
        + " same seeds, +- its own 95% interval.");
    report.line("");
    return report;
  }

  private static String label(Set<Countermeasure> off) {
    if (off.isEmpty()) {
      return "defaults";
    }
    List<String> names = new ArrayList<>();
    for (Countermeasure c : off) {
      names.add(c.label);
    }
    return String.join(", ", names) + " off";
  }

  static double mean(List<Outcome> outcomes, ToDoubleFunction<Outcome> f) {
    double sum = 0;
    for (Outcome o : outcomes) {
      sum += f.applyAsDouble(o);
    }
    return outcomes.isEmpty() ? 0 : sum / outcomes.size();
  }

  /** "12.5% +- 3.1 (+4.0% +- 2.2)": the mean, and unless this is the base, the paired change. */
  private static String withChange(List<Outcome> variant, List<Outcome> defaults,
      ToDoubleFunction<Outcome> f, boolean base) {
    double[] values = new double[variant.size()];
    double[] changes = new double[variant.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = f.applyAsDouble(variant.get(i));
      changes[i] = values[i] - f.applyAsDouble(defaults.get(i));
    }
    String text = meanAndInterval(values);
    if (!base) {
      text += " (" + (mean(changes) >= 0 ? "+" : "") + meanAndInterval(changes) + ")";
    }
    return text;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }

  /** "12.5% +- 3.1", the +- part only with two or more values. */
  private static String meanAndInterval(double[] values) {
    double mean = mean(values);
    if (values.length < 2) {
      return Report.pct(mean);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double standardError = Math.sqrt(squares / (values.length - 1) / values.length);
    return Report.pct(mean) + " +- " + String.format(Locale.ROOT, "%.1f", 196 * standardError);
  }
}
