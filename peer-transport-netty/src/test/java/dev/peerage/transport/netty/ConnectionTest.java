package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.internal.WireMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  private record Pair(Connection out, RecordingHandler outHandler, Connection in,
      RecordingHandler inHandler) {}

  private Pair connect(NettyTransport.Builder a, NettyTransport.Builder b) {
    TestNodes.Node client = nodes.start(a);
    TestNodes.Node server = nodes.start(b);
    Connection out = client.dial(server);
    Connection in = server.nextInbound();
    RecordingHandler outHandler = new RecordingHandler();
    RecordingHandler inHandler = new RecordingHandler();
    out.activate(outHandler);
    in.activate(inHandler);
    return new Pair(out, outHandler, in, inHandler);
  }

  @Test
  void applicationMessagesArriveInOrderOnTheirChannels() {
    Pair pair = connect(TestNodes.listening(), TestNodes.listening());
    for (int i = 0; i < 100; i++) {
      pair.out().send(i % 3, new byte[] {(byte) i});
    }
    TestNodes.await(pair.in().send(65_535, "back".getBytes()));

    for (int i = 0; i < 100; i++) {
      RecordingHandler.Message message = pair.inHandler().nextMessage();
      assertThat(message.channel()).isEqualTo(i % 3);
      assertThat(message.payload()).containsExactly((byte) i);
    }
    RecordingHandler.Message back = pair.outHandler().nextMessage();
    assertThat(back.channel()).isEqualTo(65_535);
    assertThat(new String(back.payload())).isEqualTo("back");
  }

  @Test
  void aPayloadOfTheMaximumSizeArrivesAndOneByteMoreIsRefused() {
    NettyTransport.Builder small = TestNodes.listening().maxFrameSize(64 * 1024);
    Pair pair = connect(small, TestNodes.listening().maxFrameSize(64 * 1024));
    byte[] largest = new byte[pair.out().maxPayloadSize()];
    largest[largest.length - 1] = 42;

    TestNodes.await(pair.out().send(1, largest));
    assertThat(pair.inHandler().nextMessage().payload()).isEqualTo(largest);
    Throwable tooLarge = TestNodes.failureOf(pair.out().send(1, new byte[largest.length + 1]));
    assertThat(tooLarge).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(largest.length + 1));
    assertThat(TestNodes.failureOf(pair.out().send(70_000, new byte[1])))
        .hasMessageContaining("70000");
  }

  @Test
  void addressRequestsAreAnsweredCappedAndTheAnswerArrivesComplete() {
    Pair pair = connect(TestNodes.listening(),
        TestNodes.listening().maxAddressesPerMessage(3));
    List<TimestampedAddress> offered = new ArrayList<>();
    Instant seen = Instant.parse("2026-03-01T10:15:30Z");
    offered.add(new TimestampedAddress(PeerAddress.parse("203.0.113.7:9798"), seen));
    offered.add(new TimestampedAddress(PeerAddress.parse("[2001:db8::1]:8333"), seen));
    offered.add(new TimestampedAddress(PeerAddress.parse("node.example.org:9798"), seen));
    offered.add(new TimestampedAddress(PeerAddress.parse("198.51.100.1:1"), seen));
    pair.inHandler().offered = offered;

    List<TimestampedAddress> answer = TestNodes.await(pair.out().requestAddresses());

    assertThat(answer).containsExactlyElementsOf(offered.subList(0, 3));
    assertThat(pair.inHandler().addressRequests).hasValue(1);
  }

  @Test
  void anUnansweredAddressRequestTimesOut() {
    TestNodes.Node client = nodes.start(
        TestNodes.listening().addressRequestTimeout(Duration.ofMillis(200)));
    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.acceptAndHandshake(NodeIdentity.fromSeed(77));
      Connection out = TestNodes.await(dial);
      RecordingHandler handler = new RecordingHandler();
      out.activate(handler);

      Throwable failure = TestNodes.failureOf(out.requestAddresses());
      assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("PT0.2S");
      assertThat(raw.readMessage()).isEqualTo(WireMessage.GetAddresses.INSTANCE);
      raw.close();
    }
  }

  @Test
  void aQuietConnectionIsPingedAndTheRoundTripReported() {
    NettyTransport.Builder quick = TestNodes.listening().pingInterval(Duration.ofMillis(100));
    Pair pair = connect(quick, TestNodes.listening());

    Duration latency = RecordingHandler.take(pair.outHandler().latencies, "latency");

    assertThat(latency).isPositive().isLessThan(TestNodes.WAIT);
    assertThat(pair.out().latency()).isPresent();
    assertThat(pair.out().closed().toCompletableFuture()).isNotDone();
  }

  @Test
  void aPeerThatNeverAnswersPingsIsClosedWithTimeout() {
    TestNodes.Node client = nodes.start(TestNodes.listening()
        .pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofMillis(200)));
    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.acceptAndHandshake(NodeIdentity.fromSeed(78));
      Connection out = TestNodes.await(dial);
      RecordingHandler handler = new RecordingHandler();
      out.activate(handler);

      DisconnectReason reason = handler.awaitClosed();
      assertThat(reason.code()).isEqualTo(DisconnectReason.Code.TIMEOUT);
      assertThat(reason.remote()).isFalse();
      List<WireMessage> seen = raw.readUntilClosed();
      assertThat(seen).first().isInstanceOf(WireMessage.Ping.class);
      assertThat(seen).last().isInstanceOf(WireMessage.Disconnect.class);
      raw.close();
    }
  }

  @Test
  void closeSendsTheReasonAndEachSideHearsExactlyOneClose() {
    Pair pair = connect(TestNodes.listening(), TestNodes.listening());

    pair.out().close(DisconnectReason.local(DisconnectReason.Code.BANNED, "banned for spam"));
    pair.out().close(DisconnectReason.local(DisconnectReason.Code.REQUESTED, "again"));

    DisconnectReason remote = pair.inHandler().awaitClosed();
    assertThat(remote).isEqualTo(DisconnectReason.remote(DisconnectReason.Code.BANNED,
        "banned for spam"));
    DisconnectReason local = pair.outHandler().awaitClosed();
    assertThat(local).isEqualTo(DisconnectReason.local(DisconnectReason.Code.BANNED,
        "banned for spam"));
    assertThat(TestNodes.await(pair.out().closed())).isEqualTo(local);
    assertThat(pair.outHandler().closeCalls).hasValue(1);
    assertThat(pair.inHandler().closeCalls).hasValue(1);
    assertThat(TestNodes.failureOf(pair.out().send(0, new byte[1])))
        .isInstanceOf(IllegalStateException.class);
    assertThat(TestNodes.failureOf(pair.out().requestAddresses()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void messagesSentBeforeActivationAreDeliveredAfterItInOrder() {
    TestNodes.Node client = nodes.start(TestNodes.listening());
    TestNodes.Node server = nodes.start(TestNodes.listening());
    Connection out = client.dial(server);
    Connection in = server.nextInbound();
    out.activate(new RecordingHandler());
    for (int i = 0; i < 10; i++) {
      TestNodes.await(out.send(7, new byte[] {(byte) i}));
    }
    out.close(DisconnectReason.local(DisconnectReason.Code.REQUESTED, "done"));
    TestNodes.await(out.closed());

    RecordingHandler late = new RecordingHandler();
    in.activate(late);

    for (int i = 0; i < 10; i++) {
      assertThat(late.nextMessage().payload()).containsExactly((byte) i);
    }
    assertThat(late.awaitClosed().code()).isEqualTo(DisconnectReason.Code.REQUESTED);
    assertThat(TestNodes.await(in.closed()).code()).isEqualTo(DisconnectReason.Code.REQUESTED);
  }

  @Test
  void aPeerThatDoesNotReadMakesSendFailInsteadOfBufferingWithoutBound() {
    TestNodes.Node client = nodes.start(TestNodes.listening()
        .writeBufferHighWaterMark(64 * 1024));
    try (RawServer server = RawServer.start()) {
      CompletionStage<Connection> dial = client.transport.dial(server.address(), TestNodes.DIAL);
      RawPeer raw = server.acceptAndHandshake(NodeIdentity.fromSeed(79));
      Connection out = TestNodes.await(dial);
      out.activate(new RecordingHandler());
      byte[] chunk = new byte[16 * 1024];

      Throwable refused = null;
      long accepted = 0;
      // The raw peer never reads: socket buffers fill, then the write buffer, then send fails.
      for (int i = 0; i < 100_000 && refused == null; i++) {
        CompletionStage<Void> sent = out.send(1, chunk);
        if (sent.toCompletableFuture().isCompletedExceptionally()) {
          refused = TestNodes.failureOf(sent);
        } else {
          accepted += chunk.length;
        }
      }

      assertThat(refused).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("reads too slowly");
      assertThat(accepted).isLessThan(64L * 1024 * 1024);
      raw.close();
    }
  }
}
