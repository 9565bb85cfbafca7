package dev.peerage.transport.netty.internal;

import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cuts the byte stream into frames: a 4-byte big-endian body length, then the body.
 *
 * <p>Fails fast: a length above the limit is rejected as soon as its four bytes arrive, before any
 * of the body is buffered. The limit is small ({@link Wire#HANDSHAKE_MAX_FRAME}) until the
 * handshake has proven who the peer is, then the configured frame size.
 *
 * <p>Gathers every byte once. A frame that lies whole in one socket read is handed on as a retained
 * slice of that read, with no copy. A frame that spans reads gets one array of exactly its declared
 * length, allocated when its first bytes (the length and up to three body bytes, held in a 7-byte
 * head) have arrived, and filled as the rest comes; nothing grows, nothing is copied twice. For an
 * application MESSAGE after the handshake that array is the payload itself, handed on in a {@link
 * WireMessage.AppMessage} that the host receives as it is; any other frame is handed on as a buffer
 * over its array for the {@link MessageDecoder}. This is why it is not Netty's {@code
 * ByteToMessageDecoder}: its cumulation buffer grows by copying towards the frame's size and the
 * payload was then copied out of it again, so one large frame cost about twice its size.
 *
 * <p>Bounds what incomplete frames hold. The array of a frame longer than {@link
 * #UNBUDGETED_FRAME_BYTES} is allocated only if the transport's {@link FrameBudget} has room for its
 * whole length; otherwise the connection is refused with {@code OTHER} and a detail naming the
 * frame's length and the budget, before anything is allocated. The reservation is returned when
 * the frame completes, the connection closes or the handler is removed. A frame must also complete
 * within the partial-frame timeout of its first byte, or the connection closes with {@code TIMEOUT}:
 * a peer in the middle of a frame cannot answer a PING, so it cannot hold its share of the budget
 * longer than the keep-alive would let a silent peer live.
 *
 * <p>After a fault every further byte is discarded while the connection closes. Confined to the
 * channel's event loop; one instance per channel.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
  /**
   * The longest frame whose array is not drawn from the budget: no more than one socket read (Netty
   * reads at most 64 KiB at a time), so a connection may always finish a small frame, a PONG
   * above all, however much of the budget large frames hold.
   */
  public static final int UNBUDGETED_FRAME_BYTES = 64 * 1024;

  private static final int HEAD_BYTES = Wire.LENGTH_PREFIX_BYTES + Wire.MESSAGE_OVERHEAD;

  private final FrameBudget budget;
  private final Duration partialTimeout;

  private int maxFrameLength = Wire.HANDSHAKE_MAX_FRAME;
  private boolean handshakeCompleted;

  /** The length prefix and first body bytes of a frame that spans reads. */
  private final byte[] head = new byte[HEAD_BYTES];
  private int headLength;
  /** The body length of the frame in progress, once its four prefix bytes are in {@link #head}. */
  private int frameLength;
  /** The frame being gathered, once its array exists. */
  private Partial partial;
  private long frameSinceNanos;
  private ScheduledFuture<?> partialTimer;
  private boolean failed;
  private boolean readThisCycle;
  private boolean firedThisCycle;

  /** An incomplete frame: its array, how much of it has arrived, what it reserved. */
  private static final class Partial {
    final byte[] bytes;
    /** The MESSAGE channel when {@link #bytes} is a payload; -1 when it is a whole body. */
    final int channel;
    final long reserved;
    int filled;

    Partial(byte[] bytes, int channel, long reserved) {
      this.bytes = bytes;
      this.channel = channel;
      this.reserved = reserved;
    }

    boolean complete() {
      return filled == bytes.length;
    }
  }

  /**
   * Creates the decoder of one channel.
   *
   * @param budget the transport's budget for incomplete frames, shared by all its channels
   * @param partialTimeout how long a frame may take from its first byte to its last; positive
   */
  public FrameDecoder(FrameBudget budget, Duration partialTimeout) {
    this.budget = budget;
    this.partialTimeout = partialTimeout;
  }

  /**
   * The handshake has completed: raises the largest accepted body length, and MESSAGE frames are
   * from now on gathered straight into their payload. Event loop only.
   *
   * @param maxFrameLength bytes, positive
   */
  public void handshakeCompleted(int maxFrameLength) {
    this.maxFrameLength = maxFrameLength;
    this.handshakeCompleted = true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    readThisCycle = true;
    try {
      if (!failed) {
        decode(ctx, in);
      }
    } catch (ProtocolException e) {
      fail();
      ctx.fireExceptionCaught(e);
    } finally {
      in.release();
    }
  }

  private void decode(ChannelHandlerContext ctx, ByteBuf in) {
    while (in.isReadable() && !failed && !ctx.isRemoved()) {
      if (partial != null) {
        int take = Math.min(in.readableBytes(), partial.bytes.length - partial.filled);
        in.readBytes(partial.bytes, partial.filled, take);
        partial.filled += take;
        if (partial.complete()) {
          finish(ctx);
        }
        continue;
      }
      if (headLength == 0 && in.readableBytes() >= Wire.LENGTH_PREFIX_BYTES) {
        long length = in.getUnsignedInt(in.readerIndex());
        check(length);
        if (in.readableBytes() - Wire.LENGTH_PREFIX_BYTES >= length) {
          in.skipBytes(Wire.LENGTH_PREFIX_BYTES);
          if (deliversPayload(length, in.getUnsignedByte(in.readerIndex()))) {
            // As for a MESSAGE that spans reads: the payload goes straight into the host's array,
            // with no buffer slice in between.
            int channel = in.getUnsignedShort(in.readerIndex() + 1);
            byte[] payload = new byte[(int) length - Wire.MESSAGE_OVERHEAD];
            in.skipBytes(Wire.MESSAGE_OVERHEAD).readBytes(payload);
            fire(ctx, new WireMessage.AppMessage(channel, payload));
          } else {
            fire(ctx, in.readRetainedSlice((int) length));
          }
          continue;
        }
      }
      // The frame does not lie whole in this read: its head first, then its array.
      if (headLength == 0) {
        frameSinceNanos = ctx.executor().ticker().nanoTime();
        if (partialTimer == null) {
          schedulePartialTimer(ctx, partialTimeout.toNanos());
        }
      }
      if (headLength < Wire.LENGTH_PREFIX_BYTES) {
        readIntoHead(in, Wire.LENGTH_PREFIX_BYTES);
        if (headLength < Wire.LENGTH_PREFIX_BYTES) {
          return;
        }
        long length = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16)
            | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        check(length);
        frameLength = (int) length;
      }
      readIntoHead(in, Wire.LENGTH_PREFIX_BYTES + Math.min(frameLength, Wire.MESSAGE_OVERHEAD));
      if (headLength < Wire.LENGTH_PREFIX_BYTES + Math.min(frameLength, Wire.MESSAGE_OVERHEAD)) {
        return;
      }
      start();
      if (partial.complete()) {
        finish(ctx);
      }
    }
  }

  private void readIntoHead(ByteBuf in, int upTo) {
    int take = Math.min(in.readableBytes(), upTo - headLength);
    if (take > 0) {
      in.readBytes(head, headLength, take);
      headLength += take;
    }
  }

  private void check(long length) {
    if (length == 0) {
      throw ProtocolException.malformed("frame length 0, expected at least the type byte");
    }
    if (length > maxFrameLength) {
      throw new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.OVERSIZED_MESSAGE,
          "frame length " + length + " exceeds the limit of " + maxFrameLength + " bytes");
    }
  }

  /** Reserves and allocates the array of the frame whose head is complete. */
  private void start() {
    int length = frameLength;
    long reserve = length > UNBUDGETED_FRAME_BYTES ? length : 0;
    if (reserve > 0 && !budget.tryReserve(reserve)) {
      // Not the peer's fault: other connections hold the budget. Nothing is allocated yet.
      throw new ProtocolException(DisconnectReason.Code.OTHER, null, "a frame of " + length
          + " bytes is refused: the node's budget of " + budget.limit()
          + " bytes for incomplete frames is taken; try again later");
    }
    int bodyInHead = headLength - Wire.LENGTH_PREFIX_BYTES;
    if (deliversPayload(length, head[Wire.LENGTH_PREFIX_BYTES] & 0xFF)) {
      int channel = ((head[5] & 0xFF) << 8) | (head[6] & 0xFF);
      partial = new Partial(new byte[length - Wire.MESSAGE_OVERHEAD], channel, reserve);
    } else {
      partial = new Partial(new byte[length], -1, reserve);
      System.arraycopy(head, Wire.LENGTH_PREFIX_BYTES, partial.bytes, 0, bodyInHead);
      partial.filled = bodyInHead;
    }
    headLength = 0;
  }

  /**
   * Whether a frame of this length and type byte goes to the host as its payload array (an
   * application MESSAGE after the handshake) rather than as a buffer for the message decoder.
   */
  private boolean deliversPayload(long length, int type) {
    return handshakeCompleted && length >= Wire.MESSAGE_OVERHEAD && type == Wire.MESSAGE;
  }

  private void finish(ChannelHandlerContext ctx) {
    Partial done = partial;
    partial = null;
    if (done.reserved > 0) {
      budget.release(done.reserved);
    }
    fire(ctx, done.channel >= 0 ? new WireMessage.AppMessage(done.channel, done.bytes)
        : Unpooled.wrappedBuffer(done.bytes));
  }

  private void fire(ChannelHandlerContext ctx, Object frame) {
    firedThisCycle = true;
    ctx.fireChannelRead(frame);
  }

  private void schedulePartialTimer(ChannelHandlerContext ctx, long delayNanos) {
    partialTimer = ctx.executor().schedule(() -> onPartialTimer(ctx), delayNanos,
        TimeUnit.NANOSECONDS);
  }

  /**
   * One timer per channel, not one per frame: when it fires it checks the frame in progress now
   * and, if that one is younger than the timeout, waits for the rest of its time.
   */
  private void onPartialTimer(ChannelHandlerContext ctx) {
    partialTimer = null;
    if (failed || (partial == null && headLength == 0)) {
      return;
    }
    long waited = ctx.executor().ticker().nanoTime() - frameSinceNanos;
    if (waited < partialTimeout.toNanos()) {
      schedulePartialTimer(ctx, partialTimeout.toNanos() - waited);
      return;
    }
    // Counted in body bytes, like the length: a MESSAGE's payload array lacks the type and channel.
    String received = partial == null ? headLength + " bytes of its head"
        : (partial.filled + frameLength - partial.bytes.length) + " of its " + frameLength
            + " bytes";
    String frame = partial == null && headLength < Wire.LENGTH_PREFIX_BYTES ? "a frame"
        : "a frame of " + frameLength + " bytes";
    fail();
    ctx.fireExceptionCaught(new ProtocolException(DisconnectReason.Code.TIMEOUT, null,
        frame + " was still incomplete after " + partialTimeout + " (" + received
        + " received); a frame must arrive within pingInterval + pongTimeout"));
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // As ByteToMessageDecoder does: a read that produced no frame asks for more even when reading
    // is paused, or a frame cut by the pause would never complete.
    if (readThisCycle && !firedThisCycle && !ctx.channel().config().isAutoRead()) {
      ctx.read();
    }
    readThisCycle = false;
    firedThisCycle = false;
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // A stream that ends inside a frame is a network error, which the next handlers report.
    drop();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    drop();
  }

  private void fail() {
    failed = true;
    drop();
  }

  /** Lets go of the frame in progress and returns its reservation. */
  private void drop() {
    if (partial != null) {
      if (partial.reserved > 0) {
        budget.release(partial.reserved);
      }
      partial = null;
    }
    headLength = 0;
    if (partialTimer != null) {
      partialTimer.cancel(false);
      partialTimer = null;
    }
  }
}
