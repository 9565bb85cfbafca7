package dev.peerage.transport.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.spi.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The frame decoder's accounting on embedded channels: what a frame that spans reads reserves and
 * when it comes back, refusal when the budget is taken, the unbudgeted small frames and the
 * partial-frame timeout on the channel's own clock.
 */
class FrameDecoderTest {
  private static final int MAX_FRAME = 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(35);

  private final FrameBudget budget = new FrameBudget(3L * MAX_FRAME / 2);
  private EmbeddedChannel first;
  private EmbeddedChannel second;

  @AfterEach
  void closeChannels() {
    for (EmbeddedChannel channel : new EmbeddedChannel[] {first, second}) {
      if (channel != null) {
        channel.finishAndReleaseAll();
      }
    }
    assertThat(budget.inUse()).isZero();
  }

  private EmbeddedChannel channel() {
    FrameDecoder decoder = new FrameDecoder(budget, TIMEOUT);
    decoder.handshakeCompleted(MAX_FRAME);
    return new EmbeddedChannel(decoder);
  }

  /** The prefix and body of a MESSAGE on channel 7 whose payload is {@code payload}. */
  private static byte[] messageFrame(byte[] payload) {
    return ByteBuffer.allocate(Wire.LENGTH_PREFIX_BYTES + Wire.MESSAGE_OVERHEAD + payload.length)
        .putInt(Wire.MESSAGE_OVERHEAD + payload.length).put((byte) Wire.MESSAGE)
        .putShort((short) 7).put(payload).array();
  }

  private static byte[] payload(int size) {
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) (i * 31);
    }
    return payload;
  }

  private static void write(EmbeddedChannel channel, byte[] bytes, int from, int to) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, to - from));
  }

  @Test
  void aFrameSpanningReadsReservesItsLengthOnceAndReturnsItWhenComplete() {
    first = channel();
    byte[] payload = payload(MAX_FRAME - Wire.MESSAGE_OVERHEAD);
    byte[] frame = messageFrame(payload);

    // Two bytes of the prefix: only the 7-byte head holds them, nothing is reserved.
    write(first, frame, 0, 2);
    assertThat(budget.inUse()).isZero();
    // The head is complete: the whole declared length is reserved, at once and only once.
    write(first, frame, 2, 10);
    assertThat(budget.inUse()).isEqualTo(MAX_FRAME);
    for (int at = 10; at < frame.length - 1; at += 100_000) {
      write(first, frame, at, Math.min(at + 100_000, frame.length - 1));
      assertThat(budget.inUse()).isEqualTo(MAX_FRAME);
      assertThat((Object) first.readInbound()).isNull();
    }
    write(first, frame, frame.length - 1, frame.length);

    WireMessage.AppMessage message = first.readInbound();
    assertThat(message.channel()).isEqualTo(7);
    assertThat(message.payload()).isEqualTo(payload);
    assertThat(budget.inUse()).isZero();
    assertThat(budget.peak()).isEqualTo(MAX_FRAME);
  }

  @Test
  void aMessageInOneReadIsHandedOnAsItsPayloadAndReservesNothing() {
    first = channel();
    byte[] payload = payload(200_000);
    ByteBuf read = Unpooled.wrappedBuffer(messageFrame(payload));
    first.writeInbound(read);

    // No slice of the read for the message decoder: the payload is copied once, into its array.
    WireMessage.AppMessage message = first.readInbound();
    assertThat(message.channel()).isEqualTo(7);
    assertThat(message.payload()).isEqualTo(payload);
    assertThat(read.refCnt()).isZero();
    assertThat(budget.peak()).isZero();
  }

  @Test
  void anotherFrameInOneReadIsASliceOfThatReadAndReservesNothing() {
    first = channel();
    byte[] frame = messageFrame(payload(200_000));
    frame[Wire.LENGTH_PREFIX_BYTES] = (byte) Wire.ADDRESSES; // not parsed here
    ByteBuf read = Unpooled.wrappedBuffer(frame);
    first.writeInbound(read);

    ByteBuf body = first.readInbound();
    assertThat(body.unwrap()).isSameAs(read);
    assertThat(body.readableBytes()).isEqualTo(frame.length - Wire.LENGTH_PREFIX_BYTES);
    body.release();
    assertThat(read.refCnt()).isZero();
    assertThat(budget.peak()).isZero();
  }

  @Test
  void aLargeFrameThatDoesNotFitIsRefusedBeforeAnythingIsAllocated() {
    first = channel();
    second = channel();
    byte[] frame = messageFrame(payload(MAX_FRAME - Wire.MESSAGE_OVERHEAD));
    write(first, frame, 0, 1000);
    assertThat(budget.inUse()).isEqualTo(MAX_FRAME);

    assertThatThrownBy(() -> write(second, frame, 0, 1000))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(DisconnectReason.Code.OTHER);
          assertThat(e.kind()).isNull();
          assertThat(e.getMessage()).isEqualTo("a frame of 1048576 bytes is refused: the node's"
              + " budget of 1572864 bytes for incomplete frames is taken; try again later");
        });
    // The refused channel discards whatever follows and holds nothing.
    write(second, frame, 1000, frame.length);
    assertThat((Object) second.readInbound()).isNull();
    assertThat(budget.inUse()).isEqualTo(MAX_FRAME);

    // Closing the first channel mid-frame gives its reservation back.
    first.close();
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void framesOfUpTo64KiBNeverWaitForTheBudget() {
    first = channel();
    second = channel();
    byte[] large = messageFrame(payload(MAX_FRAME - Wire.MESSAGE_OVERHEAD));
    write(first, large, 0, 1000);
    byte[] small = messageFrame(payload(FrameDecoder.UNBUDGETED_FRAME_BYTES
        - Wire.MESSAGE_OVERHEAD));
    byte[] tooLarge = messageFrame(payload(FrameDecoder.UNBUDGETED_FRAME_BYTES
        - Wire.MESSAGE_OVERHEAD + 1));
    assertThat(budget.tryReserve(budget.limit() - budget.inUse())).isTrue(); // all of it taken

    write(second, small, 0, 5);
    write(second, small, 5, small.length);
    WireMessage.AppMessage message = second.readInbound();
    assertThat(message.payload()).hasSize(FrameDecoder.UNBUDGETED_FRAME_BYTES - 3);

    write(second, tooLarge, 0, 5);
    assertThatThrownBy(() -> write(second, tooLarge, 5, 10))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("65537 bytes is refused");
    budget.release(budget.limit() - MAX_FRAME);
  }

  @Test
  void otherFramesSpanningReadsAreHandedOnWholeForTheMessageDecoder() {
    first = channel();
    byte[] ping = ByteBuffer.allocate(4 + 9).putInt(9).put((byte) Wire.PING).putLong(42).array();
    for (int i = 0; i < ping.length; i++) {
      write(first, ping, i, i + 1);
    }
    ByteBuf body = first.readInbound();
    assertThat(MessageDecoder.decode(body, 10)).isEqualTo(new WireMessage.Ping(42));
    body.release();

    // Before the handshake a MESSAGE is a frame like any other, for the handshake to refuse.
    second = new EmbeddedChannel(new FrameDecoder(budget, TIMEOUT));
    byte[] early = messageFrame(new byte[] {1, 2});
    write(second, early, 0, 6);
    write(second, early, 6, early.length);
    ByteBuf earlyBody = second.readInbound();
    assertThat(earlyBody.getUnsignedByte(0)).isEqualTo((short) Wire.MESSAGE);
    assertThat(earlyBody.readableBytes()).isEqualTo(5);
    earlyBody.release();
  }

  @Test
  void aFrameStillIncompleteAfterTheTimeoutClosesWithTimeoutAndReturnsItsReservation() {
    first = channel();
    byte[] frame = messageFrame(payload(MAX_FRAME - Wire.MESSAGE_OVERHEAD));
    write(first, frame, 0, 500_000);
    first.advanceTimeBy(TIMEOUT.toSeconds() - 1, TimeUnit.SECONDS);
    first.runScheduledPendingTasks();
    first.checkException();
    assertThat(budget.inUse()).isEqualTo(MAX_FRAME);

    // Progress does not extend the time: a frame dribbled byte by byte gets no longer than one
    // sent in one piece.
    write(first, frame, 500_000, 500_001);
    first.advanceTimeBy(1, TimeUnit.SECONDS);
    first.runScheduledPendingTasks();
    assertThatThrownBy(first::checkException)
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(DisconnectReason.Code.TIMEOUT);
          assertThat(e.kind()).isNull();
          assertThat(e.getMessage()).isEqualTo("a frame of 1048576 bytes was still incomplete"
              + " after PT35S (499997 of its 1048576 bytes received); a frame must arrive within"
              + " pingInterval + pongTimeout");
        });
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void theTimeoutCountsFromTheFirstByteOfTheFrameInProgress() {
    first = channel();
    byte[] one = messageFrame(payload(100_000));
    byte[] two = messageFrame(payload(200_000));
    write(first, one, 0, 50_000);
    first.advanceTimeBy(30, TimeUnit.SECONDS);
    // The first frame completes at 30 s, a second starts in the same read.
    byte[] rest = Arrays.copyOf(Arrays.copyOfRange(one, 50_000, one.length),
        one.length - 50_000 + 100);
    System.arraycopy(two, 0, rest, one.length - 50_000, 100);
    write(first, rest, 0, rest.length);
    assertThat(((WireMessage.AppMessage) first.readInbound()).payload()).hasSize(100_000);

    first.advanceTimeBy(10, TimeUnit.SECONDS); // 40 s: the first frame's time, not the second's
    first.runScheduledPendingTasks();
    first.checkException();
    assertThat(budget.inUse()).isEqualTo(two.length - Wire.LENGTH_PREFIX_BYTES);

    first.advanceTimeBy(25, TimeUnit.SECONDS); // 65 s: 35 s after the second frame began
    first.runScheduledPendingTasks();
    assertThatThrownBy(first::checkException).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("a frame of 200003 bytes was still incomplete after PT35S");
    assertThat(budget.inUse()).isZero();
  }
}
