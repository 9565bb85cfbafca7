package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.NettyConnection;
import dev.peerage.transport.netty.internal.Wire;
import dev.peerage.transport.netty.internal.WireMessage;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection#remoteAdmitted()} over TCP: each side's ADMITTED, sent when its host activates,
 * completes the other side's stage; a side that refuses (closes instead of activating) fails it, and
 * the other side hears the refusal's reason.
 */
class AdmissionTest {
  private static final DisconnectReason REFUSAL =
      DisconnectReason.local(DisconnectReason.Code.UNKNOWN_PEER, "known peers only");

  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  private record Ends(Connection out, Connection in) {}

  private Ends connect() {
    TestNodes.Node client = nodes.start(TestNodes.listening());
    TestNodes.Node server = nodes.start(TestNodes.listening());
    Connection out = client.dial(server);
    Connection in = server.nextInbound();
    assertThat(((NettyConnection) out).protocolVersion()).isEqualTo(Wire.PROTOCOL_VERSION);
    return new Ends(out, in);
  }

  @Test
  void theDiallersStageCompletesOnlyOnceTheAcceptorActivates() {
    Ends ends = connect();
    assertThat(ends.in().remoteAdmitted().toCompletableFuture())
        .as("the dialler has not activated").isNotDone();

    ends.out().activate(new RecordingHandler());
    // The acceptor has not activated, so it has sent no ADMITTED: nothing can complete this yet.
    assertThat(ends.out().remoteAdmitted().toCompletableFuture()).isNotDone();
    ends.in().activate(new RecordingHandler());

    TestNodes.await(ends.out().remoteAdmitted());
    TestNodes.await(ends.in().remoteAdmitted());
  }

  @Test
  void theAcceptorsStageCompletesOnlyOnceTheDiallerActivates() {
    Ends ends = connect();
    RecordingHandler inHandler = new RecordingHandler();
    ends.in().activate(inHandler);
    assertThat(ends.in().remoteAdmitted().toCompletableFuture()).isNotDone();
    // A message from the acceptor travels behind its ADMITTED: once the dialler has it (held,
    // since the dialler has not activated), the ADMITTED is there too, and still nothing completes
    // the acceptor's stage.
    TestNodes.await(ends.in().send(3, new byte[] {1}));

    RecordingHandler outHandler = new RecordingHandler();
    ends.out().activate(outHandler);

    TestNodes.await(ends.in().remoteAdmitted());
    TestNodes.await(ends.out().remoteAdmitted());
    assertThat(outHandler.nextMessage().payload()).containsExactly(1);
  }

  @Test
  void anAcceptorThatRefusesFailsTheDiallersStageAndTheDiallerHearsWhy() {
    Ends ends = connect();
    RecordingHandler outHandler = new RecordingHandler();
    ends.out().activate(outHandler);

    ends.in().close(REFUSAL);

    Throwable notAdmitted = TestNodes.failureOf(ends.out().remoteAdmitted());
    assertThat(notAdmitted).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UNKNOWN_PEER").hasMessageContaining("known peers only");
    assertThat(outHandler.awaitClosed()).isEqualTo(DisconnectReason.remote(
        DisconnectReason.Code.UNKNOWN_PEER, "known peers only"));
    assertThat(TestNodes.failureOf(ends.in().remoteAdmitted()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(TestNodes.await(ends.in().closed())).isEqualTo(REFUSAL);
  }

  @Test
  void aDiallerThatRefusesFailsTheAcceptorsStageAndTheAcceptorHearsWhy() {
    Ends ends = connect();
    RecordingHandler inHandler = new RecordingHandler();
    ends.in().activate(inHandler);

    ends.out().close(REFUSAL);

    assertThat(TestNodes.failureOf(ends.in().remoteAdmitted()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("UNKNOWN_PEER");
    assertThat(inHandler.awaitClosed()).isEqualTo(DisconnectReason.remote(
        DisconnectReason.Code.UNKNOWN_PEER, "known peers only"));
    assertThat(TestNodes.await(ends.out().closed())).isEqualTo(REFUSAL);
  }

  /**
   * The race the linger closes: the dialler activates and writes at once (ADMITTED, a message, an
   * address request) while the acceptor refuses without ever reading. Were the acceptor to close
   * its socket with those bytes unread, its kernel would answer with a reset, and the dialler could
   * lose the DISCONNECT and see a network error instead of the reason. Many rounds, one outcome.
   */
  @Test
  void aRefusalRacingTheDiallersFirstWritesAlwaysArrivesWithItsReason() {
    refuseRepeatedly(TestNodes.listening());
  }

  @Test
  void theSameOnTheNativeTransport() {
    assumeTrue(NettyTransport.nativeTransportAvailable(), "no native transport on this machine");
    refuseRepeatedly(TestNodes.listening().nativeTransport(true));
  }

  private void refuseRepeatedly(NettyTransport.Builder builder) {
    TestNodes.Node client = nodes.start(builder);
    TestNodes.Node server = nodes.start(builder);
    for (int round = 0; round < 40; round++) {
      Connection out = client.dial(server);
      Connection in = server.nextInbound();
      RecordingHandler outHandler = new RecordingHandler();
      out.activate(outHandler);
      out.send(1, new byte[] {(byte) round});
      CompletionStage<?> request = out.requestAddresses();
      in.close(REFUSAL);

      assertThat(outHandler.awaitClosed()).as("round " + round).isEqualTo(
          DisconnectReason.remote(DisconnectReason.Code.UNKNOWN_PEER, "known peers only"));
      assertThat(TestNodes.failureOf(out.remoteAdmitted())).as("round " + round)
          .hasMessageContaining("UNKNOWN_PEER");
      TestNodes.failureOf(request);
    }
  }

  @Test
  void aVersion2PeerSeesOneAdmittedOnActivationAndItsOwnCompletesTheStage() {
    TestNodes.Node client = nodes.start(TestNodes.listening());
    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.acceptAndHandshake(NodeIdentity.fromSeed(81), 2);
      Connection out = TestNodes.await(dial);
      RecordingHandler handler = new RecordingHandler();
      out.activate(handler);

      assertThat(raw.readFrame()).containsExactly(Wire.ADMITTED);
      assertThat(out.remoteAdmitted().toCompletableFuture()).isNotDone();
      raw.sendBody(new byte[] {Wire.ADMITTED});
      TestNodes.await(out.remoteAdmitted());

      out.close(DisconnectReason.local(DisconnectReason.Code.REQUESTED, "done"));
      List<WireMessage> rest = raw.readUntilClosed();
      assertThat(rest).containsExactly(
          new WireMessage.Disconnect(DisconnectReason.Code.REQUESTED, "done"));
      raw.close();
    }
  }

  @Test
  void aVersion1PeerIsSentNoAdmittedAndCountsAsAdmittedAtOnce() {
    TestNodes.Node client = nodes.start(TestNodes.listening());
    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.acceptAndHandshake(NodeIdentity.fromSeed(82), RawPeer.V1);
      Connection out = TestNodes.await(dial);

      assertThat(((NettyConnection) out).protocolVersion()).isEqualTo(1);
      assertThat(out.remoteAdmitted().toCompletableFuture()).isCompleted();
      out.activate(new RecordingHandler());
      out.requestAddresses();
      assertThat(raw.readMessage()).isEqualTo(WireMessage.GetAddresses.INSTANCE);
      raw.close();
    }
  }

  @Test
  void aSecondAdmittedIsAViolation() {
    Session session = v2Session();
    session.raw().sendBody(new byte[] {Wire.ADMITTED});
    TestNodes.await(session.connection().remoteAdmitted());
    session.raw().sendBody(new byte[] {Wire.ADMITTED});

    expectClosedFor(session, MisbehaviourKind.PROTOCOL_VIOLATION, "second ADMITTED");
    session.raw().close();
  }

  @Test
  void anAdmittedWithABodyIsMalformed() {
    Session session = v2Session();
    session.raw().sendBody(new byte[] {Wire.ADMITTED, 7, 7});

    expectClosedFor(session, MisbehaviourKind.MALFORMED_MESSAGE, "2 bytes after");
    assertThat(TestNodes.failureOf(session.connection().remoteAdmitted()))
        .isInstanceOf(IllegalStateException.class);
    session.raw().close();
  }

  @Test
  void anAdmittedOnAVersion1ConnectionIsAViolation() {
    TestNodes.Node server = nodes.start(TestNodes.listening());
    RawPeer raw = RawPeer.connect(server.address());
    raw.handshake(NodeIdentity.fromSeed(4545), TestNodes.NETWORK);
    Connection connection = server.nextInbound();
    RecordingHandler handler = new RecordingHandler();
    connection.activate(handler);
    raw.sendBody(new byte[] {Wire.ADMITTED});

    expectClosedFor(new Session(raw, connection, handler), MisbehaviourKind.PROTOCOL_VIOLATION,
        "protocol version 1");
    raw.close();
  }

  private record Session(RawPeer raw, Connection connection, RecordingHandler handler) {}

  /** A version 2 raw dialler after the handshake, the server's side activated, its ADMITTED read. */
  private Session v2Session() {
    TestNodes.Node server = nodes.start(TestNodes.listening());
    RawPeer raw = RawPeer.connect(server.address()).version(2);
    raw.handshake(NodeIdentity.fromSeed(4646), TestNodes.NETWORK);
    Connection connection = server.nextInbound();
    RecordingHandler handler = new RecordingHandler();
    connection.activate(handler);
    assertThat(raw.readFrame()).containsExactly(Wire.ADMITTED);
    return new Session(raw, connection, handler);
  }

  private static void expectClosedFor(Session session, MisbehaviourKind kind, String evidence) {
    RecordingHandler.Fault fault = session.handler().nextFault();
    assertThat(fault.kind()).isEqualTo(kind);
    assertThat(fault.evidence()).contains(evidence);
    DisconnectReason reason = session.handler().awaitClosed();
    assertThat(reason.code()).isEqualTo(DisconnectReason.Code.PROTOCOL_ERROR);
    assertThat(reason.remote()).isFalse();
    assertThat(reason.detail()).isEqualTo(fault.evidence());
    WireMessage.Disconnect disconnect = session.raw().readDisconnect();
    assertThat(disconnect.detail()).isEqualTo(fault.evidence());
  }
}
