package dev.peerage.examples;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.JsonPeerStore;
import dev.peerage.transport.netty.NettyTransport;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A production host in one class, as docs/production.md walks through it: crash-safe files
 * ({@link JsonPeerStore}), real TCP ({@link NettyTransport}), a start that waits until the port is bound,
 * and a shutdown hook that closes (and so saves) before the JVM exits.
 *
 * <p>Run it with a data directory, a listen address and any peers to keep connected:
 * {@code java -cp ... dev.peerage.examples.ProductionNode ./data 0.0.0.0:9000 203.0.113.7:9000}.
 */
public final class ProductionNode {
  /** How long start() may take to bind the port before the host gives up. */
  static final long BIND_TIMEOUT_SECONDS = 10;

  private ProductionNode() {}

  /**
   * Runs a node until the JVM is asked to stop (Ctrl-C, SIGTERM).
   *
   * @param args the data directory, then the listen address (host:port), then peers to add (host:port)
   * @throws Exception if the store cannot be opened or the port cannot be bound
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ProductionNode <data directory> <listen host:port> [peer host:port ...]");
      System.exit(2);
    }
    List<PeerAddress> peers = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      peers.add(PeerAddress.parse(args[i]));
    }
    CountDownLatch stop = new CountDownLatch(1);
    PeerAddress listen = PeerAddress.parse(args[1]);
    run(Path.of(args[0]), new InetSocketAddress(listen.host(), listen.port()), peers, stop, System.out,
        true, manager -> { });
  }

  /**
   * Starts a node, prints its ticket, and blocks until {@code stop} is released; then closes it.
   *
   * @param directory where the store keeps its files; created if missing
   * @param listen the address to bind (port 0: any free port)
   * @param peers peers to add as managed peers (kept connected)
   * @param stop released to stop the node (by the shutdown hook, or by a test)
   * @param out where the node prints its ticket
   * @param hook whether to install a JVM shutdown hook that releases {@code stop} and waits for the close
   * @param started called with the running manager once its ticket is printed (a test watches it)
   * @throws PeerStoreException if the store cannot be opened
   * @throws PeerManagerException if the transport cannot start within {@value #BIND_TIMEOUT_SECONDS} s
   * @throws InterruptedException if interrupted while running
   */
  static void run(Path directory, InetSocketAddress listen, List<PeerAddress> peers, CountDownLatch stop,
      PrintStream out, boolean hook, Consumer<PeerManager> started)
      throws PeerStoreException, InterruptedException {
    // --8<-- [start:main]
    JsonPeerStore store = JsonPeerStore.open(directory);        // locks the directory: one node per store
    NettyTransport transport = NettyTransport.builder()
        .listen(listen)                                        // port 0: any free port
        .build();
    PeerManager manager = PeerManager.builder()
        .config(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .transport(transport)
        .store(store)                                          // the manager closes it
        .build();

    try {
      // Loads the store now; the stage completes once the port is bound (or fails: port taken).
      manager.start().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      manager.close();
      throw new PeerManagerException("cannot start the node: " + e.getCause(), e);
    }
    // Peers added in an earlier run are stored already: importing them again reports duplicates.
    manager.importAddresses(NetworkId.MAIN, peers.stream().map(PeerAddress::toString).toList());
    out.println("ticket " + manager.ticket(Optional.empty()).encode());
    // --8<-- [end:main]
    started.accept(manager);
    // --8<-- [start:wait]
    CountDownLatch closed = new CountDownLatch(1);
    if (hook) {
      // Peerage's threads are daemons: without this wait, main returning would end the node at once.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.countDown();
        try {
          closed.await(30, TimeUnit.SECONDS);                  // let the close below save first
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "node-shutdown"));
    }
    try {
      stop.await();
    } finally {
      manager.close();                                         // closes connections, saves, unlocks
      closed.countDown();
    }
    // --8<-- [end:wait]
  }

  /** The managed peers saved in a data directory, for a test to look at after the node stopped. */
  static List<PeerEntry> savedPeers(Path directory) throws PeerStoreException {
    try (JsonPeerStore store = JsonPeerStore.open(directory)) {
      return store.load().peers();
    }
  }
}
