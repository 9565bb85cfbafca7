package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An honest start: the stage {@link PeerManager#start()} returns says when the transport is ready and
 * fails when it cannot start, and a node whose transport failed says so everywhere a host looks.
 */
class PeerManagerStartTest {
  private static final Duration BIND_TIME = Duration.ofMillis(100);

  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void theStageCompletesWhenTheTransportIsReadyAndTheTicketWaitsForIt() {
    PeerManager node = kit.manager(slowStart(kit.network.transport(address(1)), null),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    CompletableFuture<Void> started = node.start().toCompletableFuture();
    assertThat(started).isNotDone();
    assertThat(node.isRunning()).isTrue();
    assertThatThrownBy(() -> node.ticket(Optional.empty())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transport is still starting")
        .hasMessageContaining("wait for the stage start() returns");
    kit.run(BIND_TIME);
    assertThat(started).isCompletedWithValue(null);
    assertThat(node.ticket(Optional.empty()).addresses()).containsExactly(address(1));
  }

  @Test
  void aTransportThatFailsToStartFailsTheStageStopsTheNodeAndSaysWhy() {
    PeerManager node = kit.manager(slowStart(kit.network.transport(address(1)),
        new UncheckedIOException(new BindException("Address already in use: 10.0.0.1:9000"))),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(node);
    node.addPeer(node.newPeer(NetworkId.MAIN, address(2)).build());
    CompletableFuture<Void> started = node.start().toCompletableFuture();
    kit.run(Duration.ofMinutes(1));

    assertThat(started).isCompletedExceptionally();
    assertThatThrownBy(started::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(PeerManagerException.class)
        .hasMessageContaining("the transport failed to start")
        .hasMessageContaining("Address already in use");
    assertThat(node.isRunning()).isFalse();
    assertThat(events.of(PeerEvent.TransportFailed.class)).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Address already in use"));
    assertThatThrownBy(() -> node.ticket(Optional.empty())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Address already in use");
    assertThat(kit.network.dialsAttempted()).isZero();
    node.close(); // still saves and ends cleanly
    assertThat(node.isRunning()).isFalse();
  }

  @Test
  void aTransportThatFailsAtOnceIsReportedThroughTheStageToo() {
    Transport inner = kit.network.transport(address(1));
    Transport failsAtOnce = new Transport() {
      @Override
      public CompletionStage<Void> start(TransportContext context) {
        throw new IllegalArgumentException("cannot run on the lent event loop group X");
      }

      @Override
      public CompletionStage<Connection> dial(PeerAddress target, Duration timeout) {
        return inner.dial(target, timeout);
      }

      @Override
      public Optional<PeerAddress> listenAddress() {
        return Optional.empty();
      }

      @Override
      public CompletionStage<Void> close() {
        return inner.close();
      }
    };
    PeerManager node = kit.manager(failsAtOnce, PeerManagerTestKit.config().build(),
        new InMemoryPeerStore());
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(node);
    CompletableFuture<Void> started = node.start().toCompletableFuture(); // does not throw
    assertThatThrownBy(started::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(PeerManagerException.class)
        .hasMessageContaining("cannot run on the lent event loop group X");
    assertThat(node.isRunning()).isFalse();
    assertThat(events.of(PeerEvent.TransportFailed.class)).hasSize(1);
  }

  @Test
  void closingWhileTheTransportStartsFailsTheStageButIsNoTransportFailure() {
    PeerManager node = kit.manager(slowStart(kit.network.transport(address(1)), null),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(node);
    CompletableFuture<Void> started = node.start().toCompletableFuture();
    node.close();
    kit.run(BIND_TIME);
    assertThatThrownBy(started::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(PeerManagerException.class)
        .hasMessageContaining("closed before its transport was ready");
    assertThat(events.of(PeerEvent.TransportFailed.class)).isEmpty();
    assertThat(kit.network.dialsAttempted()).isZero();
  }

  @Test
  void aListOnlyManagerIsReadyAtOnce() {
    PeerManager editor = PeerManager.builder().config(PeerManagerTestKit.config().build())
        .store(new InMemoryPeerStore()).clock(kit.time).scheduler(kit.time).listOnly().build();
    try {
      assertThat(editor.start().toCompletableFuture()).isCompletedWithValue(null);
    } finally {
      editor.close();
    }
  }

  /**
   * A transport whose start takes {@link #BIND_TIME} of virtual time, like a bind on a transport
   * thread, and then succeeds or fails with {@code failure}. It listens only once started.
   */
  private Transport slowStart(Transport inner, RuntimeException failure) {
    return new Transport() {
      private volatile boolean bound;

      @Override
      public CompletionStage<Void> start(TransportContext context) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        kit.time.schedule(() -> {
          if (failure != null) {
            done.completeExceptionally(failure);
            return;
          }
          inner.start(context).whenComplete((v, e) -> {
            if (e != null) {
              done.completeExceptionally(e);
            } else {
              bound = true;
              done.complete(null);
            }
          });
        }, BIND_TIME);
        return done;
      }

      @Override
      public CompletionStage<Connection> dial(PeerAddress target, Duration timeout) {
        return inner.dial(target, timeout);
      }

      @Override
      public Optional<PeerAddress> listenAddress() {
        return bound ? inner.listenAddress() : Optional.empty();
      }

      @Override
      public CompletionStage<Void> close() {
        return inner.close();
      }
    };
  }
}
