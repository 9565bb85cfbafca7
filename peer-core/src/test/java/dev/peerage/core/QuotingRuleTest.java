package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerTicket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every type that quotes a rejected input in its message follows one rule: characters that could forge a
 * log line or reorder what a terminal shows (line and paragraph separators, bidi overrides, other control
 * and format characters) appear escaped as {@code \\uXXXX}, never raw.
 */
class QuotingRuleTest {
  /** Each character a log or terminal would act on, between visible text. */
  private static final List<String> HOSTILE = List.of(
      "x\u2028y", // LINE SEPARATOR: starts a new line in many viewers
      "x\u2029y", // PARAGRAPH SEPARATOR
      "x\u202Ey", // RIGHT-TO-LEFT OVERRIDE: shows the rest reversed
      "x\u200By", // ZERO WIDTH SPACE: hides a difference
      "x\u001b[2Jy", // ESC: a terminal escape sequence
      "x\u0085y", // NEXT LINE (C1)
      "x\u0000y");

  static List<String> hostile() {
    return HOSTILE;
  }

  /** The parsers and builders that quote what they reject, each given the hostile text. */
  private static final List<Function<String, Object>> PARSERS = List.of(
      NetworkId::of,
      NodeId::parse,
      PeerTicket::parse,
      PeerAddress::parse,
      Subnet::parse,
      text -> PeerEntry.builder().id(text),
      text -> PeerEntry.builder().label(text + "\u0007"), // rejected for the bell, quoted whole
      text -> new BanEntry(BanTarget.of(Subnet.single(PeerAddress.parse("127.0.0.1:1"))),
          Instant.EPOCH, Optional.empty(), text.repeat(1_000), List.of()));

  @ParameterizedTest
  @MethodSource("hostile")
  void everyRejectedInputIsQuotedWithTheSameEscapes(String text) {
    char hostile = text.charAt(1);
    String escaped = String.format("\\u%04x", (int) hostile);
    for (int i = 0; i < PARSERS.size(); i++) {
      Function<String, Object> parser = PARSERS.get(i);
      Throwable thrown = catchThrowable(() -> parser.apply(text));
      assertThat(thrown).as("parser %d on %s", i, escaped).isInstanceOf(IllegalArgumentException.class);
      String message = thrown.getMessage();
      assertThat(message).as("parser %d", i).doesNotContain(String.valueOf(hostile));
      if (hostile != 0x1b) {
        assertThat(message).as("parser %d: %s", i, message).containsIgnoringCase(escaped);
      }
    }
  }
}
