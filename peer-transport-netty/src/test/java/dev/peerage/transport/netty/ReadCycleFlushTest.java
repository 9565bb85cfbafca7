package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.transport.netty.internal.NettyConnection;
import dev.peerage.transport.netty.internal.Wire;
import dev.peerage.transport.netty.internal.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a connection flushes: the answers to frames that arrive in one read leave in one flush at the
 * end of the read, while a send outside a read is flushed at once, over real TCP on 127.0.0.1.
 */
class ReadCycleFlushTest {
  private static final int BATCH = 50;

  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  /**
   * Counts, at the head of the pipeline (where the socket is), the MESSAGE frames written and the
   * flushes that carry at least one of them.
   */
  private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
    final AtomicInteger messageWrites = new AtomicInteger();
    final AtomicInteger messageFlushes = new AtomicInteger();
    private boolean messageSinceFlush;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof ByteBuf frame && frame.readableBytes() > Wire.LENGTH_PREFIX_BYTES
          && frame.getUnsignedByte(frame.readerIndex() + Wire.LENGTH_PREFIX_BYTES)
              == Wire.MESSAGE) {
        messageWrites.incrementAndGet();
        messageSinceFlush = true;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (messageSinceFlush) {
        messageSinceFlush = false;
        messageFlushes.incrementAndGet();
      }
      ctx.flush();
    }
  }

  private static byte[] messageFrames(int count, int payloadBytes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (int i = 0; i < count; i++) {
        out.writeInt(Wire.MESSAGE_OVERHEAD + payloadBytes);
        out.writeByte(Wire.MESSAGE);
        out.writeShort(i);
        out.write(new byte[payloadBytes]);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  private static ConnectionHandler echo() {
    return new ConnectionHandler() {
      @Override
      public void onMessage(Connection from, int channel, byte[] payload) {
        from.send(channel, payload);
      }
    };
  }

  @Test
  void theEchoesOfFramesThatArriveInOneReadLeaveInFarFewerFlushesThanFrames() {
    FlushCounter counter = new FlushCounter();
    TestNodes.Node server = nodes.start(TestNodes.listening()
        .pipelineCustomizer(pipeline -> pipeline.addFirst("flush-counter", counter)));
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.handshake(NodeIdentity.fromSeed(1717), TestNodes.NETWORK);
      server.nextInbound().activate(echo());

      // One socket write of 50 frames (3,550 bytes): on loopback one segment, read in one go.
      raw.sendRaw(messageFrames(BATCH, 64));
      for (int i = 0; i < BATCH; i++) {
        WireMessage echoed = raw.readMessage();
        assertThat(echoed).isInstanceOfSatisfying(WireMessage.AppMessage.class,
            app -> assertThat(app.payload()).hasSize(64));
      }

      assertThat(counter.messageWrites).hasValue(BATCH);
      // One flush per read, not one per echo (a split segment may make it two or three reads).
      assertThat(counter.messageFlushes.get())
          .as("flushes carrying the %d echoes", BATCH).isLessThanOrEqualTo(BATCH / 10);
    }
  }

  @Test
  void aLoneSendIsFlushedAtOnceFromAnotherThreadAndFromTheEventLoop() {
    TestNodes.Node server = nodes.start(TestNodes.listening());
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.handshake(NodeIdentity.fromSeed(1718), TestNodes.NETWORK);
      Connection connection = server.nextInbound();
      connection.activate(new RecordingHandler());

      // The raw peer sends nothing more: each message must arrive on its own (reads time out
      // after TestNodes.WAIT).
      TestNodes.await(connection.send(3, new byte[] {1, 2, 3}));
      expectMessage(raw, 3, new byte[] {1, 2, 3});

      // From the event loop, outside any read of this channel.
      ((NettyConnection) connection).channel().eventLoop()
          .execute(() -> connection.send(4, new byte[] {4}));
      expectMessage(raw, 4, new byte[] {4});
    }
  }

  private static void expectMessage(RawPeer raw, int channel, byte[] payload) {
    assertThat(raw.readMessage()).isInstanceOfSatisfying(WireMessage.AppMessage.class, app -> {
      assertThat(app.channel()).isEqualTo(channel);
      assertThat(app.payload()).containsExactly(payload);
    });
  }

  @Test
  void repliesLargerThanTheWriteBufferWithinOneReadAreNotRefusedForBeingUnflushed()
      throws InterruptedException {
    // A 64 KiB high water mark (32 KiB low) and 12 replies of 8 KiB to frames read at once: if
    // the deferred flush were not bounded, the replies would pile up unflushed past the high
    // water mark and send would refuse them although the peer reads.
    List<Throwable> refused = new CopyOnWriteArrayList<>();
    CountDownLatch answered = new CountDownLatch(12);
    TestNodes.Node server = nodes.start(TestNodes.listening()
        .writeBufferHighWaterMark(64 * 1024));
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.handshake(NodeIdentity.fromSeed(1719), TestNodes.NETWORK);
      server.nextInbound().activate(new ConnectionHandler() {
        @Override
        public void onMessage(Connection from, int channel, byte[] payload) {
          CompletionStage<Void> sent = from.send(channel, new byte[8 * 1024]);
          sent.whenComplete((done, error) -> {
            if (error != null) {
              refused.add(error);
            }
          });
          answered.countDown();
        }
      });

      raw.sendRaw(messageFrames(12, 1));
      assertThat(answered.await(TestNodes.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(refused).as("sends refused within the read").isEmpty();
      for (int i = 0; i < 12; i++) {
        assertThat(raw.readMessage()).isInstanceOfSatisfying(WireMessage.AppMessage.class,
            app -> assertThat(app.payload()).hasSize(8 * 1024));
      }
    }
  }
}
