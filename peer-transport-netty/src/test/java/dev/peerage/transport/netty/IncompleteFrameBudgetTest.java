package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.Wire;
import dev.peerage.transport.netty.internal.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node-wide budget for incomplete frames, over real TCP on 127.0.0.1: hostile peers that each
 * hold a partial frame of the maximum size get the budget until it is taken, the rest are
 * disconnected with a reason naming the frame and the budget, an honest peer goes on exchanging
 * messages, and every byte of the budget comes back when the connections close.
 */
class IncompleteFrameBudgetTest {
  private static final int MAX_FRAME = 1024 * 1024;
  private static final long BUDGET = 4L * MAX_FRAME;
  private static final int HOSTILE = 10;

  private final TestNodes nodes = new TestNodes();
  private final ExecutorService readers = Executors.newCachedThreadPool();
  private final List<RawPeer> raws = new ArrayList<>();

  @AfterEach
  void closeAll() throws InterruptedException {
    raws.forEach(RawPeer::close);
    readers.shutdown();
    assertThat(readers.awaitTermination(TestNodes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    nodes.close();
  }

  /** Echoes every message back on its channel, and records like its parent. */
  private static final class Echo extends RecordingHandler {
    @Override
    public void onMessage(Connection connection, int channel, byte[] payload) {
      super.onMessage(connection, channel, payload);
      connection.send(channel, payload);
    }
  }

  /** A length prefix for a MESSAGE of the maximum size, its channel and all but one body byte. */
  private static byte[] partialMaximumFrame() {
    ByteBuffer frame = ByteBuffer.allocate(Wire.LENGTH_PREFIX_BYTES + MAX_FRAME - 1);
    frame.putInt(MAX_FRAME).put((byte) Wire.MESSAGE).putShort((short) 9);
    return frame.array();
  }

  private static void exchange(Connection honest, RecordingHandler honestHandler,
      RecordingHandler serverSide, int size, byte fill) {
    byte[] payload = new byte[size];
    Arrays.fill(payload, fill);
    TestNodes.await(honest.send(3, payload));
    assertThat(serverSide.nextMessage().payload()).isEqualTo(payload);
    RecordingHandler.Message echo = honestHandler.nextMessage();
    assertThat(echo.channel()).isEqualTo(3);
    assertThat(echo.payload()).isEqualTo(payload);
  }

  @Test
  void partialFramesBeyondTheBudgetAreRefusedAndTheHonestPeerIsUntouched() throws Exception {
    TestNodes.Node server = nodes.start(TestNodes.listening()
        .maxFrameSize(MAX_FRAME).incompleteFrameBudget(BUDGET));
    assertThat(server.transport.frameBudget().limit()).isEqualTo(BUDGET);

    // The honest peer connects first and exchanges messages before, during and after the attack.
    TestNodes.Node honestNode = nodes.start(TestNodes.listening());
    Connection honest = honestNode.dial(server);
    RecordingHandler honestHandler = new RecordingHandler();
    honest.activate(honestHandler);
    Echo honestOnServer = new Echo();
    server.nextInbound().activate(honestOnServer);
    exchange(honest, honestHandler, honestOnServer, 64, (byte) 1);

    int refusedCount = HOSTILE - (int) (BUDGET / MAX_FRAME);
    CountDownLatch refused = new CountDownLatch(refusedCount);
    List<CompletableFuture<WireMessage.Disconnect>> disconnects = new ArrayList<>();
    List<RecordingHandler> serverSides = new ArrayList<>();
    byte[] partial = partialMaximumFrame();
    for (int i = 0; i < HOSTILE; i++) {
      RawPeer raw = RawPeer.connect(server.address());
      raws.add(raw);
      raw.handshake(NodeIdentity.fromSeed(500 + i), TestNodes.NETWORK);
      RecordingHandler serverSide = new RecordingHandler();
      server.nextInbound().activate(serverSide);
      serverSides.add(serverSide);
      CompletableFuture<WireMessage.Disconnect> disconnect = new CompletableFuture<>();
      disconnects.add(disconnect);
      raw.sendRaw(partial);
      // Reads until the node closes the connection (refused) or the test closes the socket.
      readers.execute(() -> {
        for (WireMessage message : raw.readUntilClosed()) {
          if (message instanceof WireMessage.Disconnect d) {
            disconnect.complete(d);
            refused.countDown();
          }
        }
        disconnect.complete(null);
      });
    }

    // Only a full budget refuses, and nothing returns while the accepted frames stay partial: once
    // the refusals are in, the budget holds exactly the frames it took, and never held more.
    assertThat(refused.await(TestNodes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(server.transport.frameBudget().inUse()).isEqualTo(BUDGET);
    assertThat(server.transport.frameBudget().peak()).isEqualTo(BUDGET);
    List<Integer> refusedPeers = new ArrayList<>();
    for (int i = 0; i < HOSTILE; i++) {
      if (disconnects.get(i).isDone()) {
        refusedPeers.add(i);
        WireMessage.Disconnect disconnect = disconnects.get(i).get();
        assertThat(disconnect.code()).isEqualTo(DisconnectReason.Code.OTHER);
        assertThat(disconnect.detail()).isEqualTo("a frame of " + MAX_FRAME + " bytes is refused:"
            + " the node's budget of " + BUDGET + " bytes for incomplete frames is taken;"
            + " try again later");
        DisconnectReason local = serverSides.get(i).awaitClosed();
        assertThat(local.remote()).isFalse();
        assertThat(local.detail()).isEqualTo(disconnect.detail());
        // Legal traffic, other peers hold the budget: nothing is held against this one.
        assertThat(serverSides.get(i).faults).isEmpty();
      }
    }
    assertThat(refusedPeers).hasSize(refusedCount);

    // The budget is taken, yet the honest peer's messages pass, a 60 KiB one included: frames of
    // up to 64 KiB never wait for the budget.
    exchange(honest, honestHandler, honestOnServer, 64, (byte) 2);
    exchange(honest, honestHandler, honestOnServer, 60 * 1024, (byte) 3);
    assertThat(server.transport.frameBudget().inUse()).isEqualTo(BUDGET);

    // Closing the hostile peers gives every reserved byte back.
    raws.forEach(RawPeer::close);
    for (RecordingHandler serverSide : serverSides) {
      serverSide.awaitClosed();
    }
    assertThat(server.transport.frameBudget().inUse()).isZero();

    // With the budget free, the honest peer's own maximum-size message goes through.
    exchange(honest, honestHandler, honestOnServer, MAX_FRAME - Wire.MESSAGE_OVERHEAD, (byte) 4);
    assertThat(server.transport.frameBudget().inUse()).isZero();
    assertThat(server.transport.frameBudget().peak()).isEqualTo(BUDGET);
  }

  @Test
  void theBudgetIsValidatedAgainstTheFrameSize() {
    assertThatThrownBy(() -> NettyTransport.builder().incompleteFrameBudget(1023))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incompleteFrameBudget").hasMessageContaining("1023");
    assertThatThrownBy(() -> NettyTransport.builder().maxFrameSize(MAX_FRAME)
        .incompleteFrameBudget(MAX_FRAME - 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("incompleteFrameBudget " + (MAX_FRAME - 1)
            + " cannot hold one frame of maxFrameSize " + MAX_FRAME + " bytes");
    NettyTransport defaults = NettyTransport.builder().build();
    long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
    assertThat(defaults.frameBudget().limit())
        .isEqualTo(Math.max(4 * 1024 * 1024, Math.min(64L * 1024 * 1024, quarterHeap)));
    TestNodes.await(defaults.close());
  }
}
