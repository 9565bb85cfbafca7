package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.spi.InMemoryPeerStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The managed list: CRUD rules and their errors, defaults, isolation, import and export. */
class PeerManagerListTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  private PeerManager started(PeerManagerConfig config) {
    PeerManager manager = kit.manager(1, config, new InMemoryPeerStore());
    manager.start();
    return manager;
  }

  private PeerManager started() {
    return started(PeerManagerTestKit.config().build());
  }

  @Test
  void addGetListUpdateAndRemove() {
    PeerManager manager = started();
    PeerEntry added = manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).label("Home").build());
    assertThat(added.source()).isEqualTo(PeerSource.MANUAL);
    assertThat(added.has(PeerFlag.AUTO_CONNECT)).isTrue();
    assertThat(manager.peer(added.id())).contains(added);
    assertThat(manager.peers(PeerQuery.all())).containsExactly(added);

    PeerEntry renamed = manager.updatePeer(added.id(), b -> b.label("Office").notes("second floor"));
    assertThat(renamed.label()).contains("Office");
    assertThat(renamed.notes()).contains("second floor");
    assertThat(manager.peer(added.id())).contains(renamed);

    assertThat(manager.removePeer(added.id())).isTrue();
    assertThat(manager.removePeer(added.id())).isFalse();
    assertThat(manager.peers(PeerQuery.all())).isEmpty();
  }

  @Test
  void duplicatesAreRefusedWithTheClashNamed() {
    PeerManager manager = started();
    PeerEntry first = manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    assertThatThrownBy(() -> manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build()))
        .isInstanceOf(PeerManagerException.DuplicatePeerException.class)
        .hasMessageContaining("10.0.0.2:9000").hasMessageContaining(first.id());
    assertThatThrownBy(() -> manager.addPeer(first))
        .isInstanceOf(PeerManagerException.DuplicatePeerException.class)
        .hasMessageContaining("id '" + first.id() + "'");
    // The same address on another network is a different peer.
    manager.addPeer(manager.newPeer(NetworkId.TESTNET, address(2)).build());
    assertThat(manager.peers(PeerQuery.all())).hasSize(2);
  }

  @Test
  void peersOfNetworksNotServedAreRefused() {
    PeerManager manager = started();
    NetworkId other = NetworkId.of("signet");
    assertThatThrownBy(() -> manager.addPeer(manager.newPeer(other, address(2)).build()))
        .isInstanceOf(PeerManagerException.WrongNetworkException.class)
        .hasMessageContaining("'signet'");
    PeerEntry peer = manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    assertThatThrownBy(() -> manager.updatePeer(peer.id(), b -> b.network(NetworkId.TESTNET)))
        .isInstanceOf(PeerManagerException.WrongNetworkException.class)
        .hasMessageContaining("cannot move from network main to testnet");
  }

  @Test
  void theCustomPeerLimitIsAnErrorNotASilentDrop() {
    PeerManager manager = started(PeerManagerTestKit.config().maxCustomPeers(2).build());
    manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    manager.addPeer(manager.newPeer(NetworkId.MAIN, address(3)).build());
    assertThatThrownBy(() -> manager.addPeer(manager.newPeer(NetworkId.MAIN, address(4)).build()))
        .isInstanceOf(PeerManagerException.PeerLimitExceededException.class)
        .hasMessageContaining("already has 2 custom peers").hasMessageContaining("10.0.0.4:9000");
    // The limit is per network.
    manager.addPeer(manager.newPeer(NetworkId.TESTNET, address(4)).build());
  }

  @Test
  void defaultsAreProtectedButCanBeDisabled() {
    PeerManager manager = kit.manager(1);
    manager.registerDefaults(NetworkId.MAIN, List.of(address(7), address(8)));
    manager.start();
    List<PeerEntry> defaults = manager.peers(PeerQuery.all().source(PeerSource.DEFAULT_BOOTSTRAP));
    assertThat(defaults).hasSize(2).allMatch(PeerEntry::isProtected);
    String id = defaults.get(0).id();
    assertThatThrownBy(() -> manager.removePeer(id))
        .isInstanceOf(PeerManagerException.ProtectedPeerException.class)
        .hasMessageContaining("cannot be removed; disable it instead");
    assertThatThrownBy(() -> manager.updatePeer(id, b -> b.address(address(9))))
        .isInstanceOf(PeerManagerException.ProtectedPeerException.class);
    assertThat(manager.updatePeer(id, b -> b.label("Official 1")).label()).contains("Official 1");
    assertThat(manager.setEnabled(id, false).enabled()).isFalse();
    // A host cannot forge protection.
    assertThatThrownBy(() -> manager.addPeer(
        manager.newPeer(NetworkId.MAIN, address(9)).source(PeerSource.DEFAULT_BOOTSTRAP)
            .isProtected(true).build()))
        .isInstanceOf(PeerManagerException.ProtectedPeerException.class);
  }

  @Test
  void reRegisteringDefaultsKeepsStateAndDropsUndeclaredOnes() {
    PeerManager manager = kit.manager(1);
    manager.start();
    manager.registerDefaults(NetworkId.MAIN, List.of(address(7), address(8)));
    String seven = manager.peers(PeerQuery.all()).get(0).id();
    manager.setEnabled(seven, false);
    List<PeerEntry> now = manager.registerDefaults(NetworkId.MAIN, List.of(address(7), address(9)));
    assertThat(now).extracting(PeerEntry::address).containsExactlyInAnyOrder(address(7), address(9));
    assertThat(manager.peer(seven).orElseThrow().enabled()).isFalse();
  }

  @Test
  void resetToDefaultsRemovesCustomPeersAndEnablesDefaults() {
    PeerManager manager = kit.manager(1);
    manager.registerDefaults(NetworkId.MAIN, List.of(address(7)));
    manager.start();
    String def = manager.peers(PeerQuery.all()).get(0).id();
    manager.setEnabled(def, false);
    manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    manager.addPeer(manager.newPeer(NetworkId.MAIN, address(3)).build());
    PeerEntry testnet = manager.addPeer(manager.newPeer(NetworkId.TESTNET, address(3)).build());
    assertThat(manager.resetToDefaults(NetworkId.MAIN)).isEqualTo(2);
    assertThat(manager.peers(PeerQuery.all().network(NetworkId.MAIN)))
        .singleElement().matches(p -> p.isProtected() && p.enabled());
    assertThat(manager.peer(testnet.id())).isPresent();
  }

  @Test
  void importReportsBadLinesKeepsGoodOnesAndMergesDuplicates() {
    PeerManager manager = started(PeerManagerTestKit.config().maxCustomPeers(3).build());
    manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    ImportResult result = manager.importAddresses(NetworkId.MAIN, List.of(
        "# bootstrap peers from the old settings",
        "10.0.0.3:9000",
        "",
        "10.0.0.2:9000",
        "not an address",
        "1.2.3.4:70000",
        "  10.0.0.3:9000  ",
        "[2001:db8::5]:9000",
        "10.0.0.6:9000"));
    assertThat(result.added()).extracting(PeerEntry::address)
        .containsExactly(address(3), PeerAddress.parse("[2001:db8::5]:9000"));
    assertThat(result.added()).allMatch(p -> p.source() == PeerSource.IMPORT);
    assertThat(result.duplicates()).isEqualTo(2);
    assertThat(result.rejected()).extracting(ImportResult.Rejected::line).containsExactly(5, 6, 9);
    assertThat(result.rejected().get(1).reason()).contains("port 70000 is out of range");
    assertThat(result.rejected().get(2).reason()).contains("custom peers");
    assertThat(manager.peers(PeerQuery.all())).hasSize(3);
  }

  @Test
  void exportThenImportCarriesTheList() {
    PeerManager source = started();
    source.addPeer(source.newPeer(NetworkId.MAIN, address(2)).label("a").build());
    source.addPeer(source.newPeer(NetworkId.MAIN, address(3)).label("b").build());
    List<PeerEntry> exported = source.exportPeers(NetworkId.MAIN);

    PeerManager target = kit.manager(5);
    target.start();
    ImportResult result = target.importPeers(exported);
    assertThat(result.added()).isEqualTo(exported);
    assertThat(target.importPeers(exported).duplicates()).isEqualTo(2);
    assertThat(target.exportPeers(NetworkId.MAIN)).isEqualTo(exported);
  }

  @Test
  void launchArgumentsListEnabledPeersOfOneNetwork() {
    PeerManager manager = started();
    manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    PeerEntry off = manager.addPeer(manager.newPeer(NetworkId.MAIN, address(3)).enabled(false).build());
    manager.addPeer(manager.newPeer(NetworkId.TESTNET, address(4)).build());
    manager.addPeer(manager.newPeer(NetworkId.MAIN, PeerAddress.parse("[2001:db8::1]:9000")).build());
    assertThat(manager.launchArguments(NetworkId.MAIN, "--peer"))
        .containsExactly("--peer", "10.0.0.2:9000", "--peer", "[2001:db8::1]:9000");
    manager.setEnabled(off.id(), true);
    assertThat(manager.launchArguments(NetworkId.MAIN, "--connect")).hasSize(6);
    assertThatThrownBy(() -> manager.launchArguments(NetworkId.MAIN, "--peer x"))
        .hasMessageContaining("single non-blank word");
  }

  @Test
  void queriesFilterByNetworkSourceEnabledAndConnection() {
    PeerManager manager = started();
    PeerEntry a = manager.addPeer(manager.newPeer(NetworkId.MAIN, address(2)).build());
    PeerEntry b = manager.addPeer(manager.newPeer(NetworkId.MAIN, address(3)).enabled(false).build());
    PeerEntry c = manager.addPeer(manager.newPeer(NetworkId.TESTNET, address(4)).build());
    assertThat(manager.peers(PeerQuery.all().network(NetworkId.MAIN))).containsExactly(a, b);
    assertThat(manager.peers(PeerQuery.all().enabled(false))).containsExactly(b);
    assertThat(manager.peers(PeerQuery.all().source(PeerSource.MANUAL))).hasSize(3);
    assertThat(manager.peers(PeerQuery.all().connected(true))).isEmpty();
    assertThat(manager.peer(c.id())).isPresent();
    assertThat(manager.peer(NodeId.of(new byte[32]))).isEqualTo(Optional.empty());
  }

  @Test
  void storedListsOfNetworksTheConfigDoesNotServeAreKeptAndSavedBack() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager both = kit.manager(1, PeerManagerTestKit.config().build(), store);
    both.start();
    PeerEntry mainPeer = both.addPeer(both.newPeer(NetworkId.MAIN, address(2)).build());
    PeerEntry testnetPeer = both.addPeer(both.newPeer(NetworkId.TESTNET, address(3)).build());
    both.close();
    // A run serving MAIN only (say, a host started once with a narrower config) saves the store.
    PeerManager mainOnly = kit.manager(1, PeerManagerConfig.builder(NetworkId.MAIN).build(), store);
    mainOnly.start();
    assertThat(mainOnly.peers(PeerQuery.all())).containsExactly(mainPeer);
    mainOnly.addPeer(mainOnly.newPeer(NetworkId.MAIN, address(4)).build());
    mainOnly.close();
    assertThat(store.current().peers()).contains(testnetPeer).hasSize(3);
    PeerManager again = kit.manager(1, PeerManagerTestKit.config().build(), store);
    again.start();
    assertThat(again.exportPeers(NetworkId.TESTNET)).containsExactly(testnetPeer);
    again.close();
  }
}
