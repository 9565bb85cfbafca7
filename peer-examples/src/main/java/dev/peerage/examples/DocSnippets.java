package dev.peerage.examples;

import dev.peerage.core.InboundPolicy;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.spi.Transport;
import dev.peerage.store.json.JsonPeerStore;
import java.nio.file.Path;

/**
 * The short snippets of {@code docs/configuration.md} and {@code docs/persistence-format.md}, kept here so
 * the build compiles them (and {@code DocSnippetsTest} runs them): a snippet that stops compiling fails the
 * build instead of misleading a reader.
 */
final class DocSnippets {
  private DocSnippets() {}

  /** docs/configuration.md. */
  static PeerManagerConfig configuration() {
    PeerManagerConfig config = PeerManagerConfig.builder(NetworkId.MAIN)   // the network this node joins
        .outbound(2, 8, 10)                                                // min, target, max
        .inbound(InboundPolicy.ANYONE, 40)
        .build();
    return config;
  }

  /** docs/persistence-format.md: a store tied to the manager's lifetime. */
  static void openStore(Path directory, PeerManagerConfig config, Transport transport)
      throws PeerStoreException {
    try (JsonPeerStore store = JsonPeerStore.open(directory)) {
      PeerManager manager = PeerManager.builder().config(config).transport(transport).store(store).build();
      manager.close();
    }
  }

  /** docs/persistence-format.md: the builder with a size limit and a warning listener. */
  static JsonPeerStore openWithListener(Path directory) throws PeerStoreException {
    JsonPeerStore store = JsonPeerStore.builder(directory)
        .maxFileSize(128L << 20)                          // default 64 MiB
        .listener(warning -> System.err.println("peer store: " + warning.message()))
        .open();
    return store;
  }
}
