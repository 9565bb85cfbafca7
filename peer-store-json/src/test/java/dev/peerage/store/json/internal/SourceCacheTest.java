package dev.peerage.store.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.PeerAddress;
import org.junit.jupiter.api.Test;

class SourceCacheTest {
  private static PeerAddress address(int i) {
    return PeerAddress.parse("11." + (i / 250 % 250) + "." + (i % 250 + 1) + ".1:" + (1000 + i));
  }

  private static PeerAddress lookUp(SourceCache cache, String text) {
    // Text inside a larger buffer, as the JSON parser hands it over.
    char[] buffer = ("\"x" + text + "\"").toCharArray();
    return cache.get(buffer, 2, text.length());
  }

  @Test
  void findsEveryCachedTextAcrossGrowthAndNothingElse() {
    SourceCache cache = new SourceCache(10_000);
    for (int i = 0; i < 5_000; i++) {
      cache.put(address(i).toString(), address(i));
    }
    assertThat(cache.size()).isEqualTo(5_000);
    for (int i = 0; i < 5_000; i++) {
      assertThat(lookUp(cache, address(i).toString())).isEqualTo(address(i));
    }
    assertThat(lookUp(cache, address(5_000).toString())).isNull();
    assertThat(lookUp(cache, "")).isNull();
  }

  @Test
  void keepsAtMostItsCapacityAndIgnoresRepeats() {
    SourceCache cache = new SourceCache(100);
    for (int i = 0; i < 300; i++) {
      cache.put(address(i).toString(), address(i));
      cache.put(address(i).toString(), address(i));
    }
    assertThat(cache.size()).isEqualTo(100);
    assertThat(lookUp(cache, address(99).toString())).isEqualTo(address(99));
    assertThat(lookUp(cache, address(100).toString())).isNull();
  }
}
