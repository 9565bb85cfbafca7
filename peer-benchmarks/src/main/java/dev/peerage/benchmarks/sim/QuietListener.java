package dev.peerage.benchmarks.sim;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
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
  public List<TimestampedAddress> onAddressRequest(Connection connection) {
    return answers.get();
  }
}
