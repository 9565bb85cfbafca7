package dev.peerage.core.internal;

/**
 * Renders untrusted text for an error message: in single quotes, cut after {@link #MAX_CHARS}
 * characters, with control and whitespace characters escaped so that a hostile input cannot forge
 * log lines or hide what it contained.
 */
public final class QuotedInput {

  /** Characters of the input shown before it is cut; long enough for any valid address. */
  public static final int MAX_CHARS = 100;

  private QuotedInput() {}

  /**
   * Returns {@code text} in single quotes, escaped and cut as described in the class comment.
   * When cut, the quote ends with {@code ...'} and the full length follows in parentheses.
   *
   * @param text the text to show; {@code null} is rendered as {@code null} without quotes
   * @return the quoted text
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    int shown = Math.min(text.length(), MAX_CHARS);
    // Never cut a surrogate pair in half: the message would end in a broken character.
    if (shown < text.length() && shown > 0 && Character.isHighSurrogate(text.charAt(shown - 1))) {
      shown--;
    }
    StringBuilder out = new StringBuilder(shown + 24);
    out.append('\'');
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < shown
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        appendEscaped(out, c);
      }
    }
    if (shown < text.length()) {
      out.append("...' (").append(text.length()).append(" characters)");
    } else {
      out.append('\'');
    }
    return out.toString();
  }

  /**
   * Describes one character for a message: printable ASCII as itself in quotes, anything else with
   * its code point too, for example {@code 'é' (U+00E9)} or {@code U+0009}.
   *
   * @param c the character
   * @return a short description
   */
  public static String describe(char c) {
    if (c > ' ' && c < 0x7F) {
      return "'" + c + "'";
    }
    String code = String.format("U+%04X", (int) c);
    if (needsEscape(c)) {
      return code;
    }
    return "'" + c + "' (" + code + ")";
  }

  private static void appendEscaped(StringBuilder out, char c) {
    if (!needsEscape(c)) {
      out.append(c);
      return;
    }
    switch (c) {
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      default -> out.append(String.format("\\u%04x", (int) c));
    }
  }

  private static boolean needsEscape(char c) {
    if (c < ' ' || c == 0x7F) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    int type = Character.getType(c);
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
