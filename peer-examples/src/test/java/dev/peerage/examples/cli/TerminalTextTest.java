package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTextTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "NUL            | 0000 | \\u0000",
      "bell           | 0007 | \\u0007",
      "backspace      | 0008 | \\u0008",
      "escape         | 001B | \\u001B",
      "unit separator | 001F | \\u001F",
      "DEL            | 007F | \\u007F",
      "C1 PAD         | 0080 | \\u0080",
      "C1 NEL         | 0085 | \\u0085",
      "C1 CSI         | 009B | \\u009B",
      "C1 APC         | 009F | \\u009F",
      "soft hyphen    | 00AD | \\u00AD",
      "arabic mark    | 061C | \\u061C",
      "zero width sp  | 200B | \\u200B",
      "RLM            | 200F | \\u200F",
      "LRE            | 202A | \\u202A",
      "RLO            | 202E | \\u202E",
      "RLI            | 2067 | \\u2067",
      "PDI            | 2069 | \\u2069",
      "word joiner    | 2060 | \\u2060",
      "BOM            | FEFF | \\uFEFF",
      "line sep       | 2028 | \\u2028",
      "paragraph sep  | 2029 | \\u2029",
      "lone high half | D800 | \\uD800",
      "lone low half  | DC00 | \\uDC00",
  })
  void escapesEachSortOfUnsafeCharacter(String name, String hex, String escaped) {
    String c = String.valueOf((char) Integer.parseInt(hex, 16));
    assertThat(TerminalText.escape("a" + c + "b")).isEqualTo("a" + escaped + "b");
    assertThat(TerminalText.isUnsafe(c.codePointAt(0))).isTrue();
  }

  @Test
  void lineFeedTabAndCarriageReturnGetShortEscapes() {
    assertThat(TerminalText.escape("a\nb\tc\rd")).isEqualTo("a\\nb\\tc\\rd");
  }

  @Test
  void aSupplementaryFormatCharacterIsEscapedAsBothHalves() {
    // U+E0041 TAG LATIN CAPITAL LETTER A (Cf), invisible and used to smuggle text.
    String tag = new String(Character.toChars(0xE0041));
    assertThat(TerminalText.escape("x" + tag)).isEqualTo("x\\uDB40\\uDC41");
  }

  @Test
  void ordinaryTextIsLeftAsItIs() {
    String text = "Home node, Zürich 東京 😀 ~!@#$%^&*()_+ \\u0007 C:\\store";
    assertThat(TerminalText.escape(text)).isSameAs(text);
    text.codePoints().forEach(c -> assertThat(TerminalText.isUnsafe(c)).as("U+%04X", c).isFalse());
  }

  @Test
  void nullPrintsAsNull() {
    assertThat(TerminalText.escape(null)).isEqualTo("null");
  }

  @Test
  void jsonStringsUseTheSameRuleAndStayValidJson() {
    assertThat(Json.string("a\u202Eb\u0007c\u2028\"\\\n😀"))
        .isEqualTo("\"a\\u202Eb\\u0007c\\u2028\\\"\\\\\\n😀\"");
  }
}
