package dev.peerage.transport.netty.internal;

import dev.peerage.transport.netty.HandshakeFailure;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The validated settings of a {@code NettyTransport}, as its builder collected them. Immutable
 * (the group, random source and callbacks are the host's objects, used as given).
 *
 * @param listen where to listen, or null to only dial
 * @param hostGroup the host's event loop group, or null to create one
 * @param nativeTransport whether to use epoll when it is available
 * @param ioThreads threads of an owned event loop group
 * @param handshakeCryptoThreads threads that sign and verify handshake proofs
 * @param connectTimeout the TCP connect timeout
 * @param handshakeTimeout the handshake timeout, from connect to proof
 * @param pingInterval reader-idle time before a PING
 * @param pongTimeout the wait for a PONG
 * @param addressRequestTimeout the wait for an ADDRESSES answer
 * @param maxFrameSize the largest frame body after the handshake
 * @param incompleteFrameBudget the most bytes incomplete frames of all channels hold together
 * @param maxAddressesPerMessage the cap on ADDRESSES entries, both ways
 * @param addressRequestsPerWindow GET_ADDRESSES answered per window
 * @param addressRequestWindow the window of that limit
 * @param maxPendingHandshakes inbound handshakes in progress at once
 * @param inboundHandshakesPerSecond inbound handshakes started per second, and the burst
 * @param writeBufferHighWaterMark bytes queued for a peer before it counts as slow
 * @param pipelineCustomizer the host's pipeline hook, or null
 * @param handshakeFailureListener the host's listener for failed handshakes, or null
 * @param random the source of nonces
 */
public record TransportSettings(
    InetSocketAddress listen,
    EventLoopGroup hostGroup,
    boolean nativeTransport,
    int ioThreads,
    int handshakeCryptoThreads,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration pingInterval,
    Duration pongTimeout,
    Duration addressRequestTimeout,
    int maxFrameSize,
    long incompleteFrameBudget,
    int maxAddressesPerMessage,
    int addressRequestsPerWindow,
    Duration addressRequestWindow,
    int maxPendingHandshakes,
    int inboundHandshakesPerSecond,
    int writeBufferHighWaterMark,
    Consumer<ChannelPipeline> pipelineCustomizer,
    Consumer<HandshakeFailure> handshakeFailureListener,
    SecureRandom random) {

  /**
   * The largest application payload: the frame body less the type and channel.
   *
   * @return bytes
   */
  public int maxPayloadSize() {
    return maxFrameSize - Wire.MESSAGE_OVERHEAD;
  }

  /**
   * How long a frame may take from its first byte to its last: as long as the keep-alive lets a
   * peer go without answering a PING, since a peer in the middle of a frame cannot answer one.
   *
   * @return {@code pingInterval + pongTimeout}
   */
  public Duration partialFrameTimeout() {
    return pingInterval.plus(pongTimeout);
  }
}
