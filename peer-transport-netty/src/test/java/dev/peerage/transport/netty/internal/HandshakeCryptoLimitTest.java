package dev.peerage.transport.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.spi.Direction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The crypto pool's per-direction limit, on its own threads. */
class HandshakeCryptoLimitTest {

  @Test
  void aTaskThatHandsOnToItsHandshakesNextStepAtTheLimitIsNotRefusedByItself() throws Exception {
    HandshakeCrypto crypto = new HandshakeCrypto(1, 1);
    try {
      // The worst interleaving of a real handshake: the signature's result reaches the event loop,
      // which submits the verification before the crypto thread has returned from the signature.
      // Here the signature task submits it itself, so that order is certain. Before, the
      // signature still counted as running, and its own handshake's verification was refused
      // with "queue is full" although the handshake was the only one.
      CompletableFuture<Throwable> submitted = new CompletableFuture<>();
      CountDownLatch verified = new CountDownLatch(1);
      crypto.execute(Direction.OUTBOUND, () -> {
        try {
          crypto.execute(Direction.OUTBOUND, verified::countDown);
          submitted.complete(null);
        } catch (RejectedExecutionException e) {
          submitted.complete(e);
        }
      });
      assertThat(submitted.get(10, TimeUnit.SECONDS)).isNull();
      assertThat(verified.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      crypto.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void waitingTasksBeyondTheLimitAreRefusedNamingIt() throws Exception {
    HandshakeCrypto crypto = new HandshakeCrypto(1, 2);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      crypto.execute(Direction.INBOUND, () -> {
        running.countDown();
        await(release);
      });
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      // The running task holds the thread; two more may wait, a third may not.
      crypto.execute(Direction.INBOUND, () -> { });
      crypto.execute(Direction.INBOUND, () -> { });
      assertThatThrownBy(() -> crypto.execute(Direction.INBOUND, () -> { }))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("2 inbound handshakes are waiting")
          .hasMessageContaining("maxPendingHandshakes 2");
      // The other direction has a limit of its own.
      crypto.execute(Direction.OUTBOUND, () -> { });
    } finally {
      release.countDown();
      crypto.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
