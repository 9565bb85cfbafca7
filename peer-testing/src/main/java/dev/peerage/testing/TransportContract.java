package dev.peerage.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every Peerage {@link Transport} must honour, as a JUnit 5 test class to extend. It checks
 * what the SPI of {@code dev.peerage.core.spi} promises ({@link Transport}, {@link Connection},
 * {@link ConnectionHandler}, {@link DialException}) and {@code docs/custom-transport.md} explains, by
 * running several endpoints of the transport under test against each other.
 *
 * <h2>What a subclass supplies</h2>
 *
 * <ul>
 *   <li>{@link #newTransport()}: a fresh, unstarted transport that listens once started. The suite
 *       starts it itself, each with an identity of its own, on the network {@link #network()}, and
 *       closes every transport it made after each test.
 *   <li>{@link #awaitCompletion(CompletableFuture)}: how to wait until an asynchronous result is in. A
 *       transport on virtual time runs its clock forward until the future completes; a transport on
 *       real threads blocks on the future with a bounded timeout. Either way it must give up, failing
 *       the test, instead of waiting forever. The suite never sleeps and never looks at a clock: every
 *       wait goes through this one method.
 * </ul>
 *
 * <p>JUnit makes a new instance of the test class for every test, so a subclass may keep per-test
 * state (a virtual clock, a network) in fields.
 *
 * <h2>Where transports may differ</h2>
 *
 * <p>The suite tests only what the SPI promises. Where the SPI leaves a choice to the transport, a
 * capability method says which choice this one made; override it to declare the other:
 *
 * <ul>
 *   <li>{@link #sendsDisconnectReason()}: whether the reason given to {@link Connection#close} reaches
 *       the remote (the SPI says "where the protocol allows").
 *   <li>{@link #newDialOnlyTransport()}: an endpoint that dials but does not listen, if the transport
 *       has that mode (the SPI allows it: {@link Transport#listenAddress()} is then empty).
 * </ul>
 *
 * <p>Other freedoms the suite allows without a switch: the byte counters are only required to count at
 * least the payloads (framing and handshake bytes are the transport's business); an inbound
 * connection's remote port is any port on the dialler's host; a dial's result may complete before or
 * after the remote's inbound hand-over; address timestamps are compared in whole seconds.
 *
 * <h2>Also checked on every test</h2>
 *
 * <p>Every handler the suite activates records a violation, and the test fails afterwards, if a
 * callback runs while another of the same connection runs or after {@code onClosed}, or if
 * {@code onClosed} runs more than once. When the test ends the suite closes every transport, waits for
 * every connection it saw to complete {@link Connection#closed()} and for every activated handler to
 * receive {@code onClosed}: closing a transport closes all its connections.
 */
public abstract class TransportContract {
  /** The channel numbers the suite uses, including both ends of the range. */
  private static final int[] CHANNELS = {0, 1, 7, 65_535};

  private final List<Endpoint> endpoints = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private final List<Recorder> recorders = new ArrayList<>();
  private int identitySeed;

  /** Creates the suite; subclasses set up the transport kind under test in their constructor or fields. */
  protected TransportContract() {}

  /**
   * Makes a new endpoint of the transport under test: not started, listening once started (for example
   * on an ephemeral loopback port, or at a fresh address of an in-memory network). Each call must give
   * an independent transport that can dial, and be dialled by, every other one made for the same test.
   *
   * @return a transport that has not been started
   */
  protected abstract Transport newTransport();

  /**
   * Waits until {@code future} is complete, normally or exceptionally. A transport on virtual time
   * advances its clock until then; one on real threads blocks on the future with a bounded timeout.
   * Must not sleep for a fixed time, and must not return before the future is complete: give up by
   * throwing (an {@link AssertionError} is best) after a bounded wait.
   *
   * @param future the result to wait for
   * @throws AssertionError if the future does not complete within the implementation's bound
   */
  protected abstract void awaitCompletion(CompletableFuture<?> future);

  /**
   * Makes a new endpoint that only dials and never listens, if the transport has such a mode. The test
   * that needs one checks that such an endpoint has no listen address and that the node it dials sees
   * no advertised address.
   *
   * @return a transport that has not been started; or empty, the default, if the transport always
   *     listens, and that test is skipped
   */
  protected Optional<Transport> newDialOnlyTransport() {
    return Optional.empty();
  }

  /**
   * The network the endpoints announce in their handshakes.
   *
   * @return the network id; by default {@code peerage-contract}
   */
  protected NetworkId network() {
    return NetworkId.of("peerage-contract");
  }

  /**
   * The timeout the suite passes to {@link Transport#dial}. It bounds dials that should succeed or fail
   * quickly; no test waits for it to pass.
   *
   * @return the dial timeout; by default ten seconds
   */
  protected Duration dialTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * Whether the reason given to {@link Connection#close} reaches the remote, whose handler then
   * receives the same code and detail with {@link DisconnectReason#remote()} true. The SPI promises this
   * only "where the protocol allows"; a transport whose protocol cannot carry it returns {@code false},
   * and the suite then checks only that the remote's close is reported as remote.
   *
   * @return {@code true} by default; both of Peerage's transports carry the reason
   */
  protected boolean sendsDisconnectReason() {
    return true;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  @Test
  void listenAddressIsEmptyBeforeStartPresentWhileStartedAndEmptyAfterClose() {
    Transport transport = track(newTransport());
    assertEquals(Optional.empty(), transport.listenAddress(), "listen address before start");
    start(transport);
    assertTrue(transport.listenAddress().isPresent(), "a started, listening transport has an address");
    assertEquals(transport.listenAddress(), transport.listenAddress(), "the address is stable");
    result(transport.close());
    assertEquals(Optional.empty(), transport.listenAddress(), "listen address after close");
  }

  @Test
  void aDialBeforeStartFailsWithClosed() {
    Endpoint b = startNew();
    Transport unstarted = track(newTransport());
    DialException failure = dialFailure(unstarted.dial(b.address(), dialTimeout()));
    assertEquals(DialException.Failure.CLOSED, failure.failure(), failure.toString());
    assertEquals(b.address(), failure.address(), "the exception names the dialled address");
  }

  @Test
  void closingATransportTwiceIsHarmless() {
    Endpoint a = startNew();
    CompletionStage<Void> first = a.transport.close();
    CompletionStage<Void> second = assertDoesNotThrow(() -> a.transport.close());
    result(first);
    result(second);
    result(a.transport.close());
  }

  // ---- dialling and the handshake ----------------------------------------------------------------

  @Test
  void aDialGivesAnOutboundConnectionToTheDialledNode() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    Connection out = dial(a, b);
    assertEquals(Direction.OUTBOUND, out.direction());
    assertEquals(b.nodeId(), out.remoteNodeId(), "the remote's node id from the handshake");
    assertEquals(network(), out.network(), "the network the remote declared");
    assertEquals(b.address(), out.remoteAddress(), "the dialled address");
    assertEquals(Optional.of(b.address()), out.advertisedAddress(), "where the remote listens");
    assertTrue(out.maxPayloadSize() > 0, "maxPayloadSize");
  }

  @Test
  void theDialledNodeReceivesAnInboundConnectionFromTheDialler() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    dial(a, b);
    Connection in = result(b.nextInbound());
    assertEquals(Direction.INBOUND, in.direction());
    assertEquals(a.nodeId(), in.remoteNodeId(), "the dialler's node id from the handshake");
    assertEquals(network(), in.network(), "the network the dialler declared");
    assertEquals(a.address().host(), in.remoteAddress().host(),
        "an inbound connection comes from the dialler's host (on any port)");
    assertEquals(Optional.of(a.address()), in.advertisedAddress(),
        "the dialler listens, so it advertises its listen address");
  }

  @Test
  void aDialOnlyEndpointHasNoListenAddressAndAdvertisesNone() {
    Optional<Transport> dialOnly = newDialOnlyTransport();
    Assumptions.assumeTrue(dialOnly.isPresent(), "the transport has no dial-only mode");
    Endpoint a = start(track(dialOnly.get()));
    assertEquals(Optional.empty(), a.transport.listenAddress(), "a dial-only endpoint does not listen");
    Endpoint b = startNew();
    Connection out = dial(a, b);
    Connection in = result(b.nextInbound());
    assertEquals(b.nodeId(), out.remoteNodeId());
    assertEquals(a.nodeId(), in.remoteNodeId());
    assertEquals(Direction.INBOUND, in.direction());
    assertEquals(Optional.empty(), in.advertisedAddress(), "the dialler does not listen");
  }

  @Test
  void threeEndpointsConnectPairwiseEachWithItsOwnIdentity() {
    List<Endpoint> nodes = List.of(startNew(), startNew(), startNew());
    Set<NodeId> ids = new HashSet<>();
    for (Endpoint node : nodes) {
      ids.add(node.nodeId());
    }
    assertEquals(3, ids.size(), "distinct identities");
    for (Endpoint from : nodes) {
      for (Endpoint to : nodes) {
        if (from != to) {
          Connection out = dial(from, to);
          Connection in = result(to.nextInbound());
          assertEquals(to.nodeId(), out.remoteNodeId());
          assertEquals(from.nodeId(), in.remoteNodeId());
        }
      }
    }
  }

  @Test
  void aDialToAnAddressNobodyListensOnFailsWithRefused() {
    Endpoint a = startNew();
    Endpoint gone = startNew();
    PeerAddress address = gone.address();
    result(gone.transport.close());
    DialException failure = dialFailure(a.transport.dial(address, dialTimeout()));
    assertEquals(DialException.Failure.REFUSED, failure.failure(), failure.toString());
    assertEquals(address, failure.address(), "the exception names the dialled address");
  }

  @Test
  void aDialToTheOwnListenAddressFailsWithSelf() {
    Endpoint a = startNew();
    DialException failure = dialFailure(a.transport.dial(a.address(), dialTimeout()));
    assertEquals(DialException.Failure.SELF, failure.failure(), failure.toString());
  }

  // ---- activation --------------------------------------------------------------------------------

  @Test
  void activatingTwiceThrowsIllegalStateException() {
    Pair pair = connectActivated();
    assertThrows(IllegalStateException.class, () -> pair.out.activate(new Recorder()));
    assertThrows(IllegalStateException.class, () -> pair.in.activate(new Recorder()));
  }

  @Test
  void messagesSentBeforeActivationAreDeliveredAfterIt() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    Connection out = dial(a, b);
    Connection in = result(b.nextInbound());
    Recorder outHandler = activate(out);
    List<String> sent = List.of("early 1", "early 2", "early 3");
    for (String text : sent) {
      result(out.send(1, bytes(text)));
    }
    Recorder inHandler = activate(in);
    assertEquals(sent, texts(result(inHandler.messages(sent.size()))));
    assertEquals(0, outHandler.closeCount(), "nothing closed");
  }

  // ---- messages ----------------------------------------------------------------------------------

  @Test
  void messagesArriveInOrderOnTheirChannelsBothWays() {
    Pair pair = connectActivated();
    int count = 40;
    List<Message> fromA = new ArrayList<>();
    List<Message> fromB = new ArrayList<>();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int channel = CHANNELS[i % CHANNELS.length];
      Message ab = new Message(channel, "a to b #" + i);
      Message ba = new Message(channel, "b to a #" + i);
      fromA.add(ab);
      fromB.add(ba);
      sends.add(pair.out.send(ab.channel, bytes(ab.text)).toCompletableFuture());
      sends.add(pair.in.send(ba.channel, bytes(ba.text)).toCompletableFuture());
    }
    for (CompletableFuture<Void> send : sends) {
      result(send);
    }
    assertEquals(fromA, result(pair.inHandler.messages(count)), "b received, in order");
    assertEquals(fromB, result(pair.outHandler.messages(count)), "a received, in order");
  }

  @Test
  void byteCountersCountAtLeastEveryPayloadByte() {
    Pair pair = connectActivated();
    long outBefore = pair.out.bytesOut();
    long inBefore = pair.in.bytesIn();
    assertTrue(outBefore >= 0 && inBefore >= 0, "counters are never negative");
    int total = 0;
    int count = 10;
    for (int i = 0; i < count; i++) {
      byte[] payload = new byte[100 + i];
      total += payload.length;
      result(pair.out.send(2, payload));
    }
    result(pair.inHandler.messages(count));
    assertTrue(pair.out.bytesOut() - outBefore >= total,
        "bytesOut grew by " + (pair.out.bytesOut() - outBefore) + ", sent " + total + " payload bytes");
    assertTrue(pair.in.bytesIn() - inBefore >= total,
        "bytesIn grew by " + (pair.in.bytesIn() - inBefore) + ", received " + total + " payload bytes");
  }

  @Test
  void aPayloadOfMaxPayloadSizeArrivesAndOneByteMoreIsRefusedByTheStage() {
    Pair pair = connectActivated();
    int max = pair.out.maxPayloadSize();
    byte[] largest = new byte[max];
    for (int i = 0; i < largest.length; i++) {
      largest[i] = (byte) (i * 31);
    }
    byte[] expected = largest.clone();
    result(pair.out.send(3, largest));
    List<Message> received = result(pair.inHandler.messages(1));
    assertArrayEquals(expected, pair.inHandler.payload(0), "the largest payload arrives intact");
    assertEquals(3, received.get(0).channel);
    CompletionStage<Void> tooLarge = assertDoesNotThrow(() -> pair.out.send(3, new byte[max + 1]),
        "send reports a too large payload through its stage, it does not throw");
    failure(tooLarge);
  }

  // ---- closing -----------------------------------------------------------------------------------

  @Test
  void aCloseReachesBothHandlersExactlyOnceWithTheReason() {
    Pair pair = connectActivated();
    DisconnectReason given = DisconnectReason.local(DisconnectReason.Code.REQUESTED, "contract: goodbye");
    pair.out.close(given);

    DisconnectReason local = result(pair.outHandler.closed());
    assertEquals(given, local, "the closing side reports its own reason, remote false");
    assertEquals(local, result(pair.out.closed()), "closed() completes with the handler's reason");

    DisconnectReason remote = result(pair.inHandler.closed());
    assertTrue(remote.remote(), "the other side reports the close as remote: " + remote);
    if (sendsDisconnectReason()) {
      assertEquals(DisconnectReason.remote(given.code(), given.detail()), remote,
          "the reason reaches the remote");
    }
    assertEquals(remote, result(pair.in.closed()), "closed() completes with the handler's reason");
    assertEquals(1, pair.outHandler.closeCount());
    assertEquals(1, pair.inHandler.closeCount());
  }

  @Test
  void closingAConnectionTwiceIsHarmlessAndLaterUseFailsThroughTheStage() {
    Pair pair = connectActivated();
    DisconnectReason first = DisconnectReason.local(DisconnectReason.Code.REQUESTED, "first");
    pair.out.close(first);
    assertDoesNotThrow(() -> pair.out.close(
        DisconnectReason.local(DisconnectReason.Code.EVICTED, "second")));
    assertEquals(first, result(pair.outHandler.closed()), "the first reason wins");
    assertDoesNotThrow(() -> pair.out.close(
        DisconnectReason.local(DisconnectReason.Code.OTHER, "after onClosed")));
    result(pair.inHandler.closed());
    assertDoesNotThrow(() -> pair.in.close(
        DisconnectReason.local(DisconnectReason.Code.OTHER, "the remote closes too")));

    CompletionStage<Void> send = assertDoesNotThrow(() -> pair.out.send(1, bytes("too late")));
    failure(send);
    CompletionStage<List<TimestampedAddress>> request =
        assertDoesNotThrow(() -> pair.out.requestAddresses());
    failure(request);
    assertEquals(first, result(pair.out.closed()));
    assertEquals(1, pair.outHandler.closeCount());
    assertEquals(1, pair.inHandler.closeCount());
  }

  @Test
  void aConnectionClosedBeforeActivationReportsItsCloseOnceWhenActivated() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    Connection out = dial(a, b);
    Recorder outHandler = activate(out);
    Connection in = result(b.nextInbound());
    DisconnectReason given = DisconnectReason.local(DisconnectReason.Code.TOO_MANY_PEERS, "full");
    in.close(given);
    assertEquals(given, result(in.closed()), "closed() completes before activation");
    assertTrue(result(outHandler.closed()).remote(), "the dialler sees a remote close");

    Recorder inHandler = activate(in);
    assertEquals(given, result(inHandler.closed()), "onClosed follows activation, with the reason");
    assertEquals(1, inHandler.closeCount());
  }

  @Test
  void noCallbackFollowsOnClosedWhenTheHandlerClosesInsideACallback() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    Connection out = dial(a, b);
    Connection in = result(b.nextInbound());
    Recorder outHandler = activate(out);
    Recorder inHandler = new Recorder();
    inHandler.closeOnFirstMessage = DisconnectReason.local(DisconnectReason.Code.PROTOCOL_ERROR,
        "contract: closed from inside onMessage");
    activate(in, inHandler);
    int count = 50;
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sends.add(out.send(1, bytes("flood #" + i)).toCompletableFuture());
    }
    for (CompletableFuture<Void> send : sends) {
      awaitDone(send); // later ones may fail once the close arrives; both are fine
    }
    assertEquals(inHandler.closeOnFirstMessage, result(inHandler.closed()));
    assertTrue(result(outHandler.closed()).remote());
    assertTrue(inHandler.messageCount() >= 1, "the first message arrived");
    assertTrue(inHandler.messageCount() <= count, "no message arrived twice");
    assertEquals(List.of(), inHandler.violations(), "callbacks after onClosed");
  }

  @Test
  void closingTheTransportClosesItsConnectionsWithShuttingDownAndFailsLaterDials() {
    Pair pair = connectActivated();
    PeerAddress aAddress = pair.a.address();
    result(pair.a.transport.close());

    DisconnectReason local = result(pair.outHandler.closed());
    assertEquals(DisconnectReason.Code.SHUTTING_DOWN, local.code(), local.toString());
    assertFalse(local.remote(), "the closing transport reports a local close");
    DisconnectReason remote = result(pair.inHandler.closed());
    assertTrue(remote.remote(), "the remote reports a remote close: " + remote);
    if (sendsDisconnectReason()) {
      assertEquals(DisconnectReason.Code.SHUTTING_DOWN, remote.code(), remote.toString());
    }
    assertEquals(Optional.empty(), pair.a.transport.listenAddress(), "no longer listening");

    DialException fromClosed = dialFailure(pair.a.transport.dial(pair.b.address(), dialTimeout()));
    assertEquals(DialException.Failure.CLOSED, fromClosed.failure(), fromClosed.toString());
    DialException toClosed = dialFailure(pair.b.transport.dial(aAddress, dialTimeout()));
    assertEquals(DialException.Failure.REFUSED, toClosed.failure(), toClosed.toString());
  }

  // ---- peer exchange -----------------------------------------------------------------------------

  @Test
  void anAddressRequestIsAnsweredByTheRemotesHandler() {
    Pair pair = connectActivated();
    Instant seen = Instant.ofEpochSecond(1_790_000_000L);
    List<TimestampedAddress> offered = List.of(
        new TimestampedAddress(PeerAddress.parse("203.0.113.7:8333"), seen),
        new TimestampedAddress(PeerAddress.parse("[2001:db8::1]:9798"), seen.minusSeconds(60)));
    pair.inHandler.answer = offered;
    assertEquals(offered, result(pair.out.requestAddresses()));
    assertEquals(1, pair.inHandler.addressRequests(), "the remote's handler was asked once");
  }

  @Test
  void aHandlerKeepingTheDefaultAnswerSharesNoAddresses() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    Connection out = dial(a, b);
    activate(out);
    Connection in = result(b.nextInbound());
    // Overrides nothing: ConnectionHandler's defaults must be a complete, working handler.
    in.activate(new ConnectionHandler() {});
    assertEquals(List.of(), result(out.requestAddresses()));
  }

  // ---- after each test ---------------------------------------------------------------------------

  /**
   * Closes every transport the test made, then checks that every connection it saw closed, that every
   * activated handler got exactly one {@code onClosed}, and that no handler saw a callback out of turn.
   */
  @AfterEach
  void closeEverythingAndCheckTheHandlers() {
    List<CompletableFuture<Void>> closes = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      closes.add(endpoint.transport.close().toCompletableFuture());
    }
    for (CompletableFuture<Void> close : closes) {
      result(close);
    }
    for (Connection connection : snapshot(connections)) {
      result(connection.closed().toCompletableFuture());
    }
    List<String> violations = new ArrayList<>();
    for (Recorder recorder : snapshot(recorders)) {
      result(recorder.closed());
      for (String violation : recorder.violations()) {
        violations.add(recorder + ": " + violation);
      }
      if (recorder.closeCount() != 1) {
        violations.add(recorder + ": onClosed ran " + recorder.closeCount() + " times");
      }
    }
    assertEquals(List.of(), violations, "handler contract violations");
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private Transport track(Transport transport) {
    assertNotEquals(null, transport, "newTransport() returned null");
    endpoints.add(new Endpoint(transport, null));
    return transport;
  }

  private Endpoint startNew() {
    return start(track(newTransport()));
  }

  private Endpoint start(Transport transport) {
    NodeIdentity identity = NodeIdentity.fromSeed(7_000 + ++identitySeed);
    Endpoint endpoint = new Endpoint(transport, identity);
    endpoints.removeIf(e -> e.transport == transport);
    endpoints.add(endpoint);
    result(transport.start(new TransportContext(identity, network(), endpoint::accept)));
    return endpoint;
  }

  private Connection dial(Endpoint from, Endpoint to) {
    Connection connection = result(from.transport.dial(to.address(), dialTimeout()));
    see(connection);
    return connection;
  }

  private Pair connectActivated() {
    Endpoint a = startNew();
    Endpoint b = startNew();
    Connection out = dial(a, b);
    Connection in = result(b.nextInbound());
    Recorder outHandler = activate(out);
    Recorder inHandler = activate(in);
    return new Pair(a, b, out, in, outHandler, inHandler);
  }

  private Recorder activate(Connection connection) {
    return activate(connection, new Recorder());
  }

  private Recorder activate(Connection connection, Recorder recorder) {
    recorder.label = connection.direction() + " " + connection;
    synchronized (recorders) {
      recorders.add(recorder);
    }
    connection.activate(recorder);
    return recorder;
  }

  private void see(Connection connection) {
    synchronized (connections) {
      connections.add(connection);
    }
  }

  private static <T> List<T> snapshot(List<T> list) {
    synchronized (list) {
      return new ArrayList<>(list);
    }
  }

  private void awaitDone(CompletableFuture<?> future) {
    awaitCompletion(future);
    if (!future.isDone()) {
      fail("awaitCompletion returned before the future completed");
    }
  }

  private <T> T result(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    awaitDone(future);
    try {
      return future.join();
    } catch (CompletionException e) {
      throw new AssertionError("expected a result, got a failure: " + e.getCause(), e.getCause());
    }
  }

  private Throwable failure(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    awaitDone(future);
    try {
      Object value = future.join();
      throw new AssertionError("expected a failure, got " + value);
    } catch (CompletionException e) {
      return unwrap(e);
    } catch (java.util.concurrent.CancellationException e) {
      return e;
    }
  }

  private DialException dialFailure(CompletionStage<Connection> dial) {
    CompletableFuture<Connection> future = dial.toCompletableFuture();
    awaitDone(future);
    if (!future.isCompletedExceptionally()) {
      Connection connection = future.join();
      see(connection);
      throw new AssertionError("expected the dial to fail, it gave " + connection);
    }
    Throwable cause = failure(future);
    return assertInstanceOf(DialException.class, cause,
        "a dial fails with a DialException only (possibly wrapped in a CompletionException)");
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<Message> messages) {
    List<String> texts = new ArrayList<>();
    for (Message message : messages) {
      texts.add(message.text);
    }
    return texts;
  }

  /** A started transport, the identity it was started with, and the inbound connections it handed over. */
  private final class Endpoint {
    final Transport transport;
    final NodeIdentity identity;
    private final List<CompletableFuture<Connection>> inbound = new ArrayList<>();
    private int accepted;
    private int taken;

    Endpoint(Transport transport, NodeIdentity identity) {
      this.transport = transport;
      this.identity = identity;
    }

    NodeId nodeId() {
      return identity.nodeId();
    }

    PeerAddress address() {
      Optional<PeerAddress> address = transport.listenAddress();
      assertTrue(address.isPresent(), transport + " has no listen address after start");
      return address.get();
    }

    void accept(Connection connection) {
      see(connection);
      CompletableFuture<Connection> slot;
      synchronized (inbound) {
        slot = slot(accepted++);
      }
      slot.complete(connection);
    }

    CompletableFuture<Connection> nextInbound() {
      synchronized (inbound) {
        return slot(taken++);
      }
    }

    private CompletableFuture<Connection> slot(int index) {
      while (inbound.size() <= index) {
        inbound.add(new CompletableFuture<>());
      }
      return inbound.get(index);
    }
  }

  /** Two started endpoints and the connection between them, both ends activated. */
  private record Pair(Endpoint a, Endpoint b, Connection out, Connection in, Recorder outHandler,
      Recorder inHandler) {}

  /** A received message, compared by channel and text. */
  private record Message(int channel, String text) {}

  /**
   * A handler that records every callback and notes each breach of the handler contract instead of
   * throwing (a transport may swallow what a callback throws). Thread-safe.
   */
  private static final class Recorder implements ConnectionHandler {
    private final List<Message> messages = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final CompletableFuture<DisconnectReason> closed = new CompletableFuture<>();
    private volatile List<TimestampedAddress> answer = List.of();
    private volatile DisconnectReason closeOnFirstMessage;
    private volatile String label = "a handler";
    private boolean inCallback;
    private int closeCount;
    private int addressRequests;

    @Override
    public void onMessage(Connection connection, int channel, byte[] payload) {
      List<Waiter> ready = new ArrayList<>();
      List<Message> copy;
      boolean first;
      synchronized (this) {
        enter("onMessage");
        messages.add(new Message(channel, new String(payload, StandardCharsets.UTF_8)));
        payloads.add(payload);
        first = messages.size() == 1;
        copy = List.copyOf(messages);
        waiters.removeIf(waiter -> waiter.count <= copy.size() && ready.add(waiter));
      }
      try {
        for (Waiter waiter : ready) {
          waiter.future.complete(copy.subList(0, waiter.count));
        }
        DisconnectReason close = closeOnFirstMessage;
        if (first && close != null) {
          connection.close(close);
        }
      } finally {
        leave();
      }
    }

    @Override
    public List<TimestampedAddress> onAddressRequest(Connection connection) {
      synchronized (this) {
        enter("onAddressRequest");
        addressRequests++;
      }
      leave();
      return answer;
    }

    @Override
    public void onLatency(Connection connection, Duration latency) {
      synchronized (this) {
        enter("onLatency");
        if (latency == null || latency.isNegative()) {
          violations.add("onLatency with " + latency);
        }
      }
      leave();
    }

    @Override
    public void onMisbehaviour(Connection connection,
        dev.peerage.core.ban.MisbehaviourKind kind, String evidence) {
      synchronized (this) {
        enter("onMisbehaviour");
        // Both sides of the suite are the same, well-behaved code: there is nothing to report.
        violations.add("unexpected onMisbehaviour " + kind + ": " + evidence);
      }
      leave();
    }

    @Override
    public void onClosed(Connection connection, DisconnectReason reason) {
      synchronized (this) {
        enter("onClosed");
        closeCount++;
        if (reason == null) {
          violations.add("onClosed with a null reason");
        }
      }
      try {
        if (reason != null) {
          closed.complete(reason);
        }
      } finally {
        synchronized (this) {
          inCallback = false;
        }
      }
    }

    /** Notes a callback starting; called holding the lock. */
    private void enter(String callback) {
      if (inCallback) {
        violations.add(callback + " ran while another callback of the connection ran");
      }
      if (closeCount > 0) {
        violations.add(callback + " ran after onClosed");
      }
      inCallback = true;
    }

    private synchronized void leave() {
      inCallback = false;
    }

    /** Completes with the first {@code count} messages once that many arrived. */
    synchronized CompletableFuture<List<Message>> messages(int count) {
      CompletableFuture<List<Message>> future = new CompletableFuture<>();
      if (messages.size() >= count) {
        future.complete(List.copyOf(messages.subList(0, count)));
      } else {
        waiters.add(new Waiter(count, future));
      }
      return future;
    }

    synchronized byte[] payload(int index) {
      return payloads.get(index);
    }

    synchronized int messageCount() {
      return messages.size();
    }

    synchronized int addressRequests() {
      return addressRequests;
    }

    synchronized int closeCount() {
      return closeCount;
    }

    synchronized List<String> violations() {
      return List.copyOf(violations);
    }

    CompletableFuture<DisconnectReason> closed() {
      return closed;
    }

    @Override
    public String toString() {
      return "the handler of " + label;
    }

    private record Waiter(int count, CompletableFuture<List<Message>> future) {}
  }
}
