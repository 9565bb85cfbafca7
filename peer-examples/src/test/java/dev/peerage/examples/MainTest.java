package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void printsModulesAndParsedAddresses() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Main.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("peer-core", "peer-store-json", "peer-transport-netty");
    assertThat(out).contains("[2001:db8::1]:8333").contains("198.51.100.4:9798")
        .contains("node.example.org:9798").contains("ipv4 8.8.0.0/16");
    assertThat(out).contains("rejected: port 70000 is out of range 1-65535 in '1.2.3.4:70000'");
  }
}
