package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerState;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.TransportContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 500 concurrent inbound connection attempts against a node whose manager admits 50 inbound peers:
 * the limit holds, a managed peer keeps talking to the node throughout, and the heap is back near
 * where it started once the storm is over.
 */
class InboundStormTest {
  private static final int ATTEMPTS = 500;
  private static final int INBOUND_LIMIT = 50;

  @Test
  void fiveHundredAttemptsAgainstAnInboundLimitOfFifty() throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    LeakCheckExtension.collect();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();

    EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    ManagedNodes managed = new ManagedNodes();
    List<NettyTransport> attackers = new ArrayList<>();
    try {
      ObservedTransport serverTransport = new ObservedTransport(ManagedNodes.transportOn(0)
          .maxPendingHandshakes(64).build());
      PeerManager server = managed.start(serverTransport, new InMemoryPeerStore(), INBOUND_LIMIT);
      ObservedTransport friendTransport =
          new ObservedTransport(ManagedNodes.transportOn(0).build());
      PeerManager friend = managed.start(friendTransport, new InMemoryPeerStore(), 10);
      PeerEntry serverAtFriend = ManagedNodes.add(friend, serverTransport.address());
      ManagedNodes.awaitState(friend, serverAtFriend.id(), PeerState.CONNECTED);
      Connection toServer = friend.connection(serverAtFriend.id()).orElseThrow();
      // The server echoes application messages: proof that it stays responsive.
      Subscription echo = server.onMessage(message ->
          message.connection().send(message.channel(), message.payload()));
      AtomicInteger echoes = new AtomicInteger();
      CompletableFuture<Void> echoesDone = new CompletableFuture<>();
      Subscription counter = friend.onMessage(message -> {
        if (echoes.incrementAndGet() == 5) {
          echoesDone.complete(null);
        }
      });

      List<CompletionStage<Connection>> dials = new ArrayList<>();
      for (int i = 0; i < ATTEMPTS; i++) {
        NettyTransport attacker = NettyTransport.builder().eventLoopGroup(clients).build();
        attackers.add(attacker);
        TestNodes.await(attacker.start(new TransportContext(NodeIdentity.fromSeed(10_000 + i),
            TestNodes.NETWORK, inbound -> inbound.close(null))));
        dials.add(attacker.dial(serverTransport.address(), Duration.ofSeconds(20)));
        if (i % 100 == 50) {
          TestNodes.await(toServer.send(1, new byte[] {(byte) i}));
        }
      }
      TestNodes.await(echoesDone);

      int connected = 0;
      int refused = 0;
      List<CompletableFuture<?>> probes = new ArrayList<>();
      AtomicInteger kept = new AtomicInteger();
      for (CompletionStage<Connection> dial : dials) {
        CompletableFuture<Connection> future = dial.toCompletableFuture();
        try {
          Connection connection = future.get(30, TimeUnit.SECONDS);
          connected++;
          connection.activate(new RecordingHandler());
          // An address request succeeds only on a connection the server kept.
          probes.add(connection.requestAddresses().toCompletableFuture()
              .handle((answer, error) -> error == null ? kept.incrementAndGet() : 0));
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(DialException.class);
          refused++;
        }
      }
      CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(connected + refused).isEqualTo(ATTEMPTS);
      // A full node evicts (Bitcoin Core's rule) rather than only refusing, so over the storm more
      // clients than the limit may be served; at no moment are more than the limit connected.
      assertThat(kept.get()).isPositive();
      assertThat(server.connections()).hasSizeLessThanOrEqualTo(INBOUND_LIMIT + 1);
      assertThat(server.connections()).contains(
          serverTransport.handedOver.stream()
              .filter(c -> c.remoteNodeId().equals(friend.localNodeId())).findFirst()
              .orElseThrow());
      assertThat(toServer.closed().toCompletableFuture()).isNotDone();
      echo.close();
      counter.close();
    } finally {
      for (NettyTransport attacker : attackers) {
        TestNodes.await(attacker.close());
      }
      managed.close();
      clients.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }
    LeakCheckExtension.collect();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();
    assertThat(heapAfter - heapBefore).as("heap retained after the storm")
        .isLessThan(64L * 1024 * 1024);
  }
}
