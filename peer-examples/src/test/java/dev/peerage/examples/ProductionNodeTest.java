package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.PeerState;
import dev.peerage.core.peer.PeerTicket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the production page's node for real: JSON files with fsync and TCP on 127.0.0.1, two nodes that
 * connect, a restart that keeps what was saved, and a start on a taken port that fails loudly. Also
 * checks that the page shows exactly the code that runs.
 */
class ProductionNodeTest {
  private static final InetSocketAddress ANY_LOOPBACK_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final long WAIT_SECONDS = 20;

  private final ExecutorService nodes = Executors.newCachedThreadPool();

  @TempDir
  Path dir;

  @AfterEach
  void stopThreads() throws InterruptedException {
    nodes.shutdownNow();
    assertThat(nodes.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void twoNodesConnectOverTcpSaveWhatTheyLearnedAndATakenPortFailsTheStart() throws Exception {
    Running first = start(dir.resolve("first"), ANY_LOOPBACK_PORT, List.of());
    PeerTicket firstTicket = first.ticket.get(WAIT_SECONDS, TimeUnit.SECONDS);
    PeerAddress firstAddress = firstTicket.addresses().get(0);

    Running second = start(dir.resolve("second"), ANY_LOOPBACK_PORT, List.of(firstAddress));
    PeerManager secondManager = second.manager.get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitConnected(secondManager);

    // A third node on the first one's port: the start fails, naming the cause, and nothing is left open.
    CountDownLatch never = new CountDownLatch(1);
    assertThatThrownBy(() -> ProductionNode.run(dir.resolve("third"),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), firstAddress.port()), List.of(), never,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, m -> { }))
        .isInstanceOf(PeerManagerException.class)
        .hasMessageContaining("cannot start the node")
        .hasMessageContaining("transport failed to start");
    assertThat(Files.exists(dir.resolve("third"))).isTrue(); // the store opened, and closed again

    second.stop.countDown();
    first.stop.countDown();
    second.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    first.done.get(WAIT_SECONDS, TimeUnit.SECONDS);

    // The second node saved its peer, with the node id its own dial proved.
    List<PeerEntry> saved = ProductionNode.savedPeers(dir.resolve("second"));
    assertThat(saved).singleElement().satisfies(peer -> {
      assertThat(peer.addresses()).containsExactly(firstAddress);
      assertThat(peer.nodeId()).contains(firstTicket.nodeId());
    });

    // A restart with the same arguments keeps the one entry (the import reports a duplicate).
    Running again = start(dir.resolve("second"), ANY_LOOPBACK_PORT, List.of(firstAddress));
    again.manager.get(WAIT_SECONDS, TimeUnit.SECONDS);
    again.stop.countDown();
    again.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(ProductionNode.savedPeers(dir.resolve("second"))).hasSize(1);
  }

  @Test
  void theProductionPageShowsTheCodeThatRuns() throws Exception {
    String source = Files.readString(Path.of("src/main/java/dev/peerage/examples/ProductionNode.java"));
    String page = Files.readString(Path.of("../docs/production.md"));
    for (String region : List.of("main", "wait")) {
      Matcher m = Pattern.compile("// --8<-- \\[start:" + region + "]\\n(.*?)\\n\\s*// --8<-- \\[end:"
          + region + "]", Pattern.DOTALL).matcher(source);
      assertThat(m.find()).as("region %s in the source", region).isTrue();
      String code = m.group(1).stripIndent();
      assertThat(page).as("docs/production.md shows region %s as it is", region).contains(code);
    }
  }

  private Running start(Path directory, InetSocketAddress listen, List<PeerAddress> peers) {
    Running running = new Running();
    PrintStream out = new PrintStream(new TicketCatcher(running.ticket), true, StandardCharsets.UTF_8);
    running.done = nodes.submit(() -> {
      ProductionNode.run(directory, listen, peers, running.stop, out, false, running.manager::complete);
      return null;
    });
    return running;
  }

  private static void awaitConnected(PeerManager manager) throws Exception {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    try (var ignored = manager.onPeerStateChange(status -> {
      if (status.state() == PeerState.CONNECTED) {
        connected.complete(null);
      }
    })) {
      if (manager.peerStates().stream().anyMatch(s -> s.state() == PeerState.CONNECTED)) {
        connected.complete(null);
      }
      connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** One node running on a test thread. */
  private static final class Running {
    final CountDownLatch stop = new CountDownLatch(1);
    final CompletableFuture<PeerTicket> ticket = new CompletableFuture<>();
    final CompletableFuture<PeerManager> manager = new CompletableFuture<>();
    Future<?> done;
  }

  /** Completes a future with the ticket once the node has printed its "ticket ..." line. */
  private static final class TicketCatcher extends ByteArrayOutputStream {
    private final CompletableFuture<PeerTicket> ticket;

    TicketCatcher(CompletableFuture<PeerTicket> ticket) {
      this.ticket = ticket;
    }

    @Override
    public synchronized void flush() {
      for (String line : toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("ticket ")) {
          ticket.complete(PeerTicket.parse(line.substring("ticket ".length()).strip()));
        }
      }
    }
  }
}
