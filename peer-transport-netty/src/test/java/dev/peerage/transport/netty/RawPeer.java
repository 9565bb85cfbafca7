package dev.peerage.transport.netty;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Direction;
import dev.peerage.transport.netty.internal.HandshakeTranscript;
import dev.peerage.transport.netty.internal.Hello;
import dev.peerage.transport.netty.internal.MessageDecoder;
import dev.peerage.transport.netty.internal.Wire;
import dev.peerage.transport.netty.internal.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written peer on a plain blocking socket: speaks the wire protocol byte by byte from the
 * specification, so tests can send exactly what an honest or hostile peer would. Reads time out
 * after {@link TestNodes#WAIT}. It speaks protocol version 1 unless told otherwise ({@link
 * #version(int)}): the transport under test then sends it no ADMITTED, exactly as to a peer that
 * predates version 2.
 */
final class RawPeer implements AutoCloseable {
  /** The version a raw peer claims by default: the first, without ADMITTED. */
  static final int V1 = 1;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private byte[] ownHello;
  private byte[] remoteHello;
  private int version = V1;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  static RawPeer wrap(Socket socket) {
    try {
      socket.setSoTimeout((int) TestNodes.WAIT.toMillis());
      socket.setTcpNoDelay(true);
      return new RawPeer(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RawPeer connect(PeerAddress address) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(address.toInetAddress(), address.port()), 10_000);
      socket.setSoTimeout((int) TestNodes.WAIT.toMillis());
      socket.setTcpNoDelay(true);
      return new RawPeer(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the protocol version {@link #handshake} claims. */
  RawPeer version(int version) {
    this.version = version;
    return this;
  }

  /** Completes the handshake as the dialler; returns the node id the listener proved. */
  NodeId handshake(NodeIdentity identity, NetworkId network) {
    sendHello(new Hello(version, network, identity.nodeId(), 0, nonce()));
    Hello theirs = readHello();
    sendProof(identity.sign(
        HandshakeTranscript.signedBytes(Direction.OUTBOUND, ownHello, remoteHello)));
    WireMessage proof = readMessage();
    if (!(proof instanceof WireMessage.Proof p) || !NodeIdentity.verify(theirs.nodeId(),
        HandshakeTranscript.signedBytes(Direction.INBOUND, ownHello, remoteHello),
        p.signature())) {
      throw new AssertionError("expected a valid PROOF, got " + proof);
    }
    return theirs.nodeId();
  }

  static byte[] nonce() {
    byte[] nonce = new byte[Wire.NONCE_BYTES];
    new java.util.Random(7).nextBytes(nonce);
    return nonce;
  }

  void sendHello(Hello hello) {
    ownHello = hello.encode();
    sendBody(ownHello);
  }

  Hello readHello() {
    byte[] body = readFrame();
    if (body == null || body[0] != Wire.HELLO) {
      throw new AssertionError("expected a HELLO");
    }
    remoteHello = body;
    return ((WireMessage.HelloMessage) decode(body)).hello();
  }

  byte[] ownHello() {
    return ownHello;
  }

  byte[] remoteHello() {
    return remoteHello;
  }

  void sendProof(byte[] signature) {
    byte[] body = new byte[1 + signature.length];
    body[0] = Wire.PROOF;
    System.arraycopy(signature, 0, body, 1, signature.length);
    sendBody(body);
  }

  /** Sends a length prefix and the body. */
  void sendBody(byte[] body) {
    try {
      out.writeInt(body.length);
      out.write(body);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends bytes as they are. */
  void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one frame body; null when the connection has closed. */
  byte[] readFrame() {
    try {
      int length = in.readInt();
      byte[] body = new byte[length];
      in.readFully(body);
      return body;
    } catch (EOFException | SocketException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WireMessage readMessage() {
    byte[] body = readFrame();
    return body == null ? null : decode(body);
  }

  /** Reads messages until the other side closes; returns them in order. */
  List<WireMessage> readUntilClosed() {
    List<WireMessage> messages = new ArrayList<>();
    for (WireMessage next = readMessage(); next != null; next = readMessage()) {
      messages.add(next);
    }
    return messages;
  }

  /** The DISCONNECT among what arrived before the close. */
  WireMessage.Disconnect readDisconnect() {
    for (WireMessage message : readUntilClosed()) {
      if (message instanceof WireMessage.Disconnect disconnect) {
        return disconnect;
      }
    }
    throw new AssertionError("the connection closed without a DISCONNECT");
  }

  static WireMessage decode(byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    try {
      return MessageDecoder.decode(buf, 65_535);
    } finally {
      buf.release();
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
