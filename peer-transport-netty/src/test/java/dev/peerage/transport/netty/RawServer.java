package dev.peerage.transport.netty;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Direction;
import dev.peerage.transport.netty.internal.HandshakeTranscript;
import dev.peerage.transport.netty.internal.Hello;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A blocking listener that accepts one transport's dial and speaks the protocol as a RawPeer. */
final class RawServer implements AutoCloseable {
  private final ServerSocket socket;

  private RawServer(ServerSocket socket) {
    this.socket = socket;
  }

  static RawServer start() {
    try {
      ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      socket.setSoTimeout((int) TestNodes.WAIT.toMillis());
      return new RawServer(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PeerAddress address() {
    return PeerAddress.of(socket.getInetAddress(), socket.getLocalPort());
  }

  /** Accepts a dial and returns the peer, before anything is sent. */
  RawPeer accept() {
    try {
      return RawPeer.wrap(socket.accept());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accepts a dial and completes the handshake as a version 1 listener; returns the peer. */
  RawPeer acceptAndHandshake(NodeIdentity identity) {
    return acceptAndHandshake(identity, RawPeer.V1);
  }

  /** Accepts a dial and completes the handshake as a listener of the given protocol version. */
  RawPeer acceptAndHandshake(NodeIdentity identity, int version) {
    try {
      Socket accepted = socket.accept();
      RawPeer peer = RawPeer.wrap(accepted);
      peer.sendHello(new Hello(version, TestNodes.NETWORK, identity.nodeId(), 0,
          RawPeer.nonce()));
      peer.readHello();
      peer.readMessage(); // the dialler's proof; trusted here, the transport under test is checked
      peer.sendProof(identity.sign(HandshakeTranscript.signedBytes(
          Direction.INBOUND, peer.remoteHello(), peer.ownHello())));
      return peer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
