package dev.peerage.core.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The peer manager's collaborators, each on its own, on virtual time. */
class ManagerCollaboratorsTest {
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private final VirtualTime time = new VirtualTime(START);
  private final List<PeerEvent> published = new ArrayList<>();
  private final ManagerLock lock = new ManagerLock(published::add);

  private static PeerEntry entry(String id, NetworkId network, String address) {
    return PeerEntry.builder().id(id).network(network).address(PeerAddress.parse(address))
        .source(PeerSource.MANUAL).addedAt(START).enabled(true).build();
  }

  @Nested
  class TheLock {
    @Test
    void queuesAreConfinedToTheLock() {
      assertThatThrownBy(() -> lock.emit(new PeerEvent.StoreFailed(START, "x")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("lock is not held");
      assertThatThrownBy(() -> lock.later(() -> {})).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(lock::checkHeld).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eventsAreNotPublishedUnderTheLockAndComeBeforeDeferredCalls() {
      List<String> order = new ArrayList<>();
      List<Boolean> heldWhilePublishing = new ArrayList<>();
      ManagerLock[] ordered = new ManagerLock[1];
      ordered[0] = new ManagerLock(event -> {
        heldWhilePublishing.add(ordered[0].isHeldByCurrentThread());
        order.add("event " + ((PeerEvent.StoreFailed) event).message());
      });
      ManagerLock l = ordered[0];
      l.run(() -> {
        l.later(() -> order.add("call 1"));
        l.emit(new PeerEvent.StoreFailed(START, "a"));
        l.run(() -> l.emit(new PeerEvent.StoreFailed(START, "b"))); // nested: no drain yet
        assertThat(order).isEmpty();
        l.later(() -> order.add("call 2"));
      });
      assertThat(order).containsExactly("event a", "event b", "call 1", "call 2");
      assertThat(heldWhilePublishing).containsExactly(false, false);
    }
  }

  @Nested
  class TheRegistry {
    private final ManagedRegistry registry = new ManagedRegistry(lock);

    @Test
    void indexesFollowAddsReplacementsAndRemovals() {
      lock.run(() -> {
        Managed a = new Managed(entry("a", NetworkId.MAIN, "127.0.0.1:9000"), START);
        Managed b = new Managed(entry("b", NetworkId.TESTNET, "127.0.0.1:9000"), START);
        registry.add(a);
        registry.add(b);
        PeerAddress first = PeerAddress.parse("127.0.0.1:9000");
        PeerAddress moved = PeerAddress.parse("127.0.0.2:9000");
        assertThat(registry.ownerOf(NetworkId.MAIN, first)).isSameAs(a);
        assertThat(registry.ownerOf(NetworkId.TESTNET, first)).isSameAs(b);
        assertThat(registry.customPeers(NetworkId.MAIN)).isEqualTo(1);

        var node = NodeIdentity.fromSeed(1).nodeId();
        registry.replaceEntry(a, a.entry.toBuilder().address(moved).nodeId(node).build());
        assertThat(registry.ownerOf(NetworkId.MAIN, first)).isNull();
        assertThat(registry.ownerOf(NetworkId.MAIN, moved)).isSameAs(a);
        assertThat(registry.byNodeId(NetworkId.MAIN, node)).isSameAs(a);
        assertThat(registry.byNodeId(NetworkId.TESTNET, node)).isNull();
        assertThat(registry.ownerWithoutNodeId(NetworkId.MAIN, moved)).isNull();

        registry.remove(a);
        assertThat(registry.byNodeId(node)).isNull();
        assertThat(registry.ownerOf(NetworkId.MAIN, moved)).isNull();
        assertThat(registry.customPeers(NetworkId.MAIN)).isZero();
        assertThat(registry.values()).containsExactly(b);
      });
    }

    @Test
    void withDuplicatesFromAFileTheEarliestAddedWins() {
      lock.run(() -> {
        Managed first = new Managed(entry("x", NetworkId.MAIN, "127.0.0.9:9000"), START);
        Managed second = new Managed(entry("y", NetworkId.MAIN, "127.0.0.9:9000"), START);
        registry.add(first);
        registry.add(second);
        PeerAddress shared = PeerAddress.parse("127.0.0.9:9000");
        assertThat(registry.ownerOf(NetworkId.MAIN, shared)).isSameAs(first);
        // Replacing the first keeps its place: it was still added first.
        registry.replaceEntry(first, first.entry.toBuilder().label("renamed").build());
        assertThat(registry.ownerOf(NetworkId.MAIN, shared)).isSameAs(first);
        registry.remove(first);
        assertThat(registry.ownerOf(NetworkId.MAIN, shared)).isSameAs(second);
      });
    }

    @Test
    void itIsConfinedToTheLock() {
      assertThatThrownBy(registry::values).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class TheGroupGate {
    private final DialSlots slots = new DialSlots(lock, time, 2, Duration.ofSeconds(10),
        Duration.ofSeconds(20), false);

    @Test
    void threeFailuresWithNothingConnectedLetOneDialThroughPerPeriod() {
      lock.run(() -> {
        slots.dialFailed(true);
        slots.dialFailed(true);
        assertThat(slots.gateAllows()).isTrue();
        slots.dialFailed(true);
        assertThat(slots.gateAllows()).as("closed for the base period").isFalse();
        assertThat(slots.gateDelay()).isEqualTo(Duration.ofSeconds(10));
      });
      time.advance(Duration.ofSeconds(10));
      lock.run(() -> {
        assertThat(slots.gateAllows()).as("one dial per period").isTrue();
        assertThat(slots.gateAllows()).isFalse();
        slots.dialFailed(true);
        assertThat(slots.gateDelay()).as("grows by half").isEqualTo(Duration.ofSeconds(15));
        slots.dialFailed(true);
        assertThat(slots.gateDelay()).as("capped").isEqualTo(Duration.ofSeconds(20));
        slots.networkWorks();
        assertThat(slots.gateAllows()).isTrue();
      });
    }

    @Test
    void failuresWhileConnectedNeverCloseTheGate() {
      lock.run(() -> {
        for (int i = 0; i < 10; i++) {
          slots.dialFailed(false);
        }
        assertThat(slots.gateAllows()).isTrue();
      });
    }

    @Test
    void slotsAreBoundedAndWaitingPeersWaitOnce() {
      lock.run(() -> {
        Managed m = new Managed(entry("a", NetworkId.MAIN, "127.0.0.1:9000"), START);
        Dial one = new Dial(PeerAddress.parse("127.0.0.1:9001"), Purpose.BOOK, null, 0);
        Dial two = new Dial(PeerAddress.parse("127.0.0.1:9002"), Purpose.FEELER, null, 0);
        slots.started(one);
        slots.started(two);
        assertThat(slots.hasFreeSlot()).isFalse();
        assertThat(slots.outboundInFlight()).as("feelers do not count").isEqualTo(1);
        slots.waitForSlot(m);
        slots.waitForSlot(m);
        assertThat(slots.nextWaiting()).as("no slot free").isNull();
        slots.finished(one);
        assertThat(slots.nextWaiting()).isSameAs(m);
        assertThat(slots.nextWaiting()).as("queued once").isNull();
      });
    }
  }

  @Nested
  class TheMaintenanceTick {
    @Test
    void runsItsTasksInOrderAndWorkAfterTheLockOutsideIt() {
      List<String> ran = new ArrayList<>();
      Counters counters = new Counters(lock);
      Maintenance maintenance = new Maintenance(lock, time, time, Duration.ofSeconds(5), counters,
          () -> true, () -> true, List.of(
              new Maintenance.Task("first", after -> ran.add("first")),
              new Maintenance.Task("second", after -> {
                ran.add("second");
                after.add(() -> ran.add("after the lock: " + lock.isHeldByCurrentThread()));
              }),
              new Maintenance.Task("third", after -> ran.add("third"))));
      lock.run(() -> {
        maintenance.requestTick();
        maintenance.requestTick(); // coalesces with the first
      });
      time.advance(Duration.ZERO);
      assertThat(ran).containsExactly("first", "second", "third", "after the lock: false");
      assertThat(lock.call(() -> counters.tasks())).containsEntry("maintenance", 1L);
    }
  }

  @Nested
  class Saving {
    private int saves;
    private boolean failing;
    private final PeerStore store = new PeerStore() {
      @Override
      public PeerSnapshot load() {
        return PeerSnapshot.empty();
      }

      @Override
      public void save(PeerSnapshot snapshot) throws PeerStoreException {
        saves++;
        if (failing) {
          throw new PeerStoreException("disk full");
        }
      }

      @Override
      public void close() {}
    };
    private final List<String> failures = new ArrayList<>();
    private final SaveScheduler scheduler = new SaveScheduler(lock, time, Runnable::run, store,
        Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(30),
        new SaveScheduler.Host() {
          @Override
          public boolean running() {
            return true;
          }

          @Override
          public PeerSnapshot snapshot() {
            return PeerSnapshot.empty();
          }

          @Override
          public void saveFailed(String message) {
            failures.add(message);
          }
        });

    @Test
    void changesWithinTheDebounceShareOneSave() {
      lock.run(() -> {
        scheduler.requestSave();
        scheduler.requestSave();
      });
      time.advance(Duration.ofSeconds(2));
      assertThat(saves).isEqualTo(1);
    }

    @Test
    void aFailingStoreIsRetriedOneRetryAtATimeAndTheTimersStayBounded() {
      failing = true;
      lock.run(scheduler::start);
      for (int hour = 0; hour < 24 * 7; hour++) {
        lock.run(scheduler::requestSave);
        time.advance(Duration.ofHours(1));
        assertThat(lock.call(scheduler::timers)).isLessThanOrEqualTo(3);
      }
      assertThat(failures).isNotEmpty().allMatch("disk full"::equals);
      // Every 5 minutes a periodic save and every 30 s at most one retry: never a pile-up.
      assertThat(saves).isLessThanOrEqualTo(7 * 24 * (12 + 120 + 1));
      lock.run(scheduler::stop);
      assertThat(lock.call(scheduler::timers)).isZero();
    }
  }

  @Test
  void aManagerRunningSevenVirtualDaysHoldsABoundedNumberOfTimers() {
    InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();
    PeerManager manager = PeerManager.builder()
        .config(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .transport(network.transport(PeerAddress.parse("127.0.0.1:9000")))
        .store(new InMemoryPeerStore())
        .clock(time)
        .scheduler(time)
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .random(new Random(7))
        .build();
    manager.start();
    DefaultPeerManager impl = (DefaultPeerManager) manager;
    for (int hour = 0; hour < 24 * 7; hour++) {
      time.advance(Duration.ofHours(1));
      assertThat(impl.heldTimers()).isBetween(1, 5);
    }
    assertThat(manager.stats().tasks().get("maintenance")).isGreaterThan(7 * 24 * 60L);
    manager.close();
    assertThat(impl.heldTimers()).isZero();
    assertThat(time.pendingTasks()).isLessThanOrEqualTo(1);
  }
}
