package dev.peerage.benchmarks.sim;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 2: every virtual hour for a day, 10% of the nodes leave and as many join (half new, half
 * returning with their stores). Ten observers each pin a persistent peer that leaves for 30 minutes once.
 */
final class ChurnScenario {
  record Sample(double hour, double connectedShare, double atTargetShare, int p10, int median,
      int p90) {}

  record Result(List<Sample> samples, List<Duration> reconnectDelays, int pinnedPairs,
      Report report) {
    double minConnectedShareAfterFirstHour() {
      double min = 1;
      for (Sample s : samples) {
        if (s.hour() >= 1) {
          min = Math.min(min, s.connectedShare());
        }
      }
      return min;
    }
  }

  private ChurnScenario() {}

  static Result run(int n, long seed, int hours) {
    PeerManagerConfig config = SimWorld.defaultConfig();
    try (SimWorld world = new SimWorld(seed)) {
      world.startSpread(0, n, config, Duration.ofMinutes(2));
      int pairs = Math.min(10, (n - SimWorld.SEEDS) / 4);
      // Observers and their pinned targets are kept out of the random churn.
      Set<Integer> fixed = new HashSet<>();
      int[] observer = new int[pairs];
      int[] target = new int[pairs];
      String[] pinId = new String[pairs];
      for (int k = 0; k < pairs; k++) {
        observer[k] = SimWorld.SEEDS + 2 * k;
        target[k] = SimWorld.SEEDS + 2 * k + 1;
        fixed.add(observer[k]);
        fixed.add(target[k]);
        PeerManager o = world.running.get(observer[k]);
        PeerEntry pinned = o.addPeer(o.newPeer(NetworkId.MAIN, SimWorld.address(target[k]))
            .flag(PeerFlag.PERSISTENT, true).build());
        pinId[k] = pinned.id();
      }
      long tick = 10;
      long leaveAt[] = new long[pairs];
      long backAt[] = new long[pairs];
      long[] backSince = new long[pairs];
      for (int k = 0; k < pairs; k++) {
        leaveAt[k] = (long) ((hours - 1) * 3600.0 * (k + 0.5) / pairs) + 1800;
        backAt[k] = leaveAt[k] + 1800;
        backSince[k] = -1;
      }
      List<Duration> delays = new ArrayList<>();
      List<Integer> gone = new ArrayList<>();
      int nextIndex = n;
      List<Sample> samples = new ArrayList<>();
      samples.add(sample(world, 0, config.outboundTarget()));
      for (long s = tick; s <= hours * 3600L; s += tick) {
        world.run(Duration.ofSeconds(tick));
        for (int k = 0; k < pairs; k++) {
          if (s == leaveAt[k]) {
            world.stop(target[k]);
          } else if (s == backAt[k]) {
            world.start(target[k], config);
            backSince[k] = s;
          } else if (backSince[k] >= 0) {
            PeerManager o = world.running.get(observer[k]);
            if (o.peerState(pinId[k]).orElseThrow().isConnected()) {
              delays.add(Duration.ofSeconds(s - backSince[k]));
              backSince[k] = -1;
            }
          }
        }
        if (s % 600 == 0) {
          samples.add(sample(world, s / 3600.0, config.outboundTarget()));
        }
        if (s % 3600 == 0) {
          List<Integer> candidates = new ArrayList<>();
          for (int i : world.running.keySet()) {
            if (i >= SimWorld.SEEDS && !fixed.contains(i)) {
              candidates.add(i);
            }
          }
          Collections.sort(candidates);
          Collections.shuffle(candidates, world.random);
          int churn = world.running.size() / 10;
          List<Integer> leaving = candidates.subList(0, Math.min(churn, candidates.size()));
          for (int i : leaving) {
            world.stop(i);
          }
          for (int j = 0; j < leaving.size(); j++) {
            if (j % 2 == 0 || gone.isEmpty()) {
              world.start(nextIndex++, config);
            } else {
              world.start(gone.remove(0), config);
            }
          }
          gone.addAll(leaving);
        }
      }
      Report report = new Report().heading("Churn: " + n + " nodes, 10% replaced every hour for "
          + hours + " h, seed " + seed);
      List<List<String>> rows = new ArrayList<>();
      for (Sample sm : samples) {
        if (sm.hour() == Math.rint(sm.hour())) {
          // The hour's worst 10-minute sample: the dip right after the previous churn.
          double worstConnected = sm.connectedShare();
          double worstAtTarget = sm.atTargetShare();
          int worstP10 = sm.p10();
          for (Sample in : samples) {
            if (in.hour() > sm.hour() - 1 && in.hour() <= sm.hour()) {
              worstConnected = Math.min(worstConnected, in.connectedShare());
              worstAtTarget = Math.min(worstAtTarget, in.atTargetShare());
              worstP10 = Math.min(worstP10, in.p10());
            }
          }
          rows.add(Report.row(Report.f(sm.hour()), Report.pct(sm.connectedShare()),
              Report.pct(sm.atTargetShare()), sm.p10(), sm.median(), sm.p90(),
              Report.pct(worstConnected), Report.pct(worstAtTarget), worstP10));
        }
      }
      report.line("Sampled every 10 minutes; a row shows the sample just before that hour's churn (hour"
          + " 0: right after the start) and the worst sample of the hour before it.");
      report.table(List.of("hour", "nodes with an outbound connection", "at target (8)",
          "outbound p10", "median", "p90", "worst in the hour: with an outbound connection",
          "at target", "outbound p10"), rows);
      List<Long> ms = new ArrayList<>();
      for (Duration d : delays) {
        ms.add(d.toMillis());
      }
      ms.sort(null);
      report.line("Persistent peers: " + pairs + " pinned peers each left for 30 min; reconnected "
          + delays.size() + " of " + pairs + "; delay after the peer came back (10 s resolution): "
          + (ms.isEmpty() ? "none" : "median " + BootstrapScenario.show(Duration.ofMillis(
              ms.get(ms.size() / 2))) + ", max " + BootstrapScenario.show(Duration.ofMillis(
              ms.get(ms.size() - 1))) + "."));
      report.line("");
      List<Double> x = new ArrayList<>();
      Map<String, List<Double>> series = new LinkedHashMap<>();
      List<Double> connected = new ArrayList<>();
      List<Double> p10 = new ArrayList<>();
      List<Double> median = new ArrayList<>();
      for (Sample sm : samples) {
        x.add(sm.hour());
        connected.add(sm.connectedShare() * 8);
        p10.add((double) sm.p10());
        median.add((double) sm.median());
      }
      series.put("connected share x 8", connected);
      series.put("outbound p10", p10);
      series.put("outbound median", median);
      report.chart("churn.svg", "Churn: outbound connections over a day", "virtual hours",
          "outbound connections", x, series);
      return new Result(samples, delays, pairs, report);
    }
  }

  private static Sample sample(SimWorld world, double hour, int target) {
    List<Integer> counts = new ArrayList<>();
    int connected = 0;
    int atTarget = 0;
    for (Map.Entry<Integer, PeerManager> e : world.running.entrySet()) {
      if (e.getKey() < SimWorld.SEEDS) {
        continue;
      }
      int out = SimWorld.outbound(e.getValue());
      counts.add(out);
      if (out > 0) {
        connected++;
      }
      if (out >= target) {
        atTarget++;
      }
    }
    counts.sort(null);
    int size = counts.size();
    return new Sample(hour, connected / (double) size, atTarget / (double) size,
        counts.get(size / 10), counts.get(size / 2), counts.get(Math.min(size - 1, size * 9 / 10)));
  }
}
