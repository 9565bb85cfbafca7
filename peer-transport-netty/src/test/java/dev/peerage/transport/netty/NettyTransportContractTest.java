package dev.peerage.transport.netty;

import dev.peerage.core.spi.Transport;
import dev.peerage.testing.TransportContract;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the transport contract against {@link NettyTransport} over real TCP on 127.0.0.1, each endpoint
 * on an ephemeral port with one NIO thread. Waiting is blocking on the result with a bounded timeout.
 * {@link LeakCheckExtension} (registered for every test class of this module) fails the class if a
 * buffer leaked.
 */
class NettyTransportContractTest extends TransportContract {
  @Override
  protected Transport newTransport() {
    return TestNodes.listening().build();
  }

  @Override
  protected void awaitCompletion(CompletableFuture<?> future) {
    Duration wait = TestNodes.WAIT;
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      // Completed exceptionally: done, the suite looks at the failure.
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + wait, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  @Override
  protected Duration dialTimeout() {
    return TestNodes.DIAL;
  }
}
