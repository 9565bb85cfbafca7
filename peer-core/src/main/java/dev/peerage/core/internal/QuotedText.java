package dev.peerage.core.internal;

/**
 * Renders untrusted text for an exception message: quoted, with control and quote characters
 * escaped, and cut to a bounded length so a hostile or mistaken input cannot flood logs.
 */
public final class QuotedText {
  /** Inputs longer than this many characters are cut and marked with {@code ...}. */
  public static final int MAX_SHOWN = 80;

  private QuotedText() {}

  /**
   * Returns {@code value} in double quotes, escaped and cut to {@link #MAX_SHOWN} characters.
   *
   * @param value the text to show; {@code null} is rendered as {@code null}
   * @return the printable, bounded form
   */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int shown = Math.min(value.length(), MAX_SHOWN);
    StringBuilder out = new StringBuilder(shown + 24).append('"');
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (shown < value.length()) {
      out.append("...");
    }
    return out.toString();
  }
}
