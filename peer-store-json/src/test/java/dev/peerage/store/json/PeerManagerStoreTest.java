package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store under a real {@link PeerManager}: what the manager saves loads back, and a failed save
 * is reported as a {@link PeerEvent.StoreFailed} and retried until it succeeds.
 */
class PeerManagerStoreTest {
  @TempDir Path dir;

  private final VirtualTime time = new VirtualTime(Instant.parse("2026-03-01T00:00:00Z"));
  private final InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time).build();
  private final FaultyFileOperations ops = new FaultyFileOperations();

  private PeerManager manager(JsonPeerStore store) {
    return PeerManager.builder()
        .config(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .transport(network.transport(PeerAddress.parse("10.0.0.1:9000")))
        .store(store)
        .clock(time)
        .scheduler(time)
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .random(new Random(1))
        .build();
  }

  @Test
  void aFailedSaveIsReportedAndRetriedAndWhatTheManagerSavedLoadsBack() throws Exception {
    List<PeerEvent> events = new CopyOnWriteArrayList<>();
    JsonPeerStore store = JsonPeerStore.builder(dir).clock(time).fileOperations(ops).open();
    PeerManager manager = manager(store);
    manager.addListener(events::add);
    ops.diskFullAfter(0);
    manager.start();
    manager.addPeer(
        manager
            .newPeer(NetworkId.MAIN, PeerAddress.parse("10.0.0.2:9000"))
            .id("friend")
            .label("A friend")
            .build());
    BanEntry ban = manager.ban(Subnet.parse("192.0.2.0/24"), Duration.ofHours(1), "test");
    time.advance(Duration.ofSeconds(5));
    List<PeerEvent.StoreFailed> failures = failures(events);
    assertThat(failures).isNotEmpty();
    assertThat(failures.get(0).message()).contains("No space left on device");

    ops.heal();
    time.advance(Duration.ofMinutes(1));
    int failed = failures(events).size();
    time.advance(Duration.ofMinutes(30));
    assertThat(failures(events)).hasSize(failed);
    manager.close();

    try (JsonPeerStore reopened = JsonPeerStore.open(dir)) {
      PeerSnapshot loaded = reopened.load();
      assertThat(reopened.lastLoadWarnings()).isEmpty();
      assertThat(loaded.identity().orElseThrow().nodeId()).isEqualTo(manager.localNodeId());
      assertThat(loaded.peers()).extracting(p -> p.id()).contains("friend");
      assertThat(loaded.bans().orElseThrow().bans()).contains(ban);
      assertThat(loaded.addressBook()).isPresent();
    }
  }

  private static List<PeerEvent.StoreFailed> failures(List<PeerEvent> events) {
    return events.stream()
        .filter(PeerEvent.StoreFailed.class::isInstance)
        .map(PeerEvent.StoreFailed.class::cast)
        .toList();
  }
}
