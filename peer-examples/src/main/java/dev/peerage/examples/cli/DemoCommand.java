package dev.peerage.examples.cli;

import dev.peerage.core.ExponentialBackoff;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.JsonPeerStore;
import dev.peerage.transport.netty.NettyTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: five nodes on 127.0.0.1 over real TCP, each with a JSON store in a temporary
 * directory. It shows discovery through a bootstrap node, a killed node being retried with backoff
 * and reconnected, a ban, and a restart of everything but the bootstrap node that reconnects from
 * the stores alone (warm start). Every wait is bounded; a step that does not happen in time ends the
 * demo with exit code 1 and names the step. Not thread-safe; picocli runs it once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run five nodes on 127.0.0.1: discovery, backoff, a ban and a warm start.",
    footer = {"", "Exit codes: 0 every step happened, 1 a step did not happen in time."})
public final class DemoCommand implements Callable<Integer> {
  private static final NetworkId NETWORK = NetworkId.of("demo");
  private static final int NODES = 5;
  private static final int BOOTSTRAP = 0;
  private static final int KILLED = 3;
  private static final int BANNER = 1;
  private static final int BANNED = 4;
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration BIND_WAIT = Duration.ofSeconds(2);
  private static final Duration RESTART_LATER = Duration.ofMinutes(3);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @Spec
  CommandSpec spec;

  @Option(names = "--step-timeout", paramLabel = "DURATION", defaultValue = "PT15S",
      converter = DurationOption.StepTimeout.class,
      description = "How long each step may take before the demo gives up: ISO-8601 or a "
          + "number with ms, s, m, h or d, 1 ms to PT1H (default: ${DEFAULT-VALUE}).")
  Duration stepTimeout;

  @Option(names = "--keep", description = "Keep the store directories instead of deleting them.")
  boolean keep;

  private final InstantSource clock = InstantSource.system();
  private final PeerManager[] nodes = new PeerManager[NODES];
  private final NodeId[] ids = new NodeId[NODES];
  private final int[] ports = new int[NODES];
  private final InstantSource[] clocks = new InstantSource[NODES];
  private PrintWriter out;
  private Path root;
  private Instant started;

  /** Creates the command; picocli fills in its fields. */
  public DemoCommand() {}

  /** A step that did not happen in time. */
  private static final class StepFailed extends Exception {
    StepFailed(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() throws IOException, PeerStoreException, InterruptedException {
    out = spec.commandLine().getOut();
    root = Files.createTempDirectory("peerage-demo-");
    started = clock.instant();
    try {
      run();
      return ExitCodes.OK;
    } catch (StepFailed e) {
      out.println();
      out.println("DEMO FAILED: " + e.getMessage());
      out.flush();
      spec.commandLine().getErr().println("demo failed: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.FAILURE;
    } finally {
      for (int i = 0; i < NODES; i++) {
        stop(i);
      }
      if (keep) {
        out.println("stores kept in " + root);
      } else {
        deleteTree(root);
      }
      out.flush();
    }
  }

  private void run() throws StepFailed, PeerStoreException, InterruptedException {
    out.println("Peerage demo: " + NODES + " nodes on 127.0.0.1, JSON stores in " + root);
    out.println();

    // --- 1. discovery ------------------------------------------------------------------------------
    section("1. Start five nodes; node 0 is the bootstrap node of the others");
    for (int i = 0; i < NODES; i++) {
      start(i, 0, clock);
      out.println("  node " + i + " listens on 127.0.0.1:" + ports[i] + "  id " + ids[i].shortString()
          + (i == BOOTSTRAP ? "  (bootstrap)" : ""));
    }
    // Node 1 keeps node 3 as a persistent peer (so losing it shows backoff) and knows node 4.
    nodes[BANNER].addPeer(nodes[BANNER].newPeer(NETWORK, address(KILLED)).label("node " + KILLED)
        .nodeId(ids[KILLED]).flag(PeerFlag.PERSISTENT, true).build());
    nodes[BANNER].addPeer(nodes[BANNER].newPeer(NETWORK, address(BANNED)).label("node " + BANNED)
        .nodeId(ids[BANNED]).build());
    Instant discoveryStart = clock.instant();
    await("discovery: every node reaches 2 connections", () -> {
      for (PeerManager node : nodes) {
        if (node.connections().size() < 2) {
          return false;
        }
      }
      return true;
    });
    Duration discovery = Duration.between(discoveryStart, clock.instant());
    out.println("  every node has at least 2 connections after " + seconds(discovery));
    table();

    // --- 2. kill, backoff, reconnect ---------------------------------------------------------------
    section("2. Kill node " + KILLED + "; node " + BANNER + " retries it with backoff");
    String killedPeer = peerId(BANNER, KILLED);
    stop(KILLED);
    out.println("  node " + KILLED + " closed");
    await("node " + BANNER + " puts node " + KILLED + " in BACKOFF", () -> stateOf(BANNER, killedPeer)
        .filter(s -> s.state() == PeerState.BACKOFF && s.nextAttempt().isPresent()).isPresent());
    table();
    await("node " + BANNER + " fails at least twice to reach node " + KILLED,
        () -> stateOf(BANNER, killedPeer).map(PeerStatus::failures).orElse(0) >= 2);
    PeerStatus beforeRestart = stateOf(BANNER, killedPeer).orElseThrow();
    out.println("  node " + BANNER + " has failed " + beforeRestart.failures()
        + " time(s) to reach node " + KILLED + "; last error: "
        + beforeRestart.lastError().orElse("-"));
    start(KILLED, ports[KILLED], clock);
    out.println("  node " + KILLED + " restarted on the same port and store");
    Instant restartAt = clock.instant();
    await("node " + BANNER + " reconnects to node " + KILLED,
        () -> stateOf(BANNER, killedPeer).map(PeerStatus::isConnected).orElse(false));
    Duration reconnect = Duration.between(restartAt, clock.instant());
    out.println("  node " + BANNER + " reconnected to node " + KILLED + " " + seconds(reconnect)
        + " after its restart");
    table();

    // --- 3. ban ------------------------------------------------------------------------------------
    section("3. Node " + BANNED + " sends node " + BANNER + " an invalid block; node " + BANNER
        + " bans it");
    String bannedPeer = peerId(BANNER, BANNED);
    // All demo nodes share 127.0.0.1, so an address ban (what reportMisbehaviour does) would cut
    // node 1 off from every node; the demo bans node 4's node id instead.
    nodes[BANNER].ban(ids[BANNED], Duration.ofHours(1), "sent an invalid block");
    await("node " + BANNER + " shows node " + BANNED + " BANNED and disconnected", () ->
        stateOf(BANNER, bannedPeer).map(s -> s.state() == PeerState.BANNED).orElse(false)
            && nodes[BANNER].connections().stream()
                .noneMatch(c -> c.remoteNodeId().equals(ids[BANNED])));
    out.println("  node " + BANNER + " bans: " + nodes[BANNER].bans().stream()
        .map(b -> b.target() + " (" + b.reason() + ")").toList());
    table();

    // --- 4. warm start -----------------------------------------------------------------------------
    section("4. Stop every node; restart all but the bootstrap node from their stores");
    for (int i = 0; i < NODES; i++) {
      stop(i);
    }
    out.println("  all nodes closed; stores saved");
    // A node does not redial an address it tried in the last minute (so a full node that refused
    // it is not hammered). A real restart comes later than this demo's, so the restarted nodes'
    // clocks run ahead by a few minutes, as if the restart came then.
    InstantSource later = InstantSource.offset(clock, RESTART_LATER);
    Instant warmStart = clock.instant();
    for (int i = 0; i < NODES; i++) {
      if (i != BOOTSTRAP) {
        start(i, ports[i], later);
      }
    }
    out.println("  nodes 1-4 restarted (clocks " + RESTART_LATER.toMinutes()
        + " minutes ahead, as if restarted later); node 0 stays down");
    await("warm start: every restarted node connects without the bootstrap node", () -> {
      for (int i = 0; i < NODES; i++) {
        if (i != BOOTSTRAP && nodes[i].connections().isEmpty()) {
          return false;
        }
      }
      return true;
    });
    Duration warm = Duration.between(warmStart, clock.instant());
    int cacheConnected = 0;
    for (int i = 0; i < NODES; i++) {
      if (i == BOOTSTRAP) {
        continue;
      }
      PeerStats.WarmStart w = nodes[i].stats().warmStart();
      cacheConnected += w.cacheConnected();
      out.printf("  node %d: %d cached peer(s), %d dialled, %d connected, %d bootstrap dial(s), "
          + "first connection after %s%n", i, w.cachedCandidates(), w.cacheDialed(),
          w.cacheConnected(), w.bootstrapDials(),
          w.timeToFirstConnection().map(DemoCommand::seconds).orElse("-"));
    }
    if (cacheConnected == 0) {
      throw new StepFailed("warm start: no node connected to a peer from its stored cache");
    }
    boolean bootstrapConnected = Stream.of(nodes).filter(n -> n != null)
        .flatMap(n -> n.connections().stream())
        .anyMatch(c -> c.remoteNodeId().equals(ids[BOOTSTRAP]));
    if (bootstrapConnected) {
      throw new StepFailed("warm start: a node is connected to the bootstrap node, which is down");
    }
    table();

    section("Summary");
    out.println("  discovery:  5 nodes found each other through node 0 in " + seconds(discovery));
    out.println("  backoff:    node " + BANNER + " retried node " + KILLED + " "
        + beforeRestart.failures() + "+ time(s), reconnected " + seconds(reconnect)
        + " after its restart");
    out.println("  ban:        node " + BANNED + " banned by node " + BANNER + " and disconnected");
    out.println("  warm start: nodes 1-4 reconnected from their stores without node 0 in "
        + seconds(warm) + " (" + cacheConnected + " cached peer connection(s))");
    out.println("demo finished after " + seconds(Duration.between(started, clock.instant()))
        + ": every step happened");
    out.flush();
  }

  // --- nodes ---------------------------------------------------------------------------------------

  private PeerManagerConfig config() {
    return PeerManagerConfig.builder(NETWORK)
        // Loopback addresses are unroutable and all in one group; admit them and drop the
        // one-outbound-per-group rule, which would allow a single outbound connection here.
        .addressBook(AddressBookConfig.builder().routableOnly(false)
            .shareLimits(1000, 100).shareCache(Duration.ZERO, 1).build())
        .outboundRules(false, false)
        .outbound(1, 3, 4)
        // Short timings so the demo finishes in seconds; the defaults suit a real network.
        .intervals(Duration.ofMillis(500), Duration.ZERO, Duration.ZERO)
        .reconnect(ExponentialBackoff.builder().base(Duration.ofMillis(200))
            .caps(Duration.ofSeconds(2), Duration.ofSeconds(2)).build(), Duration.ofSeconds(1))
        .warmStart(Duration.ofDays(7), 100, Duration.ofSeconds(2))
        .exchange(1000, Duration.ofSeconds(1), 1000, 1000)
        .groupBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
        .build();
  }

  /** Starts node i on a port (0: any free port), retrying briefly while the old port is busy. */
  private void start(int i, int port, InstantSource nodeClock) throws StepFailed, PeerStoreException, InterruptedException {
    Instant deadline = clock.instant().plus(stepTimeout);
    while (true) {
      // The demo exchanges every second, so its transport answers that often (one setting, two ends).
      NettyTransport transport = NettyTransport.builder()
          .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
          .addressRequestLimit(600, Duration.ofMinutes(10)).build();
      PeerManager node = PeerManager.builder()
          .config(config())
          .transport(transport)
          .store(JsonPeerStore.open(root.resolve("node-" + i)))
          .clock(nodeClock)
          .build();
      if (i != BOOTSTRAP) {
        node.registerDefaults(NETWORK, List.of(address(BOOTSTRAP)));
      }
      String problem;
      try {
        // start() returns once the store is loaded; its stage completes when the port is bound.
        node.start().toCompletableFuture().get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        nodes[i] = node;
        clocks[i] = nodeClock;
        ids[i] = node.localNodeId();
        ports[i] = transport.listenAddress().orElseThrow().port();
        return;
      } catch (PeerManagerException e) {
        problem = e.getMessage();
      } catch (ExecutionException e) {
        problem = e.getCause().getMessage();
      } catch (TimeoutException e) {
        problem = "the port did not open within " + seconds(BIND_WAIT);
      }
      node.close();
      if (clock.instant().isAfter(deadline)) {
        throw new StepFailed("node " + i + " could not start on port " + port + ": " + problem);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private void stop(int i) {
    if (nodes[i] != null) {
      nodes[i].close();
      nodes[i] = null;
    }
  }

  private PeerAddress address(int i) {
    return PeerAddress.parse("127.0.0.1:" + ports[i]);
  }

  /** The id under which node {@code from} manages node {@code to}. */
  private String peerId(int from, int to) throws StepFailed {
    return nodes[from].peers(dev.peerage.core.peer.PeerQuery.all().network(NETWORK)).stream()
        .filter(p -> p.addresses().contains(address(to))).map(PeerEntry::id).findFirst()
        .orElseThrow(() -> new StepFailed("node " + from + " does not manage node " + to));
  }

  private Optional<PeerStatus> stateOf(int node, String peerId) {
    return nodes[node] == null ? Optional.empty() : nodes[node].peerState(peerId);
  }

  private void await(String step, BooleanSupplier condition)
      throws StepFailed, InterruptedException {
    Instant deadline = clock.instant().plus(stepTimeout);
    while (!condition.getAsBoolean()) {
      if (clock.instant().isAfter(deadline)) {
        table();
        for (int i = 0; i < NODES; i++) {
          if (nodes[i] != null) {
            PeerStats stats = nodes[i].stats();
            out.println("  node " + i + " dials " + stats.dialsByOutcome() + " by purpose "
                + stats.dialsByPurpose() + " warm start " + stats.warmStart());
          }
        }
        throw new StepFailed("step did not happen within " + seconds(stepTimeout) + ": " + step);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  // --- output --------------------------------------------------------------------------------------

  private void section(String title) {
    out.println();
    out.println("== " + title + "  [t+" + seconds(Duration.between(started, clock.instant()))
        + "]");
    out.flush();
  }

  /** Prints every running node with its counts and its managed peers' states. */
  private void table() {
    out.printf("  %-7s %-6s %3s %3s %5s   %-14s %-12s %s%n", "NODE", "PORT", "OUT", "IN",
        "KNOWN", "MANAGED PEER", "STATE", "NEXT RETRY");
    for (int i = 0; i < NODES; i++) {
      PeerManager node = nodes[i];
      if (node == null) {
        out.printf("  %-7s %-6d %s%n", "node " + i, ports[i], "(down)");
        continue;
      }
      PeerStats stats = node.stats();
      Instant now = clocks[i].instant();
      List<PeerStatus> managed = new ArrayList<>(node.peerStates());
      managed.sort(Comparator.comparing(s -> name(s.peer())));
      String head = String.format("  %-7s %-6d %3d %3d %5d   ", "node " + i, ports[i],
          stats.outbound(), stats.inbound(), stats.knownAddresses());
      if (managed.isEmpty()) {
        out.println(head + "-");
      }
      for (int k = 0; k < managed.size(); k++) {
        PeerStatus s = managed.get(k);
        String retry = s.nextAttempt()
            .map(t -> CLOCK.format(t) + " (in " + seconds(Duration.between(now, t)) + ")")
            .orElse("");
        out.println(String.format("%s%-14s %-12s %s", k == 0 ? head : " ".repeat(head.length()),
            name(s.peer()), s.state(), retry).stripTrailing());
      }
    }
    out.flush();
  }

  private String name(PeerEntry peer) {
    for (int i = 0; i < NODES; i++) {
      if (peer.addresses().contains(address(i))) {
        return "node " + i + (peer.source() == dev.peerage.core.peer.PeerSource.DEFAULT_BOOTSTRAP
            ? " (boot)" : "");
      }
    }
    return peer.label().orElse(peer.address().toString());
  }

  private static String seconds(Duration d) {
    long millis = Math.max(0, d.toMillis());
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the demo's stores in " + root, e);
    }
  }
}
