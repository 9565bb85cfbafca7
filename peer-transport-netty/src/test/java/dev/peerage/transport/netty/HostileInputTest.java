package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.HandshakeTranscript;
import dev.peerage.transport.netty.internal.Hello;
import dev.peerage.transport.netty.internal.Wire;
import dev.peerage.transport.netty.internal.WireMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken peer can send, before and after the handshake: each case closes the
 * connection with a reason and a misbehaviour report, throws nothing into the host, and (checked by
 * the leak extension for the whole class) leaks no buffer.
 */
class HostileInputTest {
  private final TestNodes nodes = new TestNodes();
  private final BlockingQueue<HandshakeFailure> failures = new LinkedBlockingQueue<>();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  private TestNodes.Node server(NettyTransport.Builder builder) {
    return nodes.start(builder.handshakeFailureListener(failures::add));
  }

  /** A raw peer that completed the handshake, and the server's activated side of it. */
  private record Session(RawPeer raw, Connection connection, RecordingHandler handler) {}

  private Session session(TestNodes.Node server) {
    RawPeer raw = RawPeer.connect(server.address());
    raw.handshake(NodeIdentity.fromSeed(4242), TestNodes.NETWORK);
    Connection connection = server.nextInbound();
    RecordingHandler handler = new RecordingHandler();
    connection.activate(handler);
    return new Session(raw, connection, handler);
  }

  private static void expectClosedFor(Session session, MisbehaviourKind kind) {
    RecordingHandler.Fault fault = session.handler().nextFault();
    assertThat(fault.kind()).isEqualTo(kind);
    DisconnectReason reason = session.handler().awaitClosed();
    assertThat(reason.code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
    assertThat(reason.remote()).isFalse();
    assertThat(reason.detail()).isEqualTo(fault.evidence());
    assertThat(session.handler().closeCalls).hasValue(1);
  }

  @Test
  void randomBytesBeforeTheHandshakeAreRefusedAndTheNodeStaysUsable() {
    TestNodes.Node server = server(TestNodes.listening());
    Random random = new Random(20261121);
    for (int run = 0; run < 25; run++) {
      byte[] garbage = new byte[1 + random.nextInt(600)];
      random.nextBytes(garbage);
      try (RawPeer raw = RawPeer.connect(server.address())) {
        raw.sendRaw(garbage);
        raw.readUntilClosed();
      }
      HandshakeFailure reported = RecordingHandler.take(failures, "failure of run " + run);
      assertThat(reported.misbehaviour()).as("run %d", run).isPresent();
      assertThat(reported.reason().remote()).isFalse();
    }
    assertThat(server.inbound).isEmpty();

    TestNodes.Node honest = nodes.start(TestNodes.listening());
    assertThat(honest.dial(server).remoteNodeId()).isEqualTo(server.identity.nodeId());
  }

  @Test
  void aHugeLengthPrefixIsRefusedAtOnceWithoutWaitingForTheBody() {
    TestNodes.Node server = server(TestNodes.listening());
    try (RawPeer raw = RawPeer.connect(server.address())) {
      raw.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      WireMessage.Disconnect disconnect = raw.readDisconnect();
      assertThat(disconnect.code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
      assertThat(disconnect.detail()).contains("2147483647").contains("256");
    }
    assertThat(RecordingHandler.take(failures, "failure").misbehaviour())
        .contains(MisbehaviourKind.OVERSIZED_MESSAGE);
  }

  @Test
  void aFrameOverTheLimitAfterTheHandshakeClosesAsOversized() {
    TestNodes.Node server = server(TestNodes.listening().maxFrameSize(8 * 1024));
    Session session = session(server);
    session.raw().sendRaw(ByteBuffer.allocate(4).putInt(8 * 1024 + 1).array());

    expectClosedFor(session, MisbehaviourKind.OVERSIZED_MESSAGE);
    assertThat(session.raw().readDisconnect().detail()).contains("8193");
    session.raw().close();
  }

  @Test
  void aFrameCutShortInsideItsFieldsIsMalformed() {
    TestNodes.Node server = server(TestNodes.listening());
    Session session = session(server);
    session.raw().sendBody(new byte[] {Wire.PING, 1, 2, 3});

    expectClosedFor(session, MisbehaviourKind.MALFORMED_MESSAGE);
    session.raw().close();
  }

  @Test
  void aStreamThatEndsInsideAFrameIsANetworkErrorNotMisbehaviour() {
    TestNodes.Node server = server(TestNodes.listening());
    Session session = session(server);
    session.raw().sendRaw(new byte[] {0, 0, 0, 100, Wire.MESSAGE, 0, 1, 2, 3});
    session.raw().close();

    DisconnectReason reason = session.handler().awaitClosed();
    assertThat(reason.code()).isEqualTo(DisconnectReason.Code.NETWORK_ERROR);
    assertThat(reason.remote()).isTrue();
    assertThat(session.handler().faults).isEmpty();
  }

  @Test
  void moreAddressesThanTheCapCloseAsAFloodBeforeAnyIsParsed() {
    TestNodes.Node server = server(TestNodes.listening().maxAddressesPerMessage(1000));
    Session session = session(server);
    // A count of 1001 and no entries at all: refused on the count alone.
    session.raw().sendBody(new byte[] {Wire.ADDRESSES, 0x03, (byte) 0xe9});

    expectClosedFor(session, MisbehaviourKind.ADDRESS_FLOOD);
    session.raw().close();
  }

  @Test
  void anAnswerOverTheCapFailsTheRequestAndClosesAsAFlood() {
    TestNodes.Node client = server(TestNodes.listening().maxAddressesPerMessage(2));
    try (RawServer rawServer = RawServer.start()) {
      var dial = client.transport.dial(rawServer.address(), TestNodes.DIAL);
      RawPeer raw = rawServer.acceptAndHandshake(NodeIdentity.fromSeed(31));
      Connection connection = TestNodes.await(dial);
      RecordingHandler handler = new RecordingHandler();
      connection.activate(handler);
      var answer = connection.requestAddresses();
      assertThat(raw.readMessage()).isEqualTo(WireMessage.GetAddresses.INSTANCE);
      byte[] entry = {0, 0, 0, 0, 0, 0, 0, 1, Wire.ADDRESS_IPV4, 10, 0, 0, 1, 0x26, (byte) 0x56};
      ByteBuffer body = ByteBuffer.allocate(3 + 3 * entry.length)
          .put((byte) Wire.ADDRESSES).putShort((short) 3);
      for (int i = 0; i < 3; i++) {
        body.put(entry);
      }
      raw.sendBody(body.array());

      assertThat(TestNodes.failureOf(answer)).isInstanceOf(IllegalStateException.class);
      assertThat(handler.nextFault().kind()).isEqualTo(MisbehaviourKind.ADDRESS_FLOOD);
      assertThat(handler.awaitClosed().code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
      raw.close();
    }
  }

  @Test
  void unsolicitedAddressesAreReportedAndAFloodOfThemCloses() {
    TestNodes.Node server =
        server(TestNodes.listening().addressRequestLimit(3, Duration.ofMinutes(10)));
    Session session = session(server);
    byte[] empty = {Wire.ADDRESSES, 0, 0};
    for (int i = 0; i < 7; i++) {
      session.raw().sendBody(empty);
    }
    for (int i = 0; i < 6; i++) {
      assertThat(session.handler().nextFault().kind())
          .isEqualTo(MisbehaviourKind.UNSOLICITED_MESSAGE);
    }
    expectClosedFor(session, MisbehaviourKind.ADDRESS_FLOOD);
    session.raw().close();
  }

  @Test
  void aFloodOfAddressRequestsIsAnsweredEmptyThenReportedThenClosed() {
    TestNodes.Node server =
        server(TestNodes.listening().addressRequestLimit(2, Duration.ofMinutes(10)));
    Session session = session(server);
    session.handler().offered = List.of(new TimestampedAddress(
        PeerAddress.parse("203.0.113.9:9798"), Instant.parse("2026-01-01T00:00:00Z")));
    for (int i = 0; i < 5; i++) {
      session.raw().sendBody(new byte[] {Wire.GET_ADDRESSES});
    }
    List<WireMessage> answers = session.raw().readUntilClosed();

    assertThat(answers).hasSize(5);
    assertThat(((WireMessage.Addresses) answers.get(0)).addresses()).hasSize(1);
    assertThat(((WireMessage.Addresses) answers.get(1)).addresses()).hasSize(1);
    assertThat(((WireMessage.Addresses) answers.get(2)).addresses()).isEmpty();
    assertThat(((WireMessage.Addresses) answers.get(3)).addresses()).isEmpty();
    assertThat(answers.get(4)).isInstanceOf(WireMessage.Disconnect.class);
    assertThat(session.handler().nextFault().kind())
        .isEqualTo(MisbehaviourKind.RATE_LIMIT_EXCEEDED);
    assertThat(session.handler().nextFault().kind())
        .isEqualTo(MisbehaviourKind.RATE_LIMIT_EXCEEDED);
    expectClosedFor(session, MisbehaviourKind.RATE_LIMIT_EXCEEDED);
    assertThat(session.handler().addressRequests).hasValue(2);
    session.raw().close();
  }

  @Test
  void aHandshakeMessageAfterTheHandshakeIsAProtocolViolation() {
    TestNodes.Node server = server(TestNodes.listening());
    Session session = session(server);
    session.raw().sendBody(new byte[65]);  // type 0x00 is no message type
    expectClosedFor(session, MisbehaviourKind.PROTOCOL_VIOLATION);
    session.raw().close();

    Session again = session(server);
    byte[] proof = new byte[65];
    proof[0] = Wire.PROOF;
    again.raw().sendBody(proof);
    expectClosedFor(again, MisbehaviourKind.PROTOCOL_VIOLATION);
    assertThat(again.raw().readDisconnect().detail())
        .isEqualTo("a PROOF message (type 0x02) arrived after the handshake");
    again.raw().close();
  }

  @Test
  void garbageRightBehindTheProofIsReportedOnActivationBeforeTheClose() {
    TestNodes.Node server = server(TestNodes.listening());
    NodeIdentity identity = NodeIdentity.fromSeed(4343);
    RawPeer raw = RawPeer.connect(server.address());
    raw.sendHello(new Hello(1, TestNodes.NETWORK, identity.nodeId(), 0, RawPeer.nonce()));
    raw.readHello();
    byte[] signature = identity.sign(HandshakeTranscript.signedBytes(
        Direction.OUTBOUND, raw.ownHello(), raw.remoteHello()));
    // Proof, a message and a malformed PONG in one write, so the server reads them together.
    ByteBuffer burst = ByteBuffer.allocate(4 + 65 + 4 + 4 + 4 + 2)
        .putInt(65).put((byte) Wire.PROOF).put(signature)
        .putInt(4).put(new byte[] {Wire.MESSAGE, 0, 5, 9})
        .putInt(2).put(new byte[] {Wire.PONG, 1});
    raw.sendRaw(burst.array());
    Connection connection = server.nextInbound();
    TestNodes.await(connection.closed());

    RecordingHandler late = new RecordingHandler();
    connection.activate(late);

    assertThat(late.nextMessage().payload()).containsExactly(9);
    assertThat(late.nextFault().kind()).isEqualTo(MisbehaviourKind.MALFORMED_MESSAGE);
    assertThat(late.awaitClosed().code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
    raw.close();
  }
}
