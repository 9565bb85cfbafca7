package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the events example: backoff with a retry time, a ban, a failed save, and the metrics. */
class PeerEventsExampleTest {
  @Test
  void printsEventsAndMetrics() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PeerEventsExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).containsPattern("state CONNECTING -> BACKOFF, retry at 2026-01-01T00:0");
    assertThat(out).contains("banned ").contains("sent garbage");
    assertThat(out).contains("store failed: ").contains("no space left on device");
    assertThat(out).contains("flaky is CONNECTED");
    assertThat(out).contains("peerage.connections{direction=outbound} 1");
    assertThat(out).contains("peerage.managed{state=CONNECTED} 1");
    assertThat(out).contains("peerage.bans 1");
    assertThat(out).containsPattern("peerage\\.dials\\.total\\{outcome=[A-Z_]+\\} [1-9]");
  }
}
