package dev.peerage.testing;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the transport contract against {@code InMemoryTransport}. Everything happens in tasks of a
 * {@link VirtualTime}, so waiting means running the clock to the next task until the result is in: the
 * suite runs in milliseconds and the same way every time.
 */
class InMemoryTransportContractTest extends TransportContract {
  /** Virtual time a single wait may take before it counts as hung; far beyond any latency used. */
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

  private final VirtualTime time = new VirtualTime(Instant.parse("2026-12-01T00:00:00Z"));
  private final InMemoryNetwork network = InMemoryNetwork.builder()
      .scheduler(time)
      .latency(Duration.ofMillis(20))
      .latencyJitter(Duration.ofMillis(5))
      .build();
  private int next;

  @Override
  protected Transport newTransport() {
    return network.transport(PeerAddress.parse("10.0.0." + ++next + ":9798"));
  }

  @Override
  protected Optional<Transport> newDialOnlyTransport() {
    return Optional.of(network.transport(PeerAddress.parse("10.0.1." + ++next + ":9798"), false));
  }

  @Override
  protected void awaitCompletion(CompletableFuture<?> future) {
    Instant deadline = time.instant().plus(LONGEST_WAIT);
    time.runDue();
    while (!future.isDone()) {
      Optional<Instant> due = time.nextDueTime();
      if (due.isEmpty()) {
        throw new AssertionError("nothing is scheduled at " + time.instant()
            + ", so the awaited result never comes");
      }
      if (due.get().isAfter(deadline)) {
        throw new AssertionError("no result within " + LONGEST_WAIT + " of virtual time");
      }
      time.advanceTo(due.get());
    }
  }
}
