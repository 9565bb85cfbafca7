package dev.peerage.examples.cli;

import static dev.peerage.examples.cli.TerminalText.escape;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerManagerException;
import dev.peerage.core.PeerStats;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.JsonPeerStore;
import dev.peerage.transport.netty.NettyTransport;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code node}: runs one node over TCP with a JSON store until it is stopped (Ctrl-C) or, with
 * {@code --run-for}, for a set time. A JVM shutdown hook saves and closes it. Logs through SLF4J
 * (slf4j-simple in this jar). Not thread-safe; picocli runs it once.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run one node: TCP transport, JSON store, managed and default peers.",
    footer = {"", "Example: node --store /tmp/n1 --listen 127.0.0.1:9333 --peer 127.0.0.1:9334"})
public final class NodeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  private static final int BIND_WAIT_MILLIS = 10_000;

  @Spec
  CommandSpec spec;

  @Option(names = "--store", required = true, paramLabel = "DIR",
      description = "The store directory (created if missing).")
  Path store;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
      description = "Where to listen; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--network", paramLabel = "NAME", defaultValue = "main",
      description = "The network to join (default: ${DEFAULT-VALUE}).")
  String network;

  @Option(names = "--peer", paramLabel = "HOST:PORT",
      description = "A peer to keep connected to; repeatable. Added to the store if new.")
  List<String> peers = new ArrayList<>();

  @Option(names = "--defaults", paramLabel = "FILE",
      description = "The default bootstrap peers, one address per line (# starts a comment).")
  Path defaults;

  @Option(names = "--run-for", paramLabel = "DURATION", converter = DurationOption.RunFor.class,
      description = "Stop after this long: ISO-8601 (PT30S) or a number with ms, s, m, h or d "
          + "(30s), 1 ms to P36500D (default: run until stopped).")
  Duration runFor;

  @Option(names = "--loopback", description = "Allow loopback and private addresses in the "
      + "address book and more than one outbound connection per address group (for local tests).")
  boolean loopback;

  /** Creates the command; picocli fills in its fields. */
  public NodeCommand() {}

  @Override
  public Integer call() throws PeerStoreException, InterruptedException {
    NetworkId networkId = NetworkId.of(network);
    InetSocketAddress listenAddress = parseListen(listen);
    List<PeerAddress> peerAddresses = peers.stream().map(PeerAddress::parse).toList();
    List<PeerAddress> defaultAddresses =
        defaults == null ? List.of() : AddressListFile.readAddresses(defaults);
    PeerManagerConfig.Builder config = PeerManagerConfig.builder(networkId);
    if (loopback) {
      config.addressBook(dev.peerage.core.book.AddressBookConfig.builder().routableOnly(false).build())
          .outboundRules(false, false);
    }
    NettyTransport transport = NettyTransport.builder().listen(listenAddress).build();
    PeerManager manager = PeerManager.builder()
        .config(config.build())
        .transport(transport)
        .store(JsonPeerStore.open(store))
        .build();
    if (!defaultAddresses.isEmpty()) {
      manager.registerDefaults(networkId, defaultAddresses);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      log.info("Shutting down: saving and closing");
      manager.close();
      stopped.countDown();
    }, "peerage-node-shutdown");
    CompletableFuture<Void> ready = manager.start().toCompletableFuture();
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    try {
      // start() returned once the store was loaded; its stage completes when the port is bound.
      try {
        ready.get(BIND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new PeerManagerException("could not listen on " + listen + ": "
            + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new PeerManagerException("could not listen on " + listen + " within "
            + BIND_WAIT_MILLIS + " ms", e);
      }
      for (PeerAddress address : peerAddresses) {
        addPeer(manager, networkId, address);
      }
      out.println("node " + manager.localNodeId().shortString() + " on network "
          + escape(network) + " listening on "
          + escape(manager.ticket(java.util.Optional.empty()).addresses().get(0))
          + ", store " + escape(store));
      out.println("ticket " + manager.ticket(java.util.Optional.empty()).encode());
      out.flush();
      log.info("Node {} started with {} managed peer(s)", manager.localNodeId().shortString(),
          manager.peers(PeerQuery.all().network(networkId)).size());
      if (runFor == null) {
        stopped.await();
      } else {
        stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
      }
      PeerStats stats = manager.stats();
      out.println("stopping: " + stats.outbound() + " outbound, " + stats.inbound() + " inbound, "
          + stats.knownAddresses() + " known address(es)");
      out.flush();
    } finally {
      if (stopped.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
        manager.close();
      }
    }
    return ExitCodes.OK;
  }

  private static void addPeer(PeerManager manager, NetworkId network, PeerAddress address) {
    try {
      PeerEntry added = manager.addPeer(manager.newPeer(network, address)
          .flag(PeerFlag.PERSISTENT, true).build());
      log.info("Added peer {} at {}", added.id(), address);
    } catch (PeerManagerException.DuplicatePeerException e) {
      log.info("Peer {} is already managed", address);
    }
  }

  /**
   * Reads a listen address: an IP literal and a port, 0 for any free port (which {@link
   * PeerAddress} refuses, as no peer can be reached at port 0).
   */
  static InetSocketAddress parseListen(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--listen expects IP:PORT, for example 127.0.0.1:9333,"
          + " got '" + text + "'");
    }
    String port = text.substring(colon + 1);
    if (port.equals("0")) {
      // The host must still be an IP address; checking with port 1 gives PeerAddress's message.
      PeerAddress host = PeerAddress.parse(text.substring(0, colon) + ":1");
      return new InetSocketAddress(ipOf(host), 0);
    }
    PeerAddress address = PeerAddress.parse(text);
    return new InetSocketAddress(ipOf(address), address.port());
  }

  private static java.net.InetAddress ipOf(PeerAddress address) {
    if (!address.isIp()) {
      throw new IllegalArgumentException("--listen expects an IP address, not the host name '"
          + address.host() + "'");
    }
    return address.toInetAddress();
  }
}
