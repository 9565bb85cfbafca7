package dev.peerage.benchmarks.sim;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerStats;
import dev.peerage.core.book.AddressBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scenario 1: n nodes join over ten virtual minutes from five seed nodes. */
final class BootstrapScenario {
  /** What the tests assert on. */
  record Result(int nodes, double reachedShare, Duration to95, Duration to100, double dialsPerNode,
      double messagesPerNode, double meanBook, Report report) {}

  private BootstrapScenario() {}

  static Result run(int n, long seed, Duration observe) {
    PeerManagerConfig config = SimWorld.defaultConfig();
    try (SimWorld world = new SimWorld(seed)) {
      world.discardSaves(); // nobody restarts: a second copy of every book would only fill the heap
      Instant t0 = world.time.instant();
      long[] joinAt = new long[n];
      for (int i = SimWorld.SEEDS; i < n; i++) {
        joinAt[i] = (long) (world.random.nextDouble() * Duration.ofMinutes(10).toMillis());
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(joinAt[a], joinAt[b]));
      List<Double> minutes = new ArrayList<>();
      List<Double> atTarget = new ArrayList<>();
      List<Double> joined = new ArrayList<>();
      long sampleEvery = Duration.ofSeconds(30).toMillis();
      long nextSample = 0;
      int next = 0;
      long end = observe.toMillis();
      while (true) {
        long nextJoin = next < n ? joinAt[order[next]] : Long.MAX_VALUE;
        long step = Math.min(nextJoin, nextSample);
        if (step > end) {
          break;
        }
        world.time.advanceTo(t0.plusMillis(step));
        if (step == nextJoin) {
          world.start(order[next++], config);
        } else {
          int reached = 0;
          for (PeerManager m : world.running.values()) {
            if (m.stats().warmStart().timeToTarget().isPresent()) {
              reached++;
            }
          }
          minutes.add(step / 60_000.0);
          atTarget.add(reached / (double) n);
          joined.add(world.running.size() / (double) n);
          nextSample += sampleEvery;
        }
      }
      world.time.advanceTo(t0.plusMillis(end));
      // Seed nodes are left out: they have no bootstrap peer and take only inbound at first.
      List<Long> reachMillis = new ArrayList<>();
      List<Long> ownMillis = new ArrayList<>();
      long dials = 0;
      long requests = 0;
      long bytes = 0;
      long bookSum = 0;
      int bookMin = Integer.MAX_VALUE;
      long tried = 0;
      int outboundSum = 0;
      for (int i = SimWorld.SEEDS; i < n; i++) {
        PeerManager m = world.running.get(i);
        PeerStats stats = m.stats();
        dials += SimWorld.dials(stats);
        requests += stats.exchangeRequestsSent();
        bytes += stats.bytesOut();
        bookSum += stats.knownAddresses();
        bookMin = Math.min(bookMin, stats.knownAddresses());
        tried += m.addressBook().size(AddressBook.Table.TRIED);
        outboundSum += stats.outbound();
        long startOffset = Duration.between(t0, world.startedAt.get(i)).toMillis();
        stats.warmStart().timeToTarget().ifPresent(d -> {
          reachMillis.add(startOffset + d.toMillis());
          ownMillis.add(d.toMillis());
        });
      }
      int joiners = n - SimWorld.SEEDS;
      reachMillis.sort(null);
      ownMillis.sort(null);
      Duration to95 = quantileTime(reachMillis, joiners, 0.95);
      Duration to100 = quantileTime(reachMillis, joiners, 1.0);
      double dialsPerNode = dials / (double) joiners;
      double messagesPerNode = requests / (double) joiners;
      double meanBook = bookSum / (double) joiners;
      Report report = new Report().heading("Bootstrap: " + n + " nodes, seed " + seed);
      report.table(List.of("measure", "value"), List.of(
          Report.row("nodes (5 seeds), joining over", n + ", 10 min"),
          Report.row("observed for", observe.toMinutes() + " min"),
          Report.row("joiners that reached the outbound target (8)",
              Report.pct(reachMillis.size() / (double) joiners)),
          Report.row("time from the first join until 95% had reached it", show(to95)),
          Report.row("... until 100% had reached it", show(to100)),
          Report.row("each node's own time to target: median / 95th percentile",
              show(RestartScenario.quantile(ownMillis, joiners, 0.5)) + " / "
                  + show(RestartScenario.quantile(ownMillis, joiners, 0.95))),
          Report.row("mean outbound at the end", Report.f(outboundSum / (double) joiners)),
          Report.row("dials per node", Report.f(dialsPerNode)),
          Report.row("address requests sent per node", Report.f(messagesPerNode)),
          Report.row("bytes sent per node", Report.f(bytes / (double) joiners)),
          Report.row("address book: mean / min entries", Report.f(meanBook) + " / " + bookMin),
          Report.row("address book: mean tried entries", Report.f(tried / (double) joiners))));
      Map<String, List<Double>> series = new LinkedHashMap<>();
      series.put("joined", joined);
      series.put("reached target", atTarget);
      report.chart("bootstrap-" + n + ".svg", "Bootstrap of " + n + " nodes", "virtual minutes",
          "share of nodes", minutes, series);
      return new Result(n, reachMillis.size() / (double) joiners, to95, to100, dialsPerNode,
          messagesPerNode, meanBook, report);
    }
  }

  /** The time from the scenario start until the given share of all joiners had reached the target. */
  private static Duration quantileTime(List<Long> sortedReach, int population, double share) {
    int needed = (int) Math.ceil(population * share);
    if (needed == 0) {
      return Duration.ZERO;
    }
    if (sortedReach.size() < needed) {
      return null;
    }
    return Duration.ofMillis(sortedReach.get(needed - 1));
  }

  static String show(Duration d) {
    if (d == null) {
      return "not reached";
    }
    return d.toSeconds() >= 120 ? Report.f(d.toMillis() / 60_000.0) + " min"
        : Report.f(d.toMillis() / 1000.0) + " s";
  }
}
