package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the shared event loops example over TCP on 127.0.0.1. */
class SharedEventLoopsExampleTest {
  @Test
  void managersConnectOnTheHostsGroupAndLeaveItRunning() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SharedEventLoopsExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("client is CONNECTED to the server");
    assertThat(out).contains("client connections: 1");
    assertThat(out).contains("after closing the managers the group is still running, shut down: false");
    assertThat(out).contains("host shut the group down: true");
  }
}
