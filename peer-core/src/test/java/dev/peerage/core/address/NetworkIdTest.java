package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkIdTest {
  @Test
  void constantsHaveTheirNamesAndAreReturnedByOf() {
    assertThat(NetworkId.MAIN.name()).isEqualTo("main");
    assertThat(NetworkId.TESTNET.toString()).isEqualTo("testnet");
    assertThat(NetworkId.of("main")).isSameAs(NetworkId.MAIN);
    assertThat(NetworkId.of("testnet")).isSameAs(NetworkId.TESTNET);
    assertThat(NetworkId.of("regtest")).isSameAs(NetworkId.REGTEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a", "z9", "signet", "my-net_2.beta", "a--b", "abcdefghijklmnopqrstuvwxyz012345"})
  void acceptsValidNames(String name) {
    NetworkId id = NetworkId.of(name);
    assertThat(id.name()).isEqualTo(name);
    assertThat(id.toString()).isEqualTo(name);
    assertThat(id).isEqualTo(NetworkId.of(name)).hasSameHashCodeAs(NetworkId.of(name));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|is empty",
        "abcdefghijklmnopqrstuvwxyz0123456|is 33 characters",
        "Main|has an upper-case letter at index 0",
        "1net|does not start with a letter",
        "-net|does not start with a letter",
        "net-|does not end with a letter or digit",
        "net.|does not end with a letter or digit",
        "test net|has a disallowed character at index 4",
        "tESTNET|has an upper-case letter at index 1",
        "n\u00e9t|has a disallowed character at index 1",
        "net/x|has a disallowed character at index 3",
      })
  void rejectsInvalidNamesQuotingThemAndTheRule(String name, String problem) {
    assertThatThrownBy(() -> NetworkId.of(name))
        .isInstanceOf(InvalidNetworkIdException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining(problem)
        .hasMessageContaining("starting with a letter");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> NetworkId.of(null))
        .isInstanceOf(InvalidNetworkIdException.class)
        .hasMessageContaining("null");
  }

  @Test
  void ordersByName() {
    List<NetworkId> ids =
        new ArrayList<>(List.of(NetworkId.TESTNET, NetworkId.of("alpha"), NetworkId.MAIN));
    Collections.sort(ids);
    assertThat(ids).containsExactly(NetworkId.of("alpha"), NetworkId.MAIN, NetworkId.TESTNET);
    assertThat(NetworkId.MAIN).isNotEqualTo(NetworkId.TESTNET).isNotEqualTo("main");
  }
}
