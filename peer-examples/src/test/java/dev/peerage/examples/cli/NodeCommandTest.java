package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCommandTest {
  @TempDir
  Path dir;

  @Test
  void runsForTheGivenTimeAndSavesItsPeers() throws IOException {
    Path defaults = dir.resolve("defaults.txt");
    Files.writeString(defaults, "# bootstrap\n127.0.0.21:9333\n");
    String store = dir.resolve("node").toString();
    CliRun run = CliRun.of("node", "--store", store, "--listen", "127.0.0.1:0",
        "--network", "regtest", "--peer", "127.0.0.25:9333", "--peer", "127.0.0.26:9333",
        "--defaults", defaults.toString(), "--run-for", "PT0.3S");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("listening on 127\\.0\\.0\\.1:[1-9][0-9]*")
        .contains("on network regtest", "ticket PEERAGE1", "stopping:");

    CliRun list = CliRun.of("peers", "list", "--store", store, "--network", "regtest");
    assertThat(list.out()).contains("127.0.0.25:9333", "127.0.0.26:9333", "127.0.0.21:9333",
        "DEFAULT_BOOTSTRAP", "persistent", "3 peer(s)");
  }

  @Test
  void aTakenPortFailsTheNodeWithTheCauseInsteadOfRunningDeaf() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String store = dir.resolve("node").toString();
      CliRun run = CliRun.of("node", "--store", store,
          "--listen", "127.0.0.1:" + taken.getLocalPort(), "--run-for", "PT5S");
      assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
      assertThat(run.err()).contains("could not listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("Address already in use");
      assertThat(run.out()).doesNotContain("ticket PEERAGE1");
    }
  }

  @Test
  void badOptionsAreBadInput() {
    String store = dir.resolve("node").toString();
    CliRun listen = CliRun.of("node", "--store", store, "--listen", "localhost:0");
    assertThat(listen.exitCode()).isEqualTo(2);
    assertThat(listen.err()).contains("localhost");
    CliRun peer = CliRun.of("node", "--store", store, "--peer", "1.2.3.4:70000");
    assertThat(peer.exitCode()).isEqualTo(2);
    assertThat(peer.err()).contains("70000");
    CliRun duration = CliRun.of("node", "--store", store, "--run-for", "soon");
    assertThat(duration.exitCode()).isEqualTo(2);
    assertThat(duration.err()).contains("soon");
  }
}
