package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.DiscoveryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the custom discovery example and checks the file source's contract on its own. */
class CustomDiscoveryExampleTest {
  @TempDir Path dir;

  @Test
  void theNewcomerFindsAndDialsThePeersInTheFile() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CustomDiscoveryExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).containsPattern("file:peers[0-9]*\\.txt found 6 addresses");
    assertThat(out).contains("known addresses: 6, outbound connections: 6, discovery rounds: 1");
  }

  @Test
  void skipsCommentsBadLinesAndDuplicatesAndStopsAtTheBound() throws IOException {
    Path file = dir.resolve("peers.txt");
    Files.write(file, List.of("30.1.0.1:9000 # one", "junk", "30.1.0.1:9000", "30.2.0.1:9000",
        "30.3.0.1:9000"));
    var source = new CustomDiscoveryExample.AddressFileDiscovery(file, 2, Runnable::run);
    assertThat(source.discover(NetworkId.MAIN).toCompletableFuture().join()).containsExactly(
        PeerAddress.parse("30.1.0.1:9000"), PeerAddress.parse("30.2.0.1:9000"));
  }

  @Test
  void aMissingFileFailsTheStageNotTheCall() {
    var source = new CustomDiscoveryExample.AddressFileDiscovery(dir.resolve("absent.txt"), 10,
        Runnable::run);
    var stage = source.discover(NetworkId.MAIN).toCompletableFuture();
    assertThatThrownBy(stage::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(DiscoveryException.class).hasMessageContaining("absent.txt");
  }
}
