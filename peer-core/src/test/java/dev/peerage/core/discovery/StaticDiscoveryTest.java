package dev.peerage.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StaticDiscoveryTest {

  private static final PeerAddress A = PeerAddress.parse("1.2.3.4:8333");
  private static final PeerAddress B = PeerAddress.parse("[2a01:4f8::1]:8333");
  private static final PeerAddress LAN = PeerAddress.parse("192.168.1.20:8333");

  @Test
  void offersTheAddressesAsGivenWithoutRepeats() {
    StaticDiscovery source = StaticDiscovery.of("static:peers.txt", List.of(B, A, LAN, A));
    assertThat(source.name()).isEqualTo("static:peers.txt");
    assertThat(source.addresses()).containsExactly(B, A, LAN);
    assertThat(source.network()).isEmpty();
    CompletableFuture<java.util.List<PeerAddress>> result =
        source.discover(NetworkId.REGTEST).toCompletableFuture();
    assertThat(result).isCompleted();
    assertThat(result.join()).containsExactly(B, A, LAN);
    assertThat(source).hasToString("StaticDiscovery[static:peers.txt, 3 addresses]");
  }

  @Test
  void copiesTheListSoLaterChangesDoNotLeakIn() {
    List<PeerAddress> mutable = new ArrayList<>(List.of(A));
    StaticDiscovery source = StaticDiscovery.of("static:test", mutable);
    mutable.add(B);
    assertThat(source.discover(NetworkId.MAIN).toCompletableFuture().join()).containsExactly(A);
    assertThatThrownBy(() -> source.addresses().add(B))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void callersCannotCompleteTheSharedResult() {
    StaticDiscovery source = StaticDiscovery.of("static:test", List.of(A));
    CompletableFuture<List<PeerAddress>> copy =
        source.discover(NetworkId.MAIN).toCompletableFuture();
    copy.obtrudeValue(List.of(B));
    assertThat(source.discover(NetworkId.MAIN).toCompletableFuture().join()).containsExactly(A);
  }

  @Test
  void aSourceBoundToANetworkOffersNothingToAnother() {
    StaticDiscovery source = StaticDiscovery.of("static:testnet", NetworkId.TESTNET, List.of(A));
    assertThat(source.discover(NetworkId.MAIN).toCompletableFuture().join()).isEmpty();
    assertThat(source.discover(NetworkId.TESTNET).toCompletableFuture().join()).containsExactly(A);
    assertThat(source.network()).contains(NetworkId.TESTNET);
    assertThat(source).hasToString("StaticDiscovery[static:testnet, 1 addresses, network testnet]");
    assertThatThrownBy(() -> source.discover(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectsBadNamesNullsAndOversizedLists() {
    assertThatThrownBy(() -> StaticDiscovery.of("my peers", List.of(A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'my peers'");
    assertThatThrownBy(() -> StaticDiscovery.of("x".repeat(101), List.of(A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 101 characters; expected 1 to 100");
    assertThatThrownBy(() -> StaticDiscovery.of(null, List.of(A)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StaticDiscovery.of("static:x", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> StaticDiscovery.of("static:x", Arrays.asList(A, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("address at index 1");
    assertThatThrownBy(() -> StaticDiscovery.of("static:x", null, List.of(A)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("network");
    List<PeerAddress> tooMany = new ArrayList<>();
    for (int i = 0; i <= StaticDiscovery.MAX_ADDRESSES; i++) {
      tooMany.add(
          PeerAddress.ofIp(new byte[] {11, (byte) (i >> 16), (byte) (i >> 8), (byte) i}, 1));
    }
    assertThatThrownBy(() -> StaticDiscovery.of("static:x", tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a static discovery source holds at most 100000 addresses, got 100001");
  }
}
