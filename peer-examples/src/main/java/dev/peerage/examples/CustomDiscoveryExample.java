package dev.peerage.examples;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerStats;
import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.DiscoveryException;
import dev.peerage.core.spi.DiscoverySource;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A host's own {@link DiscoverySource}: {@link AddressFileDiscovery} reads candidate addresses from a text
 * file (one {@code host:port} per line, {@code #} starts a comment), for example a list an operator
 * keeps or a tool refreshes. The manager asks its sources when its address book is nearly empty and adds
 * what they find to the book as untrusted leads.
 */
public final class CustomDiscoveryExample {
  private CustomDiscoveryExample() {}

  /**
   * Runs the example, printing what the newcomer found and dialed.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    VirtualTime time = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();
    PeerManagerConfig config = PeerManagerConfig.builder(NetworkId.MAIN).build();

    // Six running nodes, each in its own /16, and a file that lists them (plus junk a human left there).
    List<PeerManager> nodes = new ArrayList<>();
    List<String> lines = new ArrayList<>(List.of("# peers for MAIN", "not-an-address:port", ""));
    for (int i = 1; i <= 6; i++) {
      PeerAddress address = PeerAddress.parse("30." + i + ".0.1:9000");
      PeerManager node = PeerManager.builder().config(config)
          .transport(network.transport(address)).clock(time).scheduler(time).build();
      node.start();
      nodes.add(node);
      lines.add(address + "   # node " + i);
    }
    Path file = writeTempFile(lines);

    // A direct executor keeps this example deterministic; a host passes a real one because reading a
    // file blocks, and discover() may be called on the manager's scheduler thread.
    Executor io = Runnable::run;
    AddressFileDiscovery fromFile = new AddressFileDiscovery(file, 1000, io);
    PeerManager newcomer = PeerManager.builder()
        .config(config)
        .transport(network.transport(PeerAddress.parse("30.40.0.1:9000")))
        .discovery(fromFile)
        .clock(time)
        .scheduler(time)
        .build();
    newcomer.start();
    time.advance(Duration.ofMinutes(2));

    PeerStats stats = newcomer.stats();
    out.println(fromFile.name() + " found " + fromFile.discover(NetworkId.MAIN)
        .toCompletableFuture().join().size() + " addresses");
    out.println("known addresses: " + stats.knownAddresses() + ", outbound connections: "
        + stats.outbound() + ", discovery rounds: " + stats.tasks().getOrDefault("discovery", 0L));

    newcomer.close();
    nodes.forEach(PeerManager::close);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      out.println("could not delete " + file + ": " + e.getMessage());
    }
  }

  private static Path writeTempFile(List<String> lines) {
    try {
      Path file = Files.createTempFile("peers", ".txt");
      Files.write(file, lines, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads candidate addresses from a file each time it is asked, so edits take effect without a
   * restart. Thread-safe: it holds only immutable configuration; each call reads the file afresh.
   */
  public static final class AddressFileDiscovery implements DiscoverySource {
    private final Path file;
    private final int maxAddresses;
    private final Executor executor;

    /**
     * Creates a source for one file.
     *
     * @param file the file to read, UTF-8, one {@code host:port} per line
     * @param maxAddresses the most addresses one call returns (the contract asks for a bound), at least 1
     * @param executor where the blocking read runs
     * @throws IllegalArgumentException if {@code maxAddresses} is less than 1
     */
    public AddressFileDiscovery(Path file, int maxAddresses, Executor executor) {
      this.file = Objects.requireNonNull(file, "file");
      this.executor = Objects.requireNonNull(executor, "executor");
      if (maxAddresses < 1) {
        throw new IllegalArgumentException("maxAddresses must be at least 1, was " + maxAddresses);
      }
      this.maxAddresses = maxAddresses;
    }

    @Override
    public String name() {
      return "file:" + file.getFileName();
    }

    @Override
    public CompletionStage<List<PeerAddress>> discover(NetworkId network) {
      Objects.requireNonNull(network, "network");
      // Never read on the caller's thread, and report failures through the stage, not by throwing.
      CompletableFuture<List<PeerAddress>> result = new CompletableFuture<>();
      try {
        executor.execute(() -> {
          try {
            result.complete(read());
          } catch (DiscoveryException | RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
      } catch (RuntimeException e) { // for example, the executor was shut down
        result.completeExceptionally(e);
      }
      return result;
    }

    private List<PeerAddress> read() throws DiscoveryException {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new DiscoveryException("cannot read peer file " + file + ": " + e.getMessage(), e);
      }
      // A set: the contract asks for no duplicates; insertion order keeps the file's order.
      Set<PeerAddress> found = new LinkedHashSet<>();
      for (String line : lines) {
        String text = line.replaceFirst("#.*", "").strip();
        if (text.isEmpty()) {
          continue;
        }
        try {
          found.add(PeerAddress.parse(text));
        } catch (InvalidPeerAddressException e) {
          continue; // a bad line costs that line only
        }
        if (found.size() == maxAddresses) {
          break;
        }
      }
      return List.copyOf(found);
    }
  }
}
