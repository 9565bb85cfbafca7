package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every callback of a connection, for tests to wait on. */
class RecordingHandler implements ConnectionHandler {
  record Message(int channel, byte[] payload) {}

  record Fault(MisbehaviourKind kind, String evidence) {}

  final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<Fault> faults = new LinkedBlockingQueue<>();
  final BlockingQueue<Duration> latencies = new LinkedBlockingQueue<>();
  final CompletableFuture<DisconnectReason> closed = new CompletableFuture<>();
  final AtomicInteger closeCalls = new AtomicInteger();
  final AtomicInteger addressRequests = new AtomicInteger();
  volatile List<TimestampedAddress> offered = List.of();

  @Override
  public void onMessage(Connection connection, int channel, byte[] payload) {
    messages.add(new Message(channel, payload));
  }

  @Override
  public List<TimestampedAddress> onAddressRequest(Connection connection) {
    addressRequests.incrementAndGet();
    return offered;
  }

  @Override
  public void onLatency(Connection connection, Duration latency) {
    latencies.add(latency);
  }

  @Override
  public void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence) {
    faults.add(new Fault(kind, evidence));
  }

  @Override
  public void onClosed(Connection connection, DisconnectReason reason) {
    closeCalls.incrementAndGet();
    closed.complete(reason);
  }

  Message nextMessage() {
    return take(messages, "message");
  }

  Fault nextFault() {
    return take(faults, "misbehaviour report");
  }

  DisconnectReason awaitClosed() {
    return TestNodes.await(closed);
  }

  static <T> T take(BlockingQueue<T> queue, String what) {
    try {
      T next = queue.poll(TestNodes.WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(next).as("a " + what + " within " + TestNodes.WAIT).isNotNull();
      return next;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
