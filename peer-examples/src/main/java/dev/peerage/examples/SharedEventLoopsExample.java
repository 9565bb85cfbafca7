package dev.peerage.examples;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A host that already runs Netty lends its event loops to Peerage instead of letting each transport create
 * its own threads. Two managers here share one group over real TCP on 127.0.0.1; closing them leaves the
 * group running (Peerage never shuts down what it was lent), and the host shuts it down itself.
 */
public final class SharedEventLoopsExample {
  /** The longest the example waits for anything on the network. */
  private static final long WAIT_SECONDS = 10;

  private SharedEventLoopsExample() {}

  /**
   * Runs the example, printing what happens.
   *
   * @param args ignored
   * @throws Exception if a step does not finish within {@value #WAIT_SECONDS} seconds
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static void run(PrintStream out) throws InterruptedException, ExecutionException,
      TimeoutException {
    // The host's own group, used for its other servers and clients too. Two threads are plenty here.
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      PeerManagerConfig config = PeerManagerConfig.builder(NetworkId.MAIN).build();
      InetSocketAddress anyLoopbackPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

      NettyTransport serverTransport = NettyTransport.builder()
          .eventLoopGroup(group)          // lent, not owned: ioThreads and nativeTransport are ignored
          .listen(anyLoopbackPort)
          .build();
      NettyTransport clientTransport = NettyTransport.builder()
          .eventLoopGroup(group)
          .listen(anyLoopbackPort)
          .build();

      PeerManager server = PeerManager.builder().config(config).transport(serverTransport).build();
      PeerManager client = PeerManager.builder().config(config).transport(clientTransport).build();
      // Each stage completes once its transport has bound its port-0 listener on the host's group.
      server.start().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      client.start().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

      PeerAddress serverAddress = serverTransport.listenAddress().orElseThrow();
      PeerEntry peer = client.addPeer(client.newPeer(NetworkId.MAIN, serverAddress).build());
      PeerStatus status = awaitConnected(client, peer.id());
      out.println("client is " + status.state() + " to the server");
      out.println("client connections: " + client.connections().size());

      client.close();
      server.close();

      // Still the host's: a task scheduled on the group after both managers closed still runs.
      String answer = group.submit(() -> "still running").get(WAIT_SECONDS, TimeUnit.SECONDS);
      out.println("after closing the managers the group is " + answer
          + ", shut down: " + group.isShuttingDown());
    } finally {
      // The host owns the group, so the host shuts it down, after everything that uses it.
      group.shutdownGracefully(0, WAIT_SECONDS, TimeUnit.SECONDS).await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    out.println("host shut the group down: " + group.isTerminated());
  }

  private static PeerStatus awaitConnected(PeerManager manager, String peerId)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<PeerStatus> connected = new CompletableFuture<>();
    try (Subscription ignored = manager.onPeerStateChange(status -> {
      if (status.id().equals(peerId) && status.state() == PeerState.CONNECTED) {
        connected.complete(status);
      }
    })) {
      // It may have connected before the listener was added.
      manager.peerState(peerId).filter(s -> s.state() == PeerState.CONNECTED)
          .ifPresent(connected::complete);
      return connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
