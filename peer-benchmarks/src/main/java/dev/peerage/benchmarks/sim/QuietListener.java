package dev.peerage.benchmarks.sim;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The handler of a plain simulated listener (an honest node around the victim, or an attacker
 * address): ignores messages and events and answers address requests from a supplier.
 */
final class QuietListener implements ConnectionHandler {
  private final Supplier<List<TimestampedAddress>> answers;

  QuietListener(Supplier<List<TimestampedAddress>> answers) {
    this.answers = answers;
  }

  @Override
  public void onMessage(Connection connection, int channel, byte[] payload) {}

  @Override
  public List<TimestampedAddress> onAddressRequest(Connection connection) {
    return answers.get();
  }

  @Override
  public void onLatency(Connection connection, Duration latency) {}

  @Override
  public void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence) {}

  @Override
  public void onClosed(Connection connection, DisconnectReason reason) {}
}
