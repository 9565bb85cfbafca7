package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every duration option refuses values outside its range with exit 2, naming value and range. */
class DurationOptionTest {
  @TempDir
  Path dir;

  private Path store() {
    return dir.resolve("store");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999999999d", "P999999999999D", "PT99999999999999999999S",
      "P106751991167301D", "9999999999999999999999ms", "P36501D", "-PT1H"})
  void banDurationsOutOfRangeAreBadInput(String value) {
    CliRun run = CliRun.of("peers", "ban", "--store", store().toString(), "203.0.113.0/24",
        "--duration", value);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--duration", "'" + value + "'", "out of range",
        "PT0S (permanent) to P36500D (100 years)");
    assertThat(store()).doesNotExist();
  }

  @Test
  void banDurationsInRangeWork() {
    for (String value : new String[] {"PT0S", "7d", "90m", "P36500D", "PT1H", "500ms"}) {
      CliRun run = CliRun.of("peers", "ban", "--store", store().toString(), "203.0.113.0/24",
          "--duration", value);
      assertThat(run.exitCode()).as(value + ": " + run.err()).isZero();
    }
    assertThat(CliRun.of("peers", "ban", "--store", store().toString(), "198.51.100.0/24",
        "--duration", "0s").out()).contains("permanently");
  }

  @Test
  void malformedDurationsNameTheAcceptedForms() {
    CliRun run = CliRun.of("peers", "ban", "--store", store().toString(), "203.0.113.0/24",
        "--duration", "soon");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("'soon' is not a duration", "PT30S", "7d", "P36500D");
  }

  @ParameterizedTest
  @ValueSource(strings = {"P999999999999D", "999999999999d", "PT0S", "P36501D", "-PT1S"})
  void runForOutOfRangeIsBadInput(String value) {
    CliRun run = CliRun.of("node", "--store", store().toString(), "--run-for", value);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--run-for", "'" + value + "'",
        "PT0.001S (1 ms) to P36500D (100 years)");
    assertThat(run.out()).doesNotContain("listening");
    assertThat(store()).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"P999999999999D", "PT0S", "PT1H0.001S"})
  void stepTimeoutOutOfRangeIsBadInput(String value) {
    CliRun run = CliRun.of("demo", "--step-timeout", value);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--step-timeout", "'" + value + "'",
        "PT0.001S (1 ms) to PT1H (1 hour)");
    assertThat(run.out()).doesNotContain("Peerage demo");
  }
}
