package dev.peerage.examples.cli;

/**
 * The one rule for printing text the command line did not write itself (anything read from a file,
 * a ticket, the store, or quoted back from the command line): characters that a terminal would act
 * on instead of showing, or that change how the rest of the line looks, are printed as escapes.
 *
 * <ul>
 *   <li>line feed, tab and carriage return as {@code \n}, {@code \t} and {@code \r};
 *   <li>every other C0 control (U+0000 to U+001F: NUL, bell, escape, ...), DEL (U+007F) and every
 *       C1 control (U+0080 to U+009F, which some terminals read as CSI and friends) as {@code
 *       \}{@code uXXXX};
 *   <li>format characters (Unicode category Cf: the bidirectional overrides and isolates such as
 *       U+202E, zero-width characters, U+FEFF, tag characters), the line separator U+2028 and the
 *       paragraph separator U+2029, and unpaired surrogates, as {@code \}{@code uXXXX} (a
 *       supplementary character as its two UTF-16 halves).
 * </ul>
 *
 * <p>Everything else, including letters of any script and emoji, is printed as it is. A backslash
 * is not escaped: the result is for people to read, not to be parsed back. Stateless and
 * thread-safe.
 */
final class TerminalText {
  private TerminalText() {}

  /**
   * Whether a code point must not reach a terminal as it is.
   *
   * @param codePoint a Unicode code point, or a lone surrogate
   * @return true for controls, format characters, line and paragraph separators and surrogates
   */
  static boolean isUnsafe(int codePoint) {
    if (codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F)) {
      return true;
    }
    return switch (Character.getType(codePoint)) {
      case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> true;
      default -> false;
    };
  }

  /**
   * Returns the text with every {@linkplain #isUnsafe unsafe} character escaped.
   *
   * @param text the text; null prints as {@code null}
   * @return the text, safe to print
   */
  static String escape(Object text) {
    String s = String.valueOf(text);
    int i = 0;
    while (i < s.length() && !isUnsafe(s.codePointAt(i))) {
      i += Character.charCount(s.codePointAt(i));
    }
    if (i == s.length()) {
      return s; // the usual case: nothing to escape, no copy
    }
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
    while (i < s.length()) {
      int c = s.codePointAt(i);
      int n = Character.charCount(c);
      if (!isUnsafe(c)) {
        b.append(s, i, i + n);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else {
        for (int k = i; k < i + n; k++) {
          unicodeEscape(b, s.charAt(k));
        }
      }
      i += n;
    }
    return b.toString();
  }

  /**
   * Appends {@code \}{@code uXXXX} for one UTF-16 unit (upper-case hex, four digits).
   *
   * @param b where to append
   * @param c the unit
   */
  static void unicodeEscape(StringBuilder b, char c) {
    b.append("\\u").append(String.format("%04X", (int) c));
  }
}
