package dev.peerage.benchmarks;

import dev.peerage.benchmarks.sim.Simulator;
import java.util.Arrays;

/**
 * The benchmarks jar's entry point: {@code simulate SCENARIO [options]} runs a network simulation
 * ({@link Simulator}); anything else goes to JMH unchanged ({@code -h} lists its options).
 */
public final class BenchmarksMain {
  private BenchmarksMain() {}

  /**
   * Runs a simulation or JMH.
   *
   * @param args {@code simulate} followed by {@link Simulator}'s arguments, or JMH's arguments
   * @throws Exception whatever the simulation or JMH throws
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("simulate")) {
      Simulator.main(Arrays.copyOfRange(args, 1, args.length));
    } else {
      org.openjdk.jmh.Main.main(args);
    }
  }
}
