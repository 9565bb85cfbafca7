package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedTextTest {
  @Test
  void quotesAndEscapes() {
    assertThat(QuotedText.of("plain")).isEqualTo("\"plain\"");
    assertThat(QuotedText.of("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(QuotedText.of("l1\nl2\tx\r")).isEqualTo("\"l1\\nl2\\tx\\r\"");
    assertThat(QuotedText.of("bell\u0007esc\u001b del\u007f"))
        .isEqualTo("\"bell\\u0007esc\\u001b del\\u007f\"");
    assertThat(QuotedText.of(null)).isEqualTo("null");
  }

  @Test
  void cutsLongInput() {
    String shown = QuotedText.of("x".repeat(10_000));
    assertThat(shown).isEqualTo("\"" + "x".repeat(QuotedText.MAX_SHOWN) + "\"...");
    assertThat(QuotedText.of("y".repeat(QuotedText.MAX_SHOWN)))
        .isEqualTo("\"" + "y".repeat(QuotedText.MAX_SHOWN) + "\"");
  }
}
