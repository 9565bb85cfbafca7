package dev.peerage.core;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A small world for manager tests: one virtual clock, one in-memory network, and managers wired to both
 * with listeners and saves running on the calling thread, so every test is deterministic.
 */
final class PeerManagerTestKit implements AutoCloseable {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  final VirtualTime time;
  final InMemoryNetwork network;
  private final List<PeerManager> managers = new ArrayList<>();
  private int seed;

  PeerManagerTestKit() {
    this(START);
  }

  /** A world whose clock starts at {@code start}: a restart must happen later than what the stores saw. */
  PeerManagerTestKit(Instant start) {
    time = new VirtualTime(start);
    network = InMemoryNetwork.builder().scheduler(time).latency(Duration.ofMillis(20)).build();
  }

  static PeerAddress address(int host) {
    return PeerAddress.parse("10.0.0." + host + ":9000");
  }

  /**
   * Nodes that keep their managed peers connected but dial no discovered peers (outbound target 0), so
   * tests of the managed list see only the connections they ask for.
   */
  static PeerManagerConfig.Builder config() {
    return PeerManagerConfig.builder(NetworkId.MAIN)
        .alsoKeepListsFor(NetworkId.TESTNET)
        .outbound(0, 0, 0)
        .addressBook(AddressBookConfig.builder().routableOnly(false).build());
  }

  PeerManager manager(int host) {
    return manager(host, config().build(), new InMemoryPeerStore());
  }

  PeerManager manager(int host, PeerManagerConfig config, PeerStore store) {
    return manager(network.transport(address(host)), config, store);
  }

  PeerManager manager(Transport transport, PeerManagerConfig config, PeerStore store) {
    return manager(transport, config, store, null);
  }

  /** A manager with a given identity (null: created on first start, from the kit's seeded random). */
  PeerManager manager(Transport transport, PeerManagerConfig config, PeerStore store,
      NodeIdentity identity) {
    PeerManager.Builder builder = PeerManager.builder();
    if (identity != null) {
      builder.identity(identity);
    }
    PeerManager manager = builder
        .config(config)
        .transport(transport)
        .store(store)
        .clock(time)
        .scheduler(time)
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .random(new Random(++seed))
        .build();
    managers.add(manager);
    return manager;
  }

  /**
   * A transport like {@code inner} whose inbound connections go through {@code deliver} on their way to
   * the manager: {@code deliver} gets the manager's acceptor and the connection, and may delay it, wrap
   * it, or drop it. Dials, the listen address and close are {@code inner}'s.
   */
  static Transport interceptInbound(Transport inner,
      BiConsumer<Consumer<Connection>, Connection> deliver) {
    return new Transport() {
      @Override
      public CompletionStage<Void> start(TransportContext context) {
        return inner.start(new TransportContext(context.identity(), context.network(),
            connection -> deliver.accept(context.inbound(), connection)));
      }

      @Override
      public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
        return inner.dial(address, timeout);
      }

      @Override
      public Optional<PeerAddress> listenAddress() {
        return inner.listenAddress();
      }

      @Override
      public CompletionStage<Void> close() {
        return inner.close();
      }
    };
  }

  /** The managers made so far, oldest first. */
  List<PeerManager> managers() {
    return List.copyOf(managers);
  }

  /** Lets virtual time pass, running every timer and network delivery due. */
  void run(Duration duration) {
    time.advance(duration);
  }

  /** Long enough for dials and handshakes on this network. */
  void settle() {
    run(Duration.ofSeconds(1));
  }

  @Override
  public void close() {
    for (PeerManager manager : managers) {
      manager.close();
    }
  }

  /** Records every event a manager publishes, in order. */
  static final class Recorder {
    final List<PeerEvent> events = new CopyOnWriteArrayList<>();
    final Subscription subscription;

    Recorder(PeerManager manager) {
      subscription = manager.addListener(events::add);
    }

    List<PeerState> statesOf(String id) {
      List<PeerState> states = new ArrayList<>();
      for (PeerEvent event : events) {
        if (event instanceof PeerEvent.StateChanged changed && changed.status().id().equals(id)) {
          states.add(changed.status().state());
        }
      }
      return states;
    }

    <T extends PeerEvent> List<T> of(Class<T> type) {
      List<T> matching = new ArrayList<>();
      for (PeerEvent event : events) {
        if (type.isInstance(event)) {
          matching.add(type.cast(event));
        }
      }
      return matching;
    }
  }

  static Random random(long seed) {
    return new Random(seed);
  }
}
