package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * List-only mode ({@link PeerManager.Builder#listOnly()}): a host that edits the peer list and launches
 * the node elsewhere. Virtual time, plus one run on the real-time scheduler.
 */
class PeerManagerListOnlyTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();
  private final List<PeerManager> made = new ArrayList<>();

  @AfterEach
  void closeAll() {
    made.forEach(PeerManager::close);
    kit.close();
  }

  private PeerManager listOnly(PeerStore store) {
    PeerManager manager = PeerManager.builder()
        .config(PeerManagerTestKit.config().build())
        .listOnly()
        .store(store)
        .clock(kit.time)
        .scheduler(kit.time)
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .random(new Random(3))
        .build();
    made.add(manager);
    return manager;
  }

  /** A store as the node process left it: its identity and one peer. */
  private static InMemoryPeerStore storeOfANode(PeerEntry peer) {
    return new InMemoryPeerStore(new PeerSnapshot(Optional.of(PeerManagerTestKit.START),
        Optional.of(NodeIdentity.fromSeed(42)), List.of(peer), Optional.empty(), Optional.empty(),
        Map.of(), List.of(), List.of()));
  }

  private static PeerEntry storedPeer() {
    return PeerEntry.builder().id("p-stored").network(NetworkId.MAIN).address(address(7))
        .source(dev.peerage.core.peer.PeerSource.MANUAL).addedAt(PeerManagerTestKit.START).enabled(true)
        .flag(dev.peerage.core.peer.PeerFlag.AUTO_CONNECT, true).build();
  }

  @Test
  void startLoadsTheStoreChangesAreSavedAndNothingIsDialled() {
    PeerManager listening = kit.manager(7); // a node at the stored peer's address, never dialled
    listening.start();
    InMemoryPeerStore store = storeOfANode(storedPeer());
    PeerManager editor = listOnly(store);
    editor.start();
    assertThat(editor.isRunning()).isTrue();
    assertThat(editor.peers(PeerQuery.all())).extracting(PeerEntry::id).containsExactly("p-stored");
    assertThat(editor.localNodeId()).isEqualTo(NodeIdentity.fromSeed(42).nodeId());

    PeerEntry added = editor.addPeer(editor.newPeer(NetworkId.MAIN, address(8)).build());
    editor.updatePeer("p-stored", b -> b.label("Home node"));
    kit.run(Duration.ofHours(2));

    assertThat(kit.network.dialsAttempted()).isZero();
    assertThat(editor.connections()).isEmpty();
    assertThat(editor.peerStates()).extracting(PeerStatus::state)
        .containsOnly(PeerState.DISCONNECTED);
    PeerSnapshot saved = store.current();
    assertThat(saved.peers()).extracting(PeerEntry::id).containsExactly("p-stored", added.id());
    assertThat(saved.peers().get(0).label()).contains("Home node");
    assertThat(saved.identity().map(NodeIdentity::nodeId)).contains(NodeIdentity.fromSeed(42).nodeId());
    assertThat(editor.launchArguments(NetworkId.MAIN, "--peer"))
        .containsExactly("--peer", address(7).toString(), "--peer", address(8).toString());

    editor.removePeer(added.id());
    int before = store.saveCount();
    editor.close(); // saves at once, without waiting for the debounce
    assertThat(store.saveCount()).isGreaterThan(before);
    assertThat(store.current().peers()).extracting(PeerEntry::id).containsExactly("p-stored");
  }

  @Test
  void importExportAndBansWorkWithoutATransport() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager editor = listOnly(store);
    editor.start();
    ImportResult result = editor.importAddresses(NetworkId.MAIN,
        List.of("# old settings", address(2).toString(), "not an address", address(3).toString()));
    assertThat(result.added()).hasSize(2);
    assertThat(result.rejected()).hasSize(1);
    List<PeerEntry> exported = editor.exportPeers(NetworkId.MAIN);
    assertThat(exported).hasSize(2);

    editor.ban(Subnet.parse("10.0.0.3/32"), Duration.ZERO, "misbehaved");
    assertThat(editor.bans()).hasSize(1);
    assertThat(editor.peerState(exported.get(1).id()).orElseThrow().state())
        .isEqualTo(PeerState.BANNED);
    kit.run(Duration.ofMinutes(1));
    assertThat(store.current().bans().orElseThrow().bans()).hasSize(1);
    assertThat(store.current().peers()).hasSize(2);
    // No identity in the store: a list editor invents none.
    assertThat(store.current().identity()).isEmpty();
    assertThatThrownBy(editor::localNodeId).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("list-only");
  }

  @Test
  void everyOperationThatNeedsAConnectionNamesListOnlyMode() {
    PeerManager editor = listOnly(storeOfANode(storedPeer()));
    editor.start();
    List<Executable> refused = List.of(
        () -> editor.connect("p-stored"),
        () -> editor.connectNow("p-stored"),
        editor::connectAll,
        () -> editor.disconnect("p-stored"),
        () -> editor.setActive("p-stored", true),
        () -> editor.ticket(Optional.empty()),
        () -> editor.openPairing(Duration.ofMinutes(1)),
        () -> editor.openPairing(Duration.ofMinutes(1), 2));
    for (Executable call : refused) {
      assertThatThrownBy(call::execute).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("list-only");
    }
    assertThat(kit.network.dialsAttempted()).isZero();
  }

  @Test
  void theBuilderKeepsListOnlyAndTransportApart() {
    PeerManagerConfig config = PeerManagerTestKit.config().build();
    assertThatThrownBy(() -> PeerManager.builder().config(config).listOnly()
        .transport(kit.network.transport(address(1))).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("takes no transport");
    assertThatThrownBy(() -> PeerManager.builder().config(config).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("listOnly()");
  }

  @Test
  void onTheRealTimeSchedulerAChangeIsSaved() throws Exception {
    CountDownLatch savedWithPeer = new CountDownLatch(1);
    InMemoryPeerStore backing = new InMemoryPeerStore();
    PeerStore store = new PeerStore() {
      @Override
      public PeerSnapshot load() throws PeerStoreException {
        return backing.load();
      }

      @Override
      public void save(PeerSnapshot snapshot) throws PeerStoreException {
        backing.save(snapshot);
        if (!snapshot.peers().isEmpty()) {
          savedWithPeer.countDown();
        }
      }

      @Override
      public void close() {}
    };
    // Defaults throughout: the real-time scheduler, the manager's own store and listener threads.
    PeerManager editor = PeerManager.builder()
        .config(PeerManagerTestKit.config().saves(Duration.ofMinutes(5), Duration.ZERO,
            Duration.ofSeconds(30)).build())
        .listOnly()
        .store(store)
        .build();
    made.add(editor);
    editor.start();
    editor.addPeer(editor.newPeer(NetworkId.MAIN, address(5)).build());
    assertThat(savedWithPeer.await(30, TimeUnit.SECONDS)).isTrue(); // saved before close
    assertThat(backing.current().peers()).extracting(PeerEntry::address).containsExactly(address(5));
    editor.close();
  }
}
