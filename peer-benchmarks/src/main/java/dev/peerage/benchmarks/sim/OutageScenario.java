package dev.peerage.benchmarks.sim;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scenario 5: one node's own network goes offline for an hour and comes back. */
final class OutageScenario {
  record Result(double meanDialsPerMinute, long maxDialsPerMinute, long firstMinuteDials,
      Duration recovery, int bookBefore, int bookAfter, int triedBefore, int triedAfter,
      Report report) {}

  private OutageScenario() {}

  static Result run(int n, long seed) {
    PeerManagerConfig config = SimWorld.defaultConfig();
    try (SimWorld world = new SimWorld(seed)) {
      world.startSpread(0, n, config, Duration.ofMinutes(2));
      world.run(Duration.ofMinutes(30));
      int v = SimWorld.SEEDS;
      for (int i = SimWorld.SEEDS; i < n; i++) {
        if (SimWorld.outbound(world.running.get(i)) > SimWorld.outbound(world.running.get(v))) {
          v = i;
        }
      }
      PeerManager victim = world.running.get(v);
      PeerAddress victimAddress = SimWorld.address(v);
      int outboundBefore = SimWorld.outbound(victim);
      int bookBefore = victim.addressBook().size();
      int triedBefore = victim.addressBook().size(AddressBook.Table.TRIED);
      world.network.setOffline(victimAddress, true);
      List<Double> minutes = new ArrayList<>();
      List<Double> perMinute = new ArrayList<>();
      long last = SimWorld.dials(victim.stats());
      long first = 0;
      long max = 0;
      long sum = 0;
      for (int minute = 1; minute <= 60; minute++) {
        world.run(Duration.ofMinutes(1));
        long now = SimWorld.dials(victim.stats());
        long d = now - last;
        last = now;
        if (minute == 1) {
          first = d;
        } else {
          max = Math.max(max, d);
          sum += d;
        }
        minutes.add((double) minute);
        perMinute.add((double) d);
      }
      int bookOffline = victim.addressBook().size();
      world.network.setOffline(victimAddress, false);
      Duration recovery = null;
      int target = config.outboundTarget();
      for (int step = 1; step <= 6 * 60; step++) {
        world.run(Duration.ofSeconds(10));
        if (SimWorld.outbound(victim) >= target) {
          recovery = Duration.ofSeconds(10L * step);
          break;
        }
      }
      world.run(Duration.ofMinutes(10));
      int bookAfter = victim.addressBook().size();
      int triedAfter = victim.addressBook().size(AddressBook.Table.TRIED);
      double mean = sum / 59.0;
      Report report = new Report().heading("Outage: one node offline for an hour, " + n
          + " nodes, seed " + seed);
      report.table(List.of("measure", "value"), List.of(
          Report.row("victim outbound before", outboundBefore),
          Report.row("dials in the first offline minute", first),
          Report.row("dials per minute, minutes 2-60: mean / max", Report.f(mean) + " / " + max),
          Report.row("time to the outbound target (8) after coming back",
              BootstrapScenario.show(recovery)),
          Report.row("book entries: before / end of outage / 10 min after recovery",
              bookBefore + " / " + bookOffline + " / " + bookAfter),
          Report.row("tried entries: before / after", triedBefore + " / " + triedAfter)));
      Map<String, List<Double>> series = new LinkedHashMap<>();
      series.put("dials", perMinute);
      report.chart("outage-dials.svg", "Victim's dials per minute while offline", "minute of outage",
          "dials", minutes, series);
      return new Result(mean, max, first, recovery, bookBefore, bookAfter, triedBefore, triedAfter,
          report);
    }
  }
}
