package dev.peerage.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link ConnectionHandler} for tests that records every callback with the instant it came, and
 * fails on the spot if a callback breaks the contract: runs while another of the same handler runs,
 * or comes after {@code onClosed}. Tests may extend it to act inside a callback.
 */
class RecordingHandler implements ConnectionHandler {
  /** One callback. */
  record Event(String kind, Instant at, int channel, byte[] payload, Object detail) {
    /** The payload as text, for messages. */
    String text() {
      return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final InstantSource clock;
  private final List<Event> events = new ArrayList<>();
  private Function<Connection, List<TimestampedAddress>> addresses = c -> List.of();
  private boolean inCallback;
  private boolean closed;

  RecordingHandler(InstantSource clock) {
    this.clock = clock;
  }

  /** What {@link #onAddressRequest} answers. */
  RecordingHandler answering(List<TimestampedAddress> answer) {
    this.addresses = c -> answer;
    return this;
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<Event> events(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  /** The texts of the messages received, in order. */
  List<String> texts() {
    return events("message").stream().map(Event::text).toList();
  }

  /** The close, checking there was exactly one. */
  DisconnectReason closeReason() {
    List<Event> closes = events("closed");
    assertThat(closes).as("onClosed calls").hasSize(1);
    return (DisconnectReason) closes.get(0).detail();
  }

  Instant closedAt() {
    List<Event> closes = events("closed");
    assertThat(closes).as("onClosed calls").hasSize(1);
    return closes.get(0).at();
  }

  boolean isClosed() {
    return !events("closed").isEmpty();
  }

  private void enter(String kind, int channel, byte[] payload, Object detail) {
    synchronized (this) {
      assertThat(inCallback).as("a callback runs while another runs").isFalse();
      assertThat(closed).as(kind + " after onClosed").isFalse();
      inCallback = true;
      events.add(new Event(kind, clock.instant(), channel, payload, detail));
    }
  }

  private synchronized void leave() {
    inCallback = false;
  }

  @Override
  public void onMessage(Connection connection, int channel, byte[] payload) {
    enter("message", channel, payload, null);
    leave();
  }

  @Override
  public List<TimestampedAddress> onAddressRequest(Connection connection) {
    enter("addressRequest", 0, null, null);
    try {
      return addresses.apply(connection);
    } finally {
      leave();
    }
  }

  @Override
  public void onLatency(Connection connection, Duration latency) {
    enter("latency", 0, null, latency);
    leave();
  }

  @Override
  public void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence) {
    enter("misbehaviour", 0, null, kind);
    leave();
  }

  @Override
  public void onClosed(Connection connection, DisconnectReason reason) {
    enter("closed", 0, null, reason);
    synchronized (this) {
      closed = true;
    }
    leave();
  }
}
