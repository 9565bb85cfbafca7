package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the getting-started walk-through, so the documented code keeps working. */
class GettingStartedTest {
  @Test
  void theWalkThroughConnectsPairsAndDeliversAMessage() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GettingStarted.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("imported 1, rejected 1").contains("duplicates 1");
    assertThat(out).contains("launch arguments: --peer 10.0.0.2:9000 --peer 10.0.0.3:9000 --peer 10.0.0.4:9000");
    assertThat(out).contains("ticket PEERAGE1").contains("added My laptop");
    assertThat(out).contains("Home server is CONNECTED");
    assertThat(out).contains("home received on channel 1: hello");
    assertThat(out).contains("status: My laptop CONNECTED");
  }
}
