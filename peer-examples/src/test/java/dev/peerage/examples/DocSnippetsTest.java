package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import dev.peerage.store.json.JsonPeerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the documentation snippets kept in {@link DocSnippets}. */
class DocSnippetsTest {
  @TempDir Path directory;

  @Test
  void theConfigurationSnippetBuildsTheDocumentedValues() {
    PeerManagerConfig config = DocSnippets.configuration();
    assertThat(config.minOutbound()).isEqualTo(2);
    assertThat(config.outboundTarget()).isEqualTo(8);
    assertThat(config.maxOutbound()).isEqualTo(10);
    assertThat(config.maxInbound()).isEqualTo(40);
  }

  @Test
  void thePersistenceSnippetsOpenAndReleaseAStore() throws Exception {
    InMemoryNetwork network = InMemoryNetwork.builder()
        .scheduler(new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"))).build();
    DocSnippets.openStore(directory, DocSnippets.configuration(),
        network.transport(PeerAddress.parse("10.0.0.1:9000")));
    try (JsonPeerStore store = DocSnippets.openWithListener(directory)) {
      assertThat(store.directory()).isEqualTo(directory);
    }
    assertThat(Files.isDirectory(directory)).isTrue();
  }
}
