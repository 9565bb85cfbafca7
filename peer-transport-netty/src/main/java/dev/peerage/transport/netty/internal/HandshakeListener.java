package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.channel.ChannelHandlerContext;

/**
 * Told how one channel's handshake ended; exactly one of the two methods is called, once, on the
 * channel's event loop.
 */
public interface HandshakeListener {
  /**
   * The remote proved its node id. The handshake handler has already stopped reading and removed
   * itself; the listener installs what comes next.
   *
   * @param ctx the context the handshake handler had (still usable for its pipeline)
   * @param result what was proven
   */
  void succeeded(ChannelHandlerContext ctx, HandshakeResult result);

  /**
   * The handshake failed; the channel is closing.
   *
   * @param failure how a dial reports it
   * @param reason the close reason ({@code remote} when the remote side ended it)
   * @param misbehaviour what to record against the remote, or null
   * @param claimedNodeId the node id the remote claimed in its HELLO, or null if none arrived
   */
  void failed(DialException.Failure failure, DisconnectReason reason,
      MisbehaviourKind misbehaviour, NodeId claimedNodeId);
}
