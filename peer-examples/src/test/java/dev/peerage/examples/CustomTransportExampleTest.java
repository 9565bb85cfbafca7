package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the custom transport example: the manager drives a host transport through the SPI only. */
class CustomTransportExampleTest {
  @Test
  void theAuditedTransportSeesDialsFailuresAndCloses() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CustomTransportExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("[here] started").contains("[there] started");
    assertThat(out).contains("[here] dial 30.2.0.1:9000").contains("[here] dialed 30.2.0.1:9000");
    assertThat(out).contains("[there] inbound from 30.1.0.1");
    assertThat(out).containsPattern("\\[here\\] dial 30\\.3\\.0\\.1:9000 failed: [A-Z_]+");
    assertThat(out).contains("connected to there: true");
    assertThat(out).contains("[here] connection to 30.2.0.1:9000 closed: REQUESTED locally");
    assertThat(out).contains("closed: REQUESTED by the remote");
    assertThat(out).contains("[here] closed").contains("[there] closed");
  }
}
