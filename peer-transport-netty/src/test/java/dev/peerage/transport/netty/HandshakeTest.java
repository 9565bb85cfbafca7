package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.HandshakeTranscript;
import dev.peerage.transport.netty.internal.Hello;
import dev.peerage.transport.netty.internal.Wire;
import dev.peerage.transport.netty.internal.WireMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private final TestNodes nodes = new TestNodes();
  private final BlockingQueue<HandshakeFailure> failures = new LinkedBlockingQueue<>();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  private NettyTransport.Builder watched() {
    return TestNodes.listening().handshakeFailureListener(failures::add);
  }

  private HandshakeFailure nextFailure() {
    return RecordingHandler.take(failures, "handshake failure report");
  }

  @Test
  void bothSidesGetAConnectionWithTheProvenIdsNetworkAndAdvertisedAddress() {
    TestNodes.Node a = nodes.start(watched());
    TestNodes.Node b = nodes.start(watched());

    Connection out = a.dial(b);
    Connection in = b.nextInbound();

    assertThat(out.remoteNodeId()).isEqualTo(b.identity.nodeId());
    assertThat(in.remoteNodeId()).isEqualTo(a.identity.nodeId());
    assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(in.direction()).isEqualTo(Direction.INBOUND);
    assertThat(out.network()).isEqualTo(TestNodes.NETWORK);
    assertThat(in.network()).isEqualTo(TestNodes.NETWORK);
    assertThat(out.remoteAddress()).isEqualTo(b.address());
    assertThat(out.advertisedAddress()).contains(b.address());
    assertThat(in.advertisedAddress()).contains(a.address());
    assertThat(in.remoteAddress().port()).isNotEqualTo(a.address().port());
    assertThat(out.maxPayloadSize()).isEqualTo(4 * 1024 * 1024 - 3);
    assertThat(out.bytesOut()).isPositive();
    assertThat(in.bytesIn()).isEqualTo(out.bytesOut());
    assertThat(failures).isEmpty();
  }

  @Test
  void aDialOnlyTransportAdvertisesNoAddress() {
    TestNodes.Node server = nodes.start(watched());
    TestNodes.Node client = nodes.start(NettyTransport.builder().ioThreads(1));

    assertThat(client.transport.listenAddress()).isEmpty();
    client.transport.dial(server.address(), TestNodes.DIAL);
    assertThat(server.nextInbound().advertisedAddress()).isEmpty();
  }

  @Test
  void aPeerOfAnotherNetworkIsHandedOverWithItsNetworkForTheManagerToRefuse() {
    TestNodes.Node a = nodes.start(watched());
    TestNodes.Node b = nodes.start(watched(), NodeIdentity.fromSeed(99), NetworkId.TESTNET);

    Connection out = a.dial(b);
    Connection in = b.nextInbound();

    assertThat(out.network()).isEqualTo(NetworkId.TESTNET);
    assertThat(in.network()).isEqualTo(TestNodes.NETWORK);
    RecordingHandler handler = new RecordingHandler();
    out.activate(handler);
    RecordingHandler refuser = new RecordingHandler();
    in.activate(refuser);
    in.close(DisconnectReason.local(DisconnectReason.Code.WRONG_NETWORK, "we run testnet"));

    DisconnectReason seen = handler.awaitClosed();
    assertThat(seen.code()).isEqualTo(DisconnectReason.Code.WRONG_NETWORK);
    assertThat(seen.remote()).isTrue();
    assertThat(seen.detail()).isEqualTo("we run testnet");
    assertThat(refuser.awaitClosed().remote()).isFalse();
  }

  @Test
  void aDialToItselfFailsWithSelfAndLeavesNothingOpen() {
    TestNodes.Node a = nodes.start(watched());

    Throwable failure = TestNodes.failureOf(a.transport.dial(a.address(), TestNodes.DIAL));

    assertThat(failure).isInstanceOf(DialException.class);
    assertThat(((DialException) failure).failure()).isEqualTo(DialException.Failure.SELF);
    assertThat(a.inbound).isEmpty();
    HandshakeFailure reported = nextFailure();
    assertThat(reported.reason().code()).isEqualTo(DisconnectReason.Code.SELF);
    assertThat(reported.misbehaviour()).isEmpty();
    TestNodes.await(a.transport.close());
    assertThat(a.transport.openChannelCount()).isZero();
  }

  @Test
  void aPeerClaimingAnotherNodesIdWithoutItsKeyIsRefusedAsAnImpersonator() {
    TestNodes.Node server = nodes.start(watched());
    NodeIdentity victim = NodeIdentity.fromSeed(1234);
    NodeIdentity attacker = NodeIdentity.fromSeed(666);

    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.sendHello(new Hello(1, TestNodes.NETWORK, victim.nodeId(), 0, RawPeer.nonce()));
      raw.readHello();
      raw.sendProof(attacker.sign(HandshakeTranscript.signedBytes(
          Direction.OUTBOUND, raw.ownHello(), raw.remoteHello())));
      WireMessage.Disconnect disconnect = raw.readDisconnect();
      assertThat(disconnect.code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
      assertThat(disconnect.detail()).contains("does not verify");
    }

    HandshakeFailure reported = nextFailure();
    assertThat(reported.misbehaviour()).contains(MisbehaviourKind.IMPERSONATION);
    assertThat(reported.claimedNodeId()).contains(victim.nodeId());
    assertThat(reported.direction()).isEqualTo(Direction.INBOUND);
    assertThat(server.inbound).isEmpty();
  }

  @Test
  void aProofReplayedFromAnotherConnectionDoesNotVerify() {
    TestNodes.Node server = nodes.start(watched());
    NodeIdentity honest = NodeIdentity.fromSeed(5);
    byte[] replayed;
    try (RawPeer first = RawPeer.connect(server.address())) {
      first.sendHello(new Hello(1, TestNodes.NETWORK, honest.nodeId(), 0, RawPeer.nonce()));
      first.readHello();
      replayed = honest.sign(HandshakeTranscript.signedBytes(
          Direction.OUTBOUND, first.ownHello(), first.remoteHello()));
    }
    nextFailure(); // the first connection was abandoned mid-handshake

    try (RawPeer second = RawPeer.connect(server.address())) {
      // Same HELLO, byte for byte; the server's fresh nonce makes the old proof worthless.
      second.sendHello(new Hello(1, TestNodes.NETWORK, honest.nodeId(), 0, RawPeer.nonce()));
      second.readHello();
      second.sendProof(replayed);
      assertThat(second.readDisconnect().code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
    }
    assertThat(nextFailure().misbehaviour()).contains(MisbehaviourKind.IMPERSONATION);
    assertThat(server.inbound).isEmpty();
  }

  @Test
  void aPeerClaimingOurOwnIdIsAnImpersonatorNotASelfConnection() {
    TestNodes.Node server = nodes.start(watched());
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.sendHello(new Hello(1, TestNodes.NETWORK, server.identity.nodeId(), 0, RawPeer.nonce()));
      raw.readHello();
      assertThat(raw.readDisconnect().code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
    }
    assertThat(nextFailure().misbehaviour()).contains(MisbehaviourKind.IMPERSONATION);
  }

  @Test
  void anUnsupportedVersionIsABadHandshake() {
    TestNodes.Node server = nodes.start(watched());
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.sendHello(new Hello(0, TestNodes.NETWORK, NodeIdentity.fromSeed(8).nodeId(), 0,
          RawPeer.nonce()));
      WireMessage.Disconnect disconnect = raw.readDisconnect();
      assertThat(disconnect.code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
      assertThat(disconnect.detail()).contains("version 0");
    }
    HandshakeFailure reported = nextFailure();
    assertThat(reported.misbehaviour()).contains(MisbehaviourKind.BAD_HANDSHAKE);
    assertThat(reported.reason().remote()).isFalse();
  }

  @Test
  void aNewerVersionIsAcceptedAndSpokenAtOurs() {
    TestNodes.Node server = nodes.start(watched());
    NodeIdentity identity = NodeIdentity.fromSeed(9);
    try (RawPeer raw = RawPeer.connect(server.address())) {
      byte[] v1 = new Hello(1, TestNodes.NETWORK, identity.nodeId(), 0, RawPeer.nonce()).encode();
      // Version 2 with an extension field that version 1 must skip.
      byte[] v2 = java.util.Arrays.copyOf(v1, v1.length + 3);
      v2[6] = 2;
      raw.sendBody(v2);
      raw.readHello();
      raw.sendProof(identity.sign(
          HandshakeTranscript.signedBytes(Direction.OUTBOUND, v2, raw.remoteHello())));
      assertThat(raw.readMessage()).isInstanceOf(WireMessage.Proof.class);
      assertThat(server.nextInbound().remoteNodeId()).isEqualTo(identity.nodeId());
    }
  }

  @Test
  void aWrongMagicIsABadHandshake() {
    TestNodes.Node server = nodes.start(watched());
    byte[] hello = new Hello(1, TestNodes.NETWORK, NodeIdentity.fromSeed(8).nodeId(), 0,
        RawPeer.nonce()).encode();
    hello[1] = 'X';
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.sendBody(hello);
      assertThat(raw.readDisconnect().detail()).contains("magic");
    }
    assertThat(nextFailure().misbehaviour()).contains(MisbehaviourKind.BAD_HANDSHAKE);
  }

  @Test
  void anAddressesMessageDuringTheHandshakeIsABadHandshakeNotAnAddressFlood() {
    TestNodes.Node server = nodes.start(watched().maxAddressesPerMessage(1000));
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.readHello();
      // A count of 1001 with no entries: over the cap, but not allowed at this point at all.
      raw.sendBody(new byte[] {Wire.ADDRESSES, 0x03, (byte) 0xe9});
      WireMessage.Disconnect disconnect = raw.readDisconnect();
      assertThat(disconnect.code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
      assertThat(disconnect.detail()).isEqualTo(
          "an ADDRESSES message (type 0x21) arrived during the handshake; expected HELLO");
    }
    HandshakeFailure reported = nextFailure();
    assertThat(reported.misbehaviour()).contains(MisbehaviourKind.BAD_HANDSHAKE);
    assertThat(reported.reason().detail()).contains("ADDRESSES");
  }

  @Test
  void anApplicationMessageDuringTheHandshakeIsNamedAsTheProtocolNamesIt() {
    TestNodes.Node server = nodes.start(watched());
    NodeIdentity identity = NodeIdentity.fromSeed(12);
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.sendHello(new Hello(1, TestNodes.NETWORK, identity.nodeId(), 0, RawPeer.nonce()));
      raw.readHello();
      raw.sendBody(new byte[] {Wire.MESSAGE, 0, 7, 42});
      WireMessage.Disconnect disconnect = raw.readDisconnect();
      assertThat(disconnect.detail()).isEqualTo(
          "a MESSAGE (type 0x40) arrived during the handshake; expected PROOF");
    }
    assertThat(nextFailure().misbehaviour()).contains(MisbehaviourKind.BAD_HANDSHAKE);

    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.readHello();
      raw.sendBody(new byte[] {Wire.PING, 0, 0, 0, 0, 0, 0, 0, 1});
      assertThat(raw.readDisconnect().detail()).isEqualTo(
          "a PING message (type 0x10) arrived during the handshake; expected HELLO");
    }
    assertThat(nextFailure().misbehaviour()).contains(MisbehaviourKind.BAD_HANDSHAKE);
  }

  @Test
  void aClientThatSendsNothingIsClosedAtTheHandshakeTimeout() {
    TestNodes.Node server = nodes.start(watched().handshakeTimeout(Duration.ofMillis(300)));
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.readHello();
      WireMessage.Disconnect disconnect = raw.readDisconnect();
      assertThat(disconnect.code()).isEqualTo(DisconnectReason.Code.TIMEOUT);
    }
    HandshakeFailure reported = nextFailure();
    assertThat(reported.reason().code()).isEqualTo(DisconnectReason.Code.TIMEOUT);
    assertThat(reported.misbehaviour()).isEmpty();
  }

  @Test
  void aListenerThatNeverAnswersFailsTheDialWithTimeout() {
    TestNodes.Node client = nodes.start(watched());
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      PeerAddress address = PeerAddress.of(silent.getInetAddress(), silent.getLocalPort());
      Throwable failure =
          TestNodes.failureOf(client.transport.dial(address, Duration.ofMillis(300)));
      assertThat(((DialException) failure).failure()).isEqualTo(DialException.Failure.TIMEOUT);
      assertThat(((DialException) failure).address()).isEqualTo(address);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aDialToAClosedPortIsRefused() throws Exception {
    TestNodes.Node client = nodes.start(watched());
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Throwable failure = TestNodes.failureOf(
        client.transport.dial(PeerAddress.parse("127.0.0.1:" + port), TestNodes.DIAL));
    assertThat(((DialException) failure).failure()).isEqualTo(DialException.Failure.REFUSED);
  }

  @Test
  void dialsBeforeStartAndAfterCloseFailWithClosed() {
    NettyTransport idle = TestNodes.listening().build();
    PeerAddress somewhere = PeerAddress.parse("127.0.0.1:9");
    Throwable before = TestNodes.failureOf(idle.dial(somewhere, TestNodes.DIAL));
    assertThat(((DialException) before).failure()).isEqualTo(DialException.Failure.CLOSED);
    TestNodes.await(idle.close());

    TestNodes.Node node = nodes.start(watched());
    TestNodes.await(node.transport.close());
    Throwable after = TestNodes.failureOf(node.transport.dial(somewhere, TestNodes.DIAL));
    assertThat(((DialException) after).failure()).isEqualTo(DialException.Failure.CLOSED);
    assertThat(node.transport.listenAddress()).isEmpty();
    assertThatThrownBy(() -> node.transport.dial(somewhere, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }

  @Test
  void theHelloSizeFitsTheHandshakeFrameLimit() {
    byte[] longest = new Hello(1, NetworkId.of("n".repeat(NetworkId.MAX_LENGTH)),
        NodeIdentity.fromSeed(1).nodeId(), 65_535, RawPeer.nonce()).encode();
    assertThat(longest.length).isLessThanOrEqualTo(Wire.HANDSHAKE_MAX_FRAME).isEqualTo(106);
  }
}
