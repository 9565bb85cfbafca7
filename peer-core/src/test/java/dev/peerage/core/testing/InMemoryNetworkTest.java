package dev.peerage.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException.Failure;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason.Code;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryNetworkTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LATENCY = InMemoryNetwork.DEFAULT_LATENCY;
  private static final Duration ROUND_TRIP = LATENCY.multipliedBy(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final VirtualTime time = new VirtualTime(T0);
  private InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();

  private Node a = node("10.0.0.1:9000", 1);
  private Node b = node("10.0.0.2:9000", 2);
  private Node c = node("10.0.0.3:9000", 3);

  // ---- fixture ---------------------------------------------------------------------------------

  /** A node of the network: its transport, and what its inbound handler received. */
  private final class Node {
    final PeerAddress address;
    final NodeIdentity identity;
    final InMemoryTransport transport;
    final List<Connection> inbound = new ArrayList<>();
    final List<Instant> inboundAt = new ArrayList<>();
    final Map<Connection, RecordingHandler> handlers = new IdentityHashMap<>();
    boolean activateInbound = true;
    Consumer<Connection> onInbound = c -> { };

    Node(InMemoryNetwork net, String address, long seed, NetworkId networkId, boolean listens) {
      this.address = PeerAddress.parse(address);
      this.identity = NodeIdentity.fromSeed(seed);
      this.transport = net.transport(this.address, listens);
      CompletableFuture<Void> started = transport.start(new TransportContext(identity, networkId,
          connection -> {
            inbound.add(connection);
            inboundAt.add(time.instant());
            onInbound.accept(connection);
            if (activateInbound) {
              activate(connection);
            }
          })).toCompletableFuture();
      assertThat(started).isCompleted();
    }

    NodeId id() {
      return identity.nodeId();
    }

    RecordingHandler activate(Connection connection) {
      RecordingHandler handler = new RecordingHandler(time);
      handlers.put(connection, handler);
      connection.activate(handler);
      return handler;
    }

    RecordingHandler handler(Connection connection) {
      return handlers.get(connection);
    }

    CompletableFuture<Connection> dial(Node other) {
      return dial(other.address);
    }

    CompletableFuture<Connection> dial(PeerAddress target) {
      return transport.dial(target, TIMEOUT).toCompletableFuture();
    }
  }

  private Node node(String address, long seed) {
    return new Node(network, address, seed, NetworkId.MAIN, true);
  }

  /** Both ends of a connection, activated with recording handlers. */
  private record Link(Connection out, RecordingHandler outHandler, Connection in,
      RecordingHandler inHandler) {}

  private Link connect(Node from, Node to) {
    CompletableFuture<Connection> dial = from.dial(to);
    time.advance(ROUND_TRIP);
    assertThat(dial).isCompleted();
    Connection out = done(dial);
    RecordingHandler outHandler = from.activate(out);
    Connection in = to.inbound.get(to.inbound.size() - 1);
    return new Link(out, outHandler, in, to.handler(in));
  }

  private Duration elapsed() {
    return Duration.between(T0, time.instant());
  }

  private static Instant at(Duration sinceStart) {
    return T0.plus(sinceStart);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The value of a future that must already be complete; never waits. */
  private static <T> T done(CompletableFuture<T> future) {
    assertThat(future).isCompleted();
    return future.getNow(null);
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    assertThat(future).isCompletedExceptionally();
    Throwable failure = future.handle((value, error) -> error).getNow(null);
    return failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
  }

  private static DialException dialFailure(CompletionStage<?> stage, Failure expected) {
    Throwable failure = failureOf(stage);
    assertThat(failure).isInstanceOf(DialException.class);
    DialException dial = (DialException) failure;
    assertThat(dial.failure()).isEqualTo(expected);
    return dial;
  }

  private static void refuse(Connection connection) {
    connection.close(DisconnectReason.local(Code.UNKNOWN_PEER, "test node takes no inbound"));
  }

  private static List<TimestampedAddress> addresses(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new TimestampedAddress(
            PeerAddress.parse("192.0.2." + (i % 250 + 1) + ":" + (1000 + i)), T0))
        .toList();
  }

  // ---- tests -----------------------------------------------------------------------------------

  @Nested
  class Dialling {
    @Test
    void inboundArrivesAfterOneLatencyAndTheDialCompletesAfterOneRoundTrip() {
      CompletableFuture<Connection> dial = a.dial(b);

      time.advance(LATENCY.minusNanos(1));
      assertThat(b.inbound).isEmpty();
      time.advance(Duration.ofNanos(1));
      assertThat(b.inbound).hasSize(1);
      assertThat(b.inboundAt).containsExactly(at(LATENCY));
      assertThat(dial).isNotDone();

      time.advance(LATENCY.minusNanos(1));
      assertThat(dial).isNotDone();
      time.advance(Duration.ofNanos(1));
      assertThat(dial).isCompleted();
      assertThat(network.connectionCount()).isEqualTo(1);
      assertThat(network.dialsAttempted()).isEqualTo(1);
    }

    @Test
    void bothEndsReportTheRightIdentitiesDirectionsNetworksAndAddresses() {
      Node testnet = new Node(network, "10.0.0.9:9000", 9, NetworkId.TESTNET, true);
      CompletableFuture<Connection> dial = a.dial(testnet);
      time.advance(ROUND_TRIP);

      Connection out = done(dial);
      assertThat(out.direction()).isEqualTo(Direction.OUTBOUND);
      assertThat(out.remoteNodeId()).isEqualTo(testnet.id());
      assertThat(out.network()).isEqualTo(NetworkId.TESTNET);
      assertThat(out.remoteAddress()).isEqualTo(testnet.address);
      assertThat(out.advertisedAddress()).contains(testnet.address);
      assertThat(out.latency()).contains(ROUND_TRIP);
      assertThat(out.maxPayloadSize()).isEqualTo(InMemoryNetwork.DEFAULT_MAX_PAYLOAD_SIZE);

      Connection in = testnet.inbound.get(0);
      assertThat(in.direction()).isEqualTo(Direction.INBOUND);
      assertThat(in.remoteNodeId()).isEqualTo(a.id());
      assertThat(in.network()).isEqualTo(NetworkId.MAIN);
      assertThat(in.remoteAddress()).isEqualTo(PeerAddress.parse("10.0.0.1:40000"));
      assertThat(in.advertisedAddress()).contains(a.address);
      assertThat(in.latency()).contains(ROUND_TRIP);
    }

    @Test
    void eachInboundSideSeesANewEphemeralPortOfTheDialler() {
      connect(a, b);
      connect(a, c);
      connect(a, b);
      assertThat(b.inbound).extracting(Connection::remoteAddress)
          .containsExactly(PeerAddress.parse("10.0.0.1:40000"), PeerAddress.parse("10.0.0.1:40002"));
      assertThat(c.inbound.get(0).remoteAddress()).isEqualTo(PeerAddress.parse("10.0.0.1:40001"));
    }

    @Test
    void aNodeThatDoesNotListenDialsFromItsAddressAndAdvertisesNothing() {
      Node client = new Node(network, "10.0.0.50:7000", 50, NetworkId.MAIN, false);
      assertThat(client.transport.listenAddress()).isEmpty();
      assertThat(client.transport.address()).isEqualTo(client.address);

      connect(client, a);
      Connection in = a.inbound.get(0);
      assertThat(in.remoteAddress()).isEqualTo(client.address);
      assertThat(in.advertisedAddress()).isEmpty();

      CompletableFuture<Connection> toClient = a.dial(client);
      time.advance(ROUND_TRIP);
      dialFailure(toClient, Failure.REFUSED);
    }

    @Test
    void latencyOverridesApplyPerPairBothWays() {
      network.setLatency(b.address, a.address, ms(200));
      CompletableFuture<Connection> slow = a.dial(b);
      CompletableFuture<Connection> fast = a.dial(c);
      time.advance(ROUND_TRIP);
      assertThat(fast).isCompleted();
      assertThat(slow).isNotDone();
      time.advance(ms(300));
      assertThat(slow).isCompleted();
      assertThat(done(slow).latency()).contains(ms(400));
      assertThat(b.inboundAt).containsExactly(at(ms(200)));
    }

    @Test
    void sameSeedAndJitterGiveTheSameRunAndFramesStayInOrder() {
      List<String> first = jitteredRun();
      List<String> second = jitteredRun();
      assertThat(first).isEqualTo(second);
    }

    private List<String> jitteredRun() {
      VirtualTime clock = new VirtualTime(T0);
      InMemoryNetwork net = InMemoryNetwork.builder()
          .scheduler(clock)
          .latencyJitter(ms(40))
          .random(new Random(42))
          .build();
      InMemoryTransport x = net.transport(PeerAddress.parse("10.1.0.1:1"));
      InMemoryTransport y = net.transport(PeerAddress.parse("10.1.0.2:1"));
      RecordingHandler received = new RecordingHandler(clock);
      x.start(new TransportContext(NodeIdentity.fromSeed(1), NetworkId.MAIN, InMemoryNetworkTest::refuse));
      y.start(new TransportContext(NodeIdentity.fromSeed(2), NetworkId.MAIN,
          connection -> connection.activate(received)));
      CompletableFuture<Connection> dial =
          x.dial(PeerAddress.parse("10.1.0.2:1"), TIMEOUT).toCompletableFuture();
      clock.advance(Duration.ofSeconds(1));
      Connection out = done(dial);
      out.activate(new RecordingHandler(clock));
      Instant sentAt = clock.instant();
      for (int i = 0; i < 100; i++) {
        out.send(1, bytes("m" + i));
      }
      clock.advance(Duration.ofSeconds(1));

      assertThat(received.texts())
          .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "m" + i).toList());
      List<Instant> times = received.events("message").stream()
          .map(RecordingHandler.Event::at).toList();
      assertThat(times).isSorted()
          .allSatisfy(t -> assertThat(t).isBetween(sentAt.plus(LATENCY), sentAt.plus(ms(90))));
      assertThat(times.stream().distinct().count()).as("jitter spreads arrivals").isGreaterThan(10);
      return received.events("message").stream().map(e -> e.text() + "@" + e.at()).toList();
    }
  }

  @Nested
  class DialFailures {
    @Test
    void aTransportNotStartedOrClosedFailsAtOnceWithClosed() {
      InMemoryTransport idle = network.transport(PeerAddress.parse("10.0.0.7:1"));
      DialException notStarted = dialFailure(idle.dial(b.address, TIMEOUT), Failure.CLOSED);
      assertThat(notStarted.address()).isEqualTo(b.address);
      assertThat(notStarted).hasMessageContaining("not started");

      a.transport.close();
      assertThat(dialFailure(a.dial(b), Failure.CLOSED)).hasMessageContaining("closed");
    }

    @Test
    void dialingTheOwnAddressFailsAtOnceWithSelf() {
      assertThat(dialFailure(a.dial(a), Failure.SELF)).hasMessageContaining(a.address.toString());
    }

    @Test
    void aRemoteWithOurNodeIdFailsWithSelfAfterOneRoundTripAndSeesNothing() {
      Node twin = node("10.0.0.8:9000", 1);
      CompletableFuture<Connection> dial = a.dial(twin);
      time.advance(ROUND_TRIP.minusNanos(1));
      assertThat(dial).isNotDone();
      time.advance(Duration.ofNanos(1));
      dialFailure(dial, Failure.SELF);
      assertThat(twin.inbound).isEmpty();
      assertThat(network.connectionCount()).isZero();
    }

    @Test
    void nothingListeningIsRefusedAfterOneRoundTrip() {
      CompletableFuture<Connection> unknown = a.dial(PeerAddress.parse("10.9.9.9:1"));
      InMemoryTransport notStarted = network.transport(PeerAddress.parse("10.0.0.7:1"));
      CompletableFuture<Connection> idle = a.dial(notStarted.address());

      time.advance(ROUND_TRIP.minusNanos(1));
      assertThat(unknown).isNotDone();
      time.advance(Duration.ofNanos(1));
      assertThat(dialFailure(unknown, Failure.REFUSED)).hasMessageContaining("nothing listens");
      dialFailure(idle, Failure.REFUSED);
    }

    @Test
    void aRefusingNodeRefusesAfterOneRoundTripUntilItAcceptsAgain() {
      network.setRefusing(b.address, true);
      CompletableFuture<Connection> refused = a.dial(b);
      time.advance(ROUND_TRIP);
      dialFailure(refused, Failure.REFUSED);
      assertThat(b.inbound).isEmpty();

      network.setRefusing(b.address, false);
      connect(a, b);
      assertThat(network.connectionCount()).isEqualTo(1);
    }

    @Test
    void aDownTargetTimesOutExactlyAtTheTimeout() {
      network.setDown(b.address, true);
      CompletableFuture<Connection> dial = a.dial(b);

      time.advance(TIMEOUT.minusNanos(1));
      assertThat(dial).isNotDone();
      time.advance(Duration.ofNanos(1));
      assertThat(dialFailure(dial, Failure.TIMEOUT)).hasMessageContaining(TIMEOUT.toString());
      assertThat(b.inbound).isEmpty();

      network.setDown(b.address, false);
      connect(a, b);
    }

    @Test
    void aDownNodeCannotDialOutEither() {
      network.setDown(a.address, true);
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(TIMEOUT);
      dialFailure(dial, Failure.TIMEOUT);
      assertThat(b.inbound).isEmpty();
    }

    @Test
    void aPartitionedTargetTimesOutWhileOthersConnect() {
      network.partition(b.address, a.address, true);
      CompletableFuture<Connection> cut = a.dial(b);
      CompletableFuture<Connection> fine = a.dial(c);
      time.advance(ROUND_TRIP);
      assertThat(fine).isCompleted();
      assertThat(cut).isNotDone();
      time.advance(TIMEOUT.minus(ROUND_TRIP));
      dialFailure(cut, Failure.TIMEOUT);

      network.partition(a.address, b.address, false);
      connect(a, b);
    }

    @Test
    void anOfflineDiallerFailsUnreachableAtOnceAndAnOfflineTargetTimesOut() {
      network.setOffline(a.address, true);
      CompletableFuture<Connection> fromOffline = a.dial(b);
      CompletableFuture<Connection> toOffline = b.dial(a);
      time.runDue();
      assertThat(elapsed()).isZero();
      assertThat(dialFailure(fromOffline, Failure.UNREACHABLE)).hasMessageContaining("offline");

      time.advance(TIMEOUT);
      dialFailure(toOffline, Failure.TIMEOUT);

      network.setOffline(a.address, false);
      connect(a, b);
    }

    @Test
    void goingOfflineFailsDialsInProgressWithUnreachable() {
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(LATENCY);
      assertThat(b.inbound).hasSize(1);

      network.setOffline(a.address, true);
      time.runDue();
      dialFailure(dial, Failure.UNREACHABLE);
      assertThat(b.handler(b.inbound.get(0)).closeReason())
          .isEqualTo(DisconnectReason.remote(Code.NETWORK_ERROR,
              "the network of " + a.address + " went offline"));
    }

    @Test
    void aHandshakeSlowerThanTheTimeoutFailsAndTheLateConnectionIsClosedWithTimeout() {
      CompletableFuture<Connection> dial = a.transport.dial(b.address, ms(80)).toCompletableFuture();
      time.advance(ms(80));
      dialFailure(dial, Failure.TIMEOUT);
      assertThat(b.inbound).hasSize(1);

      time.advance(ms(100));
      RecordingHandler inbound = b.handler(b.inbound.get(0));
      assertThat(inbound.closeReason().code()).isEqualTo(Code.TIMEOUT);
      assertThat(inbound.closeReason().remote()).isTrue();
      assertThat(inbound.closedAt()).isEqualTo(at(ms(150)));
      assertThat(network.connectionCount()).isZero();
    }

    @Test
    void injectedFailuresHitTheNextDialsWithTheirOwnTiming() {
      network.failNextDials(b.address, 2, Failure.HANDSHAKE_FAILED);
      CompletableFuture<Connection> first = a.dial(b);
      CompletableFuture<Connection> second = c.dial(b);
      CompletableFuture<Connection> third = a.dial(b);
      time.advance(ROUND_TRIP.minusNanos(1));
      assertThat(first).isNotDone();
      time.advance(Duration.ofNanos(1));
      dialFailure(first, Failure.HANDSHAKE_FAILED);
      dialFailure(second, Failure.HANDSHAKE_FAILED);
      assertThat(third).isCompleted();

      network.failNextDials(b.address, 1, Failure.UNREACHABLE);
      CompletableFuture<Connection> unreachable = a.dial(b);
      time.runDue();
      dialFailure(unreachable, Failure.UNREACHABLE);

      network.failNextDials(b.address, 1, Failure.TIMEOUT);
      CompletableFuture<Connection> timeout = a.dial(b);
      time.advance(TIMEOUT.minusNanos(1));
      assertThat(timeout).isNotDone();
      time.advance(Duration.ofNanos(1));
      dialFailure(timeout, Failure.TIMEOUT);

      network.failNextDials(b.address, 3, Failure.WRONG_NODE);
      network.failNextDials(b.address, 0, Failure.WRONG_NODE);
      CompletableFuture<Connection> cleared = a.dial(b);
      time.advance(ROUND_TRIP);
      assertThat(cleared).isCompleted();
      assertThat(network.dialsAttempted()).isEqualTo(6);
    }

    @Test
    void closingTheTransportFailsItsDialsInProgressWithClosed() {
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(LATENCY);
      a.transport.close();
      time.runDue();
      dialFailure(dial, Failure.CLOSED);

      time.advance(ROUND_TRIP);
      RecordingHandler inbound = b.handler(b.inbound.get(0));
      assertThat(inbound.closeReason().code()).isEqualTo(Code.SHUTTING_DOWN);
    }

    @Test
    void badArgumentsAreRejectedAtOnce() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> a.transport.dial(b.address, Duration.ZERO))
          .withMessage("timeout must be positive, was PT0S");
      assertThatThrownBy(() -> a.transport.dial(null, TIMEOUT))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Messages {
    @Test
    void messagesArriveAfterOneLatencyInOrderWithTheirChannels() {
      Link link = connect(a, b);
      Instant sent = time.instant();
      link.out().send(1, bytes("one"));
      link.out().send(2, bytes("two"));
      link.out().send(65_535, bytes("three"));

      time.advance(LATENCY.minusNanos(1));
      assertThat(link.inHandler().events("message")).isEmpty();
      time.advance(Duration.ofNanos(1));
      List<RecordingHandler.Event> received = link.inHandler().events("message");
      assertThat(received).extracting(RecordingHandler.Event::text)
          .containsExactly("one", "two", "three");
      assertThat(received).extracting(RecordingHandler.Event::channel).containsExactly(1, 2, 65_535);
      assertThat(received).extracting(RecordingHandler.Event::at).containsOnly(sent.plus(LATENCY));
      assertThat(network.messagesDelivered()).isEqualTo(3);
    }

    @Test
    void bytesCountPayloadAndFrameOverhead() {
      Link link = connect(a, b);
      link.out().send(0, new byte[100]);
      link.in().send(0, new byte[7]);
      long overhead = InMemoryNetwork.FRAME_OVERHEAD_BYTES;
      assertThat(link.out().bytesOut()).isEqualTo(100 + overhead);
      assertThat(link.in().bytesIn()).isZero();
      time.advance(LATENCY);
      assertThat(link.in().bytesIn()).isEqualTo(100 + overhead);
      assertThat(link.out().bytesIn()).isEqualTo(7 + overhead);
      assertThat(link.in().bytesOut()).isEqualTo(7 + overhead);
    }

    @Test
    void theReceiverOwnsACopyOfThePayload() {
      Link link = connect(a, b);
      byte[] payload = bytes("kept");
      link.out().send(0, payload);
      payload[0] = 'X';
      time.advance(LATENCY);
      assertThat(link.inHandler().texts()).containsExactly("kept");
    }

    @Test
    void sendRejectsOversizedPayloadsBadChannelsAndClosedConnections() {
      network = InMemoryNetwork.builder().scheduler(time).maxPayloadSize(10).build();
      Node x = new Node(network, "10.2.0.1:1", 1, NetworkId.MAIN, true);
      Node y = new Node(network, "10.2.0.2:1", 2, NetworkId.MAIN, true);
      Link link = connect(x, y);

      assertThat(link.out().send(0, new byte[10]).toCompletableFuture()).isCompleted();
      assertThat(failureOf(link.out().send(0, new byte[11])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("payload of 11 bytes is larger than the maximum of 10 bytes");
      assertThat(failureOf(link.out().send(65_536, new byte[1])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("65536");
      assertThat(failureOf(link.out().send(-1, new byte[1])))
          .isInstanceOf(IllegalArgumentException.class);

      link.out().close(DisconnectReason.local(Code.REQUESTED, "done"));
      assertThat(failureOf(link.out().send(0, new byte[1])))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }

    @Test
    void aSenderFarAheadOfTheReaderIsToldToSlowDown() {
      network = InMemoryNetwork.builder().scheduler(time).maxInFlightMessages(10).build();
      Node x = new Node(network, "10.2.0.1:1", 1, NetworkId.MAIN, true);
      Node y = new Node(network, "10.2.0.2:1", 2, NetworkId.MAIN, true);
      Link link = connect(x, y);

      for (int i = 0; i < 10; i++) {
        assertThat(link.out().send(0, bytes("m" + i)).toCompletableFuture()).isCompleted();
      }
      assertThat(failureOf(link.out().send(0, bytes("m10"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("reads too slowly");

      time.advance(LATENCY);
      assertThat(link.out().send(0, bytes("again")).toCompletableFuture()).isCompleted();
      time.advance(LATENCY);
      assertThat(link.inHandler().texts()).hasSize(11).endsWith("again");
    }

    @Test
    void remoteAdmittedCompletesOneLatencyAfterTheOtherEndActivatesAndFailsOnARefusal() {
      b.activateInbound = false;
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(ROUND_TRIP);
      Connection out = done(dial);
      a.activate(out);
      Connection in = b.inbound.get(0);
      time.advance(Duration.ofMinutes(1));
      assertThat(out.remoteAdmitted().toCompletableFuture()).as("b has not decided").isNotDone();
      assertThat(in.remoteAdmitted().toCompletableFuture()).as("a activated").isCompleted();
      in.activate(new RecordingHandler(time));
      time.advance(LATENCY.minusNanos(1));
      assertThat(out.remoteAdmitted().toCompletableFuture()).isNotDone();
      time.advance(Duration.ofNanos(1));
      assertThat(out.remoteAdmitted().toCompletableFuture()).isCompleted();

      CompletableFuture<Connection> second = a.dial(b);
      time.advance(ROUND_TRIP);
      Connection refusedOut = done(second);
      a.activate(refusedOut);
      b.inbound.get(1).close(DisconnectReason.local(Code.UNKNOWN_PEER, "known peers only"));
      time.advance(ROUND_TRIP);
      assertThat(failureOf(refusedOut.remoteAdmitted())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed before the remote admitted it");
    }

    @Test
    void aThrowingHandlerFailsTheAdvanceButLaterMessagesStillArrive() {
      b.activateInbound = false;
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(ROUND_TRIP);
      List<String> seen = new ArrayList<>();
      b.inbound.get(0).activate(new RecordingHandler(time) {
        @Override
        public void onMessage(Connection connection, int channel, byte[] payload) {
          String text = new String(payload, StandardCharsets.UTF_8);
          seen.add(text);
          if (text.equals("bad")) {
            throw new IllegalStateException("handler bug");
          }
        }
      });
      Connection out = done(dial);
      a.activate(out);
      out.send(0, bytes("bad"));
      out.send(0, bytes("good"));

      assertThatThrownBy(() -> time.advance(LATENCY))
          .isInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("handler bug");
      assertThat(seen).containsExactly("bad", "good");
    }
  }

  @Nested
  class Closing {
    @Test
    void aCloseReachesTheOtherSideAfterOneLatencyBehindEarlierMessages() {
      Link link = connect(a, b);
      Instant closedAt = time.instant();
      link.out().send(0, bytes("last words"));
      link.out().close(DisconnectReason.local(Code.REQUESTED, "bye"));
      link.out().close(DisconnectReason.local(Code.BANNED, "ignored, already closing"));

      time.runDue();
      assertThat(link.outHandler().closeReason())
          .isEqualTo(DisconnectReason.local(Code.REQUESTED, "bye"));
      assertThat(link.out().closed().toCompletableFuture())
          .isCompletedWithValue(DisconnectReason.local(Code.REQUESTED, "bye"));
      assertThat(network.connectionCount()).isZero();
      assertThat(link.inHandler().events()).isEmpty();

      time.advance(LATENCY);
      assertThat(link.inHandler().events()).extracting(RecordingHandler.Event::kind)
          .containsExactly("message", "closed");
      assertThat(link.inHandler().closeReason())
          .isEqualTo(DisconnectReason.remote(Code.REQUESTED, "bye"));
      assertThat(link.inHandler().closedAt()).isEqualTo(closedAt.plus(LATENCY));
      assertThat(link.in().closed().toCompletableFuture())
          .isCompletedWithValue(DisconnectReason.remote(Code.REQUESTED, "bye"));

      link.in().close(DisconnectReason.local(Code.OTHER, "late"));
      time.advance(ROUND_TRIP);
      assertThat(link.inHandler().events("closed")).hasSize(1);
      assertThat(link.outHandler().events("closed")).hasSize(1);
    }

    @Test
    void theInboundSideCanCloseToo() {
      Link link = connect(a, b);
      link.in().close(DisconnectReason.local(Code.TOO_MANY_PEERS, "full"));
      time.advance(LATENCY);
      assertThat(link.inHandler().closeReason())
          .isEqualTo(DisconnectReason.local(Code.TOO_MANY_PEERS, "full"));
      assertThat(link.outHandler().closeReason())
          .isEqualTo(DisconnectReason.remote(Code.TOO_MANY_PEERS, "full"));
    }

    @Test
    void aRefusalRightAtHandOverStillHandsTheDiallerAConnectionThatThenCloses() {
      b.activateInbound = false;
      b.onInbound = connection ->
          connection.close(DisconnectReason.local(Code.TOO_MANY_PEERS, "no slots"));
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(ROUND_TRIP);
      Connection out = done(dial);
      assertThat(out.closed().toCompletableFuture())
          .isCompletedWithValue(DisconnectReason.remote(Code.TOO_MANY_PEERS, "no slots"));
      RecordingHandler handler = a.activate(out);
      time.runDue();
      assertThat(handler.closeReason())
          .isEqualTo(DisconnectReason.remote(Code.TOO_MANY_PEERS, "no slots"));
      assertThat(b.inbound.get(0).closed().toCompletableFuture())
          .isCompletedWithValue(DisconnectReason.local(Code.TOO_MANY_PEERS, "no slots"));
    }

    @Test
    void simultaneousClosesReportEachSidesOwnReasonOnce() {
      Link link = connect(a, b);
      link.out().close(DisconnectReason.local(Code.EVICTED, "from a"));
      link.in().close(DisconnectReason.local(Code.EVICTED, "from b"));
      time.advance(ROUND_TRIP);
      assertThat(link.outHandler().closeReason())
          .isEqualTo(DisconnectReason.local(Code.EVICTED, "from a"));
      assertThat(link.inHandler().closeReason())
          .isEqualTo(DisconnectReason.local(Code.EVICTED, "from b"));
    }

    @Test
    void messagesToASideThatClosedAreDropped() {
      Link link = connect(a, b);
      link.in().send(0, bytes("too late"));
      link.out().close(DisconnectReason.local(Code.REQUESTED, ""));
      time.advance(ROUND_TRIP);
      assertThat(link.outHandler().events()).extracting(RecordingHandler.Event::kind)
          .containsExactly("closed");
    }

    @Test
    void aCloseFromInsideACallbackIsTheLastCallback() {
      List<String> seen = new ArrayList<>();
      CompletableFuture<Connection> second = a.dial(c);
      c.activateInbound = false;
      time.advance(ROUND_TRIP);
      Connection fromA = c.inbound.get(0);
      fromA.activate(new RecordingHandler(time) {
        @Override
        public void onMessage(Connection connection, int channel, byte[] payload) {
          super.onMessage(connection, channel, payload);
          seen.add(new String(payload, StandardCharsets.UTF_8));
          connection.close(DisconnectReason.local(Code.PROTOCOL_ERROR, "did not like it"));
        }

        @Override
        public void onClosed(Connection connection, DisconnectReason reason) {
          super.onClosed(connection, reason);
          seen.add("closed:" + reason.code());
        }
      });
      Connection out = done(second);
      out.activate(new RecordingHandler(time));
      out.send(0, bytes("first"));
      out.send(0, bytes("second"));
      time.advance(LATENCY);
      assertThat(seen).containsExactly("first", "closed:PROTOCOL_ERROR");
    }
  }

  @Nested
  class Activation {
    @Test
    void nothingIsDeliveredBeforeActivateThenEverythingInOrder() {
      b.activateInbound = false;
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(ROUND_TRIP);
      Connection out = done(dial);
      a.activate(out);
      for (int i = 0; i < 5; i++) {
        out.send(0, bytes("m" + i));
      }
      time.advance(Duration.ofSeconds(10));
      Connection in = b.inbound.get(0);
      RecordingHandler handler = new RecordingHandler(time);
      in.activate(handler);
      assertThat(handler.events()).isEmpty();

      time.runDue();
      assertThat(handler.texts()).containsExactly("m0", "m1", "m2", "m3", "m4");
      assertThatIllegalStateException()
          .isThrownBy(() -> in.activate(new RecordingHandler(time)))
          .withMessageContaining("already");
    }

    @Test
    void tooManyDeliveriesBeforeActivateCloseTheConnectionWithProtocolError() {
      network = InMemoryNetwork.builder().scheduler(time).maxPendingDeliveries(3).build();
      Node x = new Node(network, "10.2.0.1:1", 1, NetworkId.MAIN, true);
      Node y = new Node(network, "10.2.0.2:1", 2, NetworkId.MAIN, true);
      y.activateInbound = false;
      CompletableFuture<Connection> dial = x.dial(y);
      time.advance(ROUND_TRIP);
      Connection out = done(dial);
      RecordingHandler outHandler = x.activate(out);
      for (int i = 0; i < 4; i++) {
        out.send(0, bytes("m" + i));
      }
      time.advance(LATENCY);

      Connection in = y.inbound.get(0);
      DisconnectReason expected = DisconnectReason.local(
          Code.PROTOCOL_ERROR, "more than 3 deliveries waited for activate()");
      assertThat(in.closed().toCompletableFuture()).isCompletedWithValue(expected);
      assertThat(network.connectionCount()).isZero();

      RecordingHandler late = new RecordingHandler(time);
      in.activate(late);
      time.runDue();
      assertThat(late.events()).extracting(RecordingHandler.Event::kind).containsExactly("closed");
      assertThat(late.closeReason()).isEqualTo(expected);

      time.advance(LATENCY);
      assertThat(outHandler.closeReason()).isEqualTo(
          DisconnectReason.remote(Code.PROTOCOL_ERROR, expected.detail()));
    }

    @Test
    void aConnectionClosedBeforeActivationReportsItsCloseOnActivation() {
      b.activateInbound = false;
      Link link;
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(ROUND_TRIP);
      Connection out = done(dial);
      link = new Link(out, a.activate(out), b.inbound.get(0), null);
      link.out().send(0, bytes("before the close"));
      link.out().close(DisconnectReason.local(Code.REQUESTED, "changed my mind"));
      time.advance(LATENCY);

      assertThat(link.in().closed().toCompletableFuture())
          .isCompletedWithValue(DisconnectReason.remote(Code.REQUESTED, "changed my mind"));
      RecordingHandler handler = new RecordingHandler(time);
      link.in().activate(handler);
      time.runDue();
      assertThat(handler.events()).extracting(RecordingHandler.Event::kind)
          .containsExactly("message", "closed");
    }
  }

  @Nested
  class AddressExchange {
    @Test
    void anAddressRequestIsAnsweredAfterOneRoundTripCappedAndMeasuresLatency() {
      Link link = connect(a, b);
      link.inHandler().answering(addresses(1500));
      Instant asked = time.instant();

      CompletableFuture<List<TimestampedAddress>> answer =
          link.out().requestAddresses().toCompletableFuture();
      time.advance(LATENCY);
      assertThat(link.inHandler().events("addressRequest")).hasSize(1);
      assertThat(answer).isNotDone();
      time.advance(LATENCY);

      assertThat(answer).isCompleted();
      assertThat(done(answer)).hasSize(InMemoryNetwork.DEFAULT_MAX_ADDRESSES_PER_ANSWER)
          .isEqualTo(addresses(1500).subList(0, 1000));
      assertThat(link.outHandler().events("latency")).singleElement()
          .satisfies(e -> {
            assertThat(e.detail()).isEqualTo(ROUND_TRIP);
            assertThat(e.at()).isEqualTo(asked.plus(ROUND_TRIP));
          });
      long overhead = InMemoryNetwork.FRAME_OVERHEAD_BYTES;
      assertThat(link.out().bytesOut()).isEqualTo(overhead);
      assertThat(link.out().bytesIn())
          .isEqualTo(overhead + 1000L * InMemoryNetwork.ADDRESS_ENTRY_BYTES);
    }

    @Test
    void theCapComesFromTheBuilderAndTheMeasuredLatencyFollowsTheLink() {
      network = InMemoryNetwork.builder().scheduler(time).maxAddressesPerAnswer(5).build();
      Node x = new Node(network, "10.2.0.1:1", 1, NetworkId.MAIN, true);
      Node y = new Node(network, "10.2.0.2:1", 2, NetworkId.MAIN, true);
      Link link = connect(x, y);
      link.inHandler().answering(addresses(8));
      network.setLatency(x.address, y.address, ms(10));

      CompletableFuture<List<TimestampedAddress>> answer =
          link.out().requestAddresses().toCompletableFuture();
      time.advance(ms(20));
      assertThat(done(answer)).hasSize(5);
      assertThat(link.out().latency()).contains(ms(20));
    }

    @Test
    void aRequestFailsIfTheConnectionClosesFirstOrIsClosed() {
      Link link = connect(a, b);
      CompletableFuture<List<TimestampedAddress>> pending =
          link.out().requestAddresses().toCompletableFuture();
      link.in().close(DisconnectReason.local(Code.REQUESTED, "going"));
      time.advance(ROUND_TRIP);
      assertThat(failureOf(pending)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(failureOf(link.out().requestAddresses()))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void outstandingRequestsAreBounded() {
      Link link = connect(a, b);
      for (int i = 0; i < 16; i++) {
        link.out().requestAddresses();
      }
      assertThat(failureOf(link.out().requestAddresses()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("16");
      time.advance(ROUND_TRIP);
      assertThat(link.inHandler().events("addressRequest")).hasSize(16);
      assertThat(link.out().requestAddresses().toCompletableFuture()).isNotDone();
    }
  }

  @Nested
  class Faults {
    @Test
    void aNodeGoingDownBreaksItsConnectionsOnBothSidesAndLosesFramesInFlight() {
      Link ab = connect(a, b);
      Link cb = connect(c, b);
      Link ac = connect(a, c);
      ab.out().send(0, bytes("lost"));
      Instant broke = time.instant();

      network.setDown(b.address, true);
      assertThat(network.connectionCount()).isEqualTo(1);
      time.advance(ROUND_TRIP);

      DisconnectReason down =
          DisconnectReason.remote(Code.NETWORK_ERROR, "node " + b.address + " went down");
      for (RecordingHandler handler :
          List.of(ab.outHandler(), ab.inHandler(), cb.outHandler(), cb.inHandler())) {
        assertThat(handler.closeReason()).isEqualTo(down);
        assertThat(handler.closedAt()).isEqualTo(broke);
      }
      assertThat(ab.inHandler().events("message")).isEmpty();
      assertThat(ac.outHandler().isClosed()).isFalse();
      assertThat(b.transport.connectionCount()).isZero();
    }

    @Test
    void framesThatAlreadyArrivedAreDeliveredBeforeTheBreak() {
      b.activateInbound = false;
      CompletableFuture<Connection> dial = a.dial(b);
      time.advance(ROUND_TRIP);
      Connection out = done(dial);
      a.activate(out);
      out.send(0, bytes("arrived"));
      time.advance(LATENCY);
      network.setDown(a.address, true);

      RecordingHandler handler = b.activate(b.inbound.get(0));
      time.runDue();
      assertThat(handler.events()).extracting(RecordingHandler.Event::kind)
          .containsExactly("message", "closed");
    }

    @Test
    void goingOfflineBreaksConnections() {
      Link ab = connect(a, b);
      network.setOffline(a.address, true);
      time.runDue();
      assertThat(ab.outHandler().closeReason().code()).isEqualTo(Code.NETWORK_ERROR);
      assertThat(ab.inHandler().closeReason().code()).isEqualTo(Code.NETWORK_ERROR);
      assertThat(ab.inHandler().closeReason().remote()).isTrue();
    }

    @Test
    void aPartitionBreaksOnlyTheConnectionsBetweenThePair() {
      Link ab = connect(a, b);
      Link ba = connect(b, a);
      Link ac = connect(a, c);
      network.partition(b.address, a.address, true);
      time.runDue();
      assertThat(ab.outHandler().closeReason().code()).isEqualTo(Code.NETWORK_ERROR);
      assertThat(ba.inHandler().closeReason().code()).isEqualTo(Code.NETWORK_ERROR);
      assertThat(ac.outHandler().isClosed()).isFalse();
      assertThat(network.connectionCount()).isEqualTo(1);
    }
  }

  @Nested
  class TransportLifecycle {
    @Test
    void closingATransportClosesEveryConnectionWithShuttingDown() {
      Link ab = connect(a, b);
      Link ca = connect(c, a);
      CompletableFuture<Void> closed = a.transport.close().toCompletableFuture();
      // Completes at once, so a caller blocking on it never waits for virtual time.
      assertThat(closed).isCompleted();
      assertThat(a.transport.listenAddress()).isEmpty();

      time.runDue();
      assertThat(a.transport.close().toCompletableFuture()).isSameAs(closed);
      DisconnectReason local =
          DisconnectReason.local(Code.SHUTTING_DOWN, "transport at " + a.address + " closed");
      assertThat(ab.outHandler().closeReason()).isEqualTo(local);
      assertThat(ca.inHandler().closeReason()).isEqualTo(local);
      assertThat(ab.inHandler().isClosed()).isFalse();

      time.advance(LATENCY);
      DisconnectReason remote =
          DisconnectReason.remote(Code.SHUTTING_DOWN, "transport at " + a.address + " closed");
      assertThat(ab.inHandler().closeReason()).isEqualTo(remote);
      assertThat(ca.outHandler().closeReason()).isEqualTo(remote);
      assertThat(network.connectionCount()).isZero();
      assertThat(a.transport.connectionCount()).isZero();

      CompletableFuture<Connection> toClosed = b.dial(a);
      time.advance(ROUND_TRIP);
      dialFailure(toClosed, Failure.REFUSED);
    }

    @Test
    void closingATransportWithoutConnectionsCompletesAtOnce() {
      assertThat(c.transport.close().toCompletableFuture()).isCompleted();
    }

    @Test
    void anAddressIsTakenUntilItsTransportCloses() {
      assertThatIllegalStateException()
          .isThrownBy(() -> network.transport(a.address))
          .withMessageContaining(a.address.toString());
      a.transport.close();
      Node restarted = new Node(network, a.address.toString(), 11, NetworkId.MAIN, true);
      connect(b, restarted);
      assertThat(b.handlers.values()).isNotEmpty();
      assertThat(restarted.inbound).hasSize(1);
    }

    @Test
    void startTwiceOrAfterCloseFails() {
      TransportContext context =
          new TransportContext(NodeIdentity.fromSeed(1), NetworkId.MAIN, InMemoryNetworkTest::refuse);
      assertThat(failureOf(a.transport.start(context)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already started");
      InMemoryTransport fresh = network.transport(PeerAddress.parse("10.0.0.20:1"));
      fresh.close();
      assertThat(failureOf(fresh.start(context)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Nested
  class Configuration {
    @Test
    void aSchedulerIsRequired() {
      assertThatIllegalStateException()
          .isThrownBy(() -> InMemoryNetwork.builder().build())
          .withMessageContaining("scheduler");
    }

    @Test
    void badValuesAreRejectedNamingThem() {
      InMemoryNetwork.Builder builder = InMemoryNetwork.builder();
      assertThatIllegalArgumentException().isThrownBy(() -> builder.latency(ms(-1)))
          .withMessage("latency must be zero to PT24H, was PT-0.001S");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> builder.latencyJitter(Duration.ofDays(2)))
          .withMessageContaining("latencyJitter").withMessageContaining("PT48H");
      assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPayloadSize(0))
          .withMessage("maxPayloadSize must be at least 1, was 0");
      assertThatIllegalArgumentException().isThrownBy(() -> builder.maxAddressesPerAnswer(-1))
          .withMessageContaining("maxAddressesPerAnswer");
      assertThatIllegalArgumentException().isThrownBy(() -> builder.maxPendingDeliveries(0))
          .withMessageContaining("maxPendingDeliveries");
      assertThatIllegalArgumentException().isThrownBy(() -> builder.maxInFlightMessages(0))
          .withMessageContaining("maxInFlightMessages");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> network.setLatency(a.address, b.address, ms(-3)))
          .withMessageContaining("oneWay");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> network.failNextDials(a.address, -1, Failure.REFUSED))
          .withMessageContaining("-1");
    }
  }

  @Test
  void twoHundredNodesEachDialingEightOthersAllConnect() {
    VirtualTime clock = time;
    InMemoryNetwork net = InMemoryNetwork.builder()
        .scheduler(clock)
        .latencyJitter(ms(30))
        .random(new Random(7))
        .build();
    int nodes = 200;
    List<Node> all = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      all.add(new Node(net, "10.100." + (i / 250) + "." + (i % 250 + 1) + ":9000", 1000 + i,
          NetworkId.MAIN, true));
    }
    Random random = new Random(99);
    List<CompletableFuture<Connection>> dials = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Set<Integer> targets = new HashSet<>();
      while (targets.size() < 8) {
        int target = random.nextInt(nodes);
        if (target != i) {
          targets.add(target);
        }
      }
      for (int target : targets) {
        dials.add(all.get(i).dial(all.get(target)));
      }
    }

    clock.advance(ms(160));

    assertThat(dials).allSatisfy(dial -> assertThat(dial).isCompleted());
    assertThat(net.connectionCount()).isEqualTo(1600);
    assertThat(net.dialsAttempted()).isEqualTo(1600);
    assertThat(all.stream().mapToInt(n -> n.inbound.size()).sum()).isEqualTo(1600);
    for (CompletableFuture<Connection> dial : dials) {
      Connection out = done(dial);
      out.activate(new RecordingHandler(clock));
      out.send(0, bytes("hello"));
    }
    clock.advance(ms(80));
    assertThat(net.messagesDelivered()).isEqualTo(1600);
    assertThat(all).allSatisfy(n -> assertThat(n.handlers.values())
        .allSatisfy(h -> assertThat(h.texts()).containsExactly("hello")));
  }
}
