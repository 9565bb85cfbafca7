package dev.peerage.core.internal.discovery;

import dev.peerage.core.internal.QuotedInput;

/**
 * The rule for the name of a discovery source: 1 to {@value #MAX_LENGTH} printable ASCII characters
 * without spaces, so that a name is safe as a log field or a metric label.
 */
public final class DiscoverySourceName {

  /** Longest name, in characters. */
  public static final int MAX_LENGTH = 100;

  private DiscoverySourceName() {}

  /**
   * Checks a name.
   *
   * @param name the name
   * @return {@code name}
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if the name breaks the rule; the message quotes it
   */
  public static String check(String name) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "discovery source name "
              + QuotedInput.quote(name)
              + " has "
              + name.length()
              + " characters; expected 1 to "
              + MAX_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        throw new IllegalArgumentException(
            "discovery source name "
                + QuotedInput.quote(name)
                + " has "
                + QuotedInput.describe(c)
                + " at index "
                + i
                + "; expected printable ASCII without spaces");
      }
    }
    return name;
  }
}
