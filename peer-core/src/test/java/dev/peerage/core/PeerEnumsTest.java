package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Stores write {@link PeerSource} and {@link PeerFlag} by name, so renaming or removing a constant
 * breaks every saved peer list. These tests make such a change a deliberate decision.
 */
class PeerEnumsTest {
  @Test
  void sourceNamesAreStable() {
    assertThat(Arrays.stream(PeerSource.values()).map(Enum::name))
        .containsExactly(
            "DEFAULT_BOOTSTRAP",
            "MANUAL",
            "TICKET",
            "IMPORT",
            "SEED",
            "EXCHANGE",
            "INBOUND",
            "CACHE",
            "PAIRED");
  }

  @Test
  void flagNamesAreStable() {
    assertThat(Arrays.stream(PeerFlag.values()).map(Enum::name))
        .containsExactly("PERSISTENT", "UNCONDITIONAL", "PRIVATE", "AUTO_CONNECT");
  }
}
