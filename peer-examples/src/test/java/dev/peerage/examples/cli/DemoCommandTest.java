package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DemoCommandTest {
  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyStepHappensAndTheExitCodeIsZero() {
    CliRun run = CliRun.of("demo");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("every node has at least 2 connections")
        .contains("BACKOFF")
        .contains("node 1 reconnected to node 3")
        .contains("BANNED")
        .contains("== Summary")
        .contains("warm start: nodes 1-4 reconnected from their stores without node 0")
        .contains("every step happened")
        .doesNotContain("DEMO FAILED");
  }

  @Test
  void rejectsANonPositiveStepTimeout() {
    CliRun run = CliRun.of("demo", "--step-timeout", "PT0S");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--step-timeout");
  }
}
