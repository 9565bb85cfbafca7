package dev.peerage.benchmarks.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs one simulation scenario and prints its results as markdown; charts go to an output directory.
 *
 * <p>Usage: {@code java -jar peer-benchmarks/target/benchmarks.jar simulate SCENARIO [options]} where
 * SCENARIO is {@code bootstrap}, {@code churn}, {@code restart}, {@code eclipse} or {@code outage}.
 * Every run is deterministic: the same scenario, options and seed print the same figures (wall time
 * and heap aside). See {@code docs/simulation.md}.
 */
public final class Simulator {
  private Simulator() {}

  /**
   * Parses the arguments, runs the scenario and prints its report.
   *
   * @param args the scenario name, then options: {@code --nodes N} (default 1000), {@code --seed S}
   *     (default 1), {@code --out DIR} (default {@code sim-out}), {@code --minutes M} (bootstrap:
   *     virtual minutes observed, default 15), {@code --hours H} (churn length and eclipse flood,
   *     default 24), and for the eclipse scenario {@code --groups G} (attacker /16s, default 32),
   *     {@code --per-group A} (addresses per /16, default 256), {@code --gossip R} (addresses
   *     gossiped to the victim per virtual minute, default 100), {@code --drop-after M} (minutes the
   *     attacker keeps the victim's connections during the flood, 0 keeps them, default 1),
   *     {@code --churn P} (percent of honest nodes replaced per hour, default 2), {@code --seeds K}
   *     (seeds per variant, default 10) and {@code --also-off LIST} (countermeasures switched off in
   *     every variant, comma-separated: bucketing, tried-bias, test-before-evict, anchors, group-rule)
   * @throws IOException if a chart cannot be written
   * @throws IllegalArgumentException if an argument is unknown, lacks its value or is not a number
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "expected a scenario: bootstrap, churn, restart, eclipse or outage");
    }
    String scenario = args[0].toLowerCase(Locale.ROOT);
    int nodes = 1000;
    long seed = 1;
    Path out = Path.of("sim-out");
    int hours = 24;
    int minutes = 15;
    int groups = 32;
    int perGroup = 256;
    int gossip = 100;
    int seeds = 10;
    double churn = 0.02;
    int dropAfter = 1;
    String alsoOff = "";
    for (int i = 1; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--nodes" -> nodes = Integer.parseInt(require(args[i], value));
        case "--seed" -> seed = Long.parseLong(require(args[i], value));
        case "--out" -> out = Path.of(require(args[i], value));
        case "--hours" -> hours = Integer.parseInt(require(args[i], value));
        case "--minutes" -> minutes = Integer.parseInt(require(args[i], value));
        case "--groups" -> groups = Integer.parseInt(require(args[i], value));
        case "--per-group" -> perGroup = Integer.parseInt(require(args[i], value));
        case "--gossip" -> gossip = Integer.parseInt(require(args[i], value));
        case "--seeds" -> seeds = Integer.parseInt(require(args[i], value));
        case "--churn" -> churn = Double.parseDouble(require(args[i], value)) / 100;
        case "--drop-after" -> dropAfter = Integer.parseInt(require(args[i], value));
        case "--also-off" -> alsoOff = require(args[i], value);
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "', expected --nodes, --seed, --out, --hours, --minutes, --groups, --per-group,"
            + " --gossip, --seeds, --churn, --drop-after or --also-off");
      }
    }
    long wallStart = System.nanoTime();
    Report report = switch (scenario) {
      case "bootstrap" -> BootstrapScenario.run(nodes, seed, Duration.ofMinutes(minutes)).report();
      case "churn" -> ChurnScenario.run(nodes, seed, hours).report();
      case "restart" -> RestartScenario.run(nodes, seed).report();
      case "outage" -> OutageScenario.run(nodes, seed).report();
      case "eclipse" -> EclipseScenario.report(
          new EclipseScenario.NetworkParams(nodes, churn, Duration.ofHours(24),
              Duration.ofMinutes(10), Duration.ofHours(6)),
          seed,
          new EclipseScenario.AttackParams(groups, perGroup, gossip, Duration.ofHours(hours),
              Duration.ofMinutes(dropAfter)),
          seeds, EclipseScenario.Countermeasure.parse(alsoOff));
      default -> throw new IllegalArgumentException("unknown scenario '" + args[0]
          + "', expected bootstrap, churn, restart, eclipse or outage");
    };
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    Runtime rt = Runtime.getRuntime();
    report.line(String.format(Locale.ROOT,
        "Wall time %.1f s; heap used at the end %d MB of max %d MB; %d processors.", wallSeconds,
        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20,
        rt.availableProcessors()));
    report.writeCharts(out);
    System.out.println(report.text());
  }

  private static String require(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
