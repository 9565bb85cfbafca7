package dev.peerage.transport.netty;

import dev.peerage.core.spi.Transport;
import dev.peerage.testing.TransportContract;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the transport contract against {@link NettyTransport} over real TCP on 127.0.0.1, each endpoint
 * on an ephemeral port with one NIO thread. Waiting is blocking on the result with a bounded timeout.
 * {@link LeakCheckExtension} (registered for every test class of this module) fails the class if a
 * buffer leaked. docs/custom-transport.md quotes this class.
 */
class NettyTransportContractTest extends TransportContract {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Override
  protected Transport newTransport() {
    // Listens on an ephemeral loopback port once the suite starts it.
    return NettyTransport.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .ioThreads(1)
        .build();
  }

  @Override
  protected Optional<Transport> newDialOnlyTransport() {
    // Without listen(...) the transport only dials.
    return Optional.of(NettyTransport.builder().ioThreads(1).build());
  }

  @Override
  protected void awaitCompletion(CompletableFuture<?> future) {
    try {
      future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // Completed exceptionally: that is done too; the suite looks at the failure.
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
