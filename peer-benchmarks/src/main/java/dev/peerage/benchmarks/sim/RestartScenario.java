package dev.peerage.benchmarks.sim;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scenario 3: the whole network restarts from its stores; compared with its cold start. */
final class RestartScenario {
  record Phase(double reachedShare, Duration medianToTarget, Duration p95ToTarget,
      long bootstrapDials, long dials) {
    double bootstrapShare() {
      return dials == 0 ? 0 : bootstrapDials / (double) dials;
    }
  }

  record Result(Phase cold, Phase warm, Report report) {}

  private RestartScenario() {}

  static Result run(int n, long seed) {
    PeerManagerConfig config = SimWorld.defaultConfig();
    try (SimWorld world = new SimWorld(seed)) {
      world.startSpread(0, n, config, Duration.ofMinutes(1));
      world.run(Duration.ofMinutes(30));
      Phase cold = phase(world, n);
      world.restartWorld(Duration.ofHours(1));
      world.startSpread(0, n, config, Duration.ofMinutes(1));
      world.run(Duration.ofMinutes(30));
      Phase warm = phase(world, n);
      Report report = new Report().heading("Warm restart: " + n + " nodes, seed " + seed);
      report.table(List.of("start", "reached target", "median time to target",
          "95th percentile", "dials to bootstrap nodes", "all dials", "share to bootstrap"), List.of(
          row("cold", cold), row("warm (from the stores, 1 h later)", warm)));
      return new Result(cold, warm, report);
    }
  }

  private static List<String> row(String name, Phase p) {
    return Report.row(name, Report.pct(p.reachedShare()), BootstrapScenario.show(p.medianToTarget()),
        BootstrapScenario.show(p.p95ToTarget()), p.bootstrapDials(), p.dials(),
        Report.pct(p.bootstrapShare()));
  }

  private static Phase phase(SimWorld world, int n) {
    List<Long> times = new ArrayList<>();
    long bootstrap = 0;
    long dials = 0;
    for (int i = SimWorld.SEEDS; i < n; i++) {
      PeerManager m = world.running.get(i);
      PeerStats stats = m.stats();
      bootstrap += stats.warmStart().bootstrapDials();
      dials += SimWorld.dials(stats);
      stats.warmStart().timeToTarget().ifPresent(d -> times.add(d.toMillis()));
    }
    times.sort(null);
    int joiners = n - SimWorld.SEEDS;
    return new Phase(times.size() / (double) joiners, quantile(times, joiners, 0.5),
        quantile(times, joiners, 0.95), bootstrap, dials);
  }

  static Duration quantile(List<Long> sorted, int population, double q) {
    int needed = Math.max(1, (int) Math.ceil(population * q));
    return sorted.size() < needed ? null : Duration.ofMillis(sorted.get(needed - 1));
  }
}
