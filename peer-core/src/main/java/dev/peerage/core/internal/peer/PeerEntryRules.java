package dev.peerage.core.internal.peer;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.QuotedInput;
import dev.peerage.core.peer.InvalidPeerEntryException;
import java.util.List;

/**
 * The value rules of a {@code PeerEntry}, one method per field, each throwing an {@link
 * InvalidPeerEntryException} that names the field, quotes the value and states the rule. Kept apart
 * from the builder so the rules can be read in one place.
 */
public final class PeerEntryRules {
  /** Longest id, in characters. */
  public static final int MAX_ID_LENGTH = 64;

  /** Most addresses one entry may hold. */
  public static final int MAX_ADDRESSES = 16;

  /** Longest label, in Unicode code points. */
  public static final int MAX_LABEL_LENGTH = 64;

  /** Longest notes, in Unicode code points. */
  public static final int MAX_NOTES_LENGTH = 1024;

  private PeerEntryRules() {}

  /**
   * Rejects a missing required value.
   *
   * @param <T> the value's type
   * @param value the value
   * @param field the field name
   * @return {@code value}
   */
  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidPeerEntryException(field, field + " is required");
    }
    return value;
  }

  /**
   * Checks an id: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}.
   *
   * @param id the id
   * @return {@code id}
   */
  public static String id(String id) {
    required(id, "id");
    String rule = "expected 1 to " + MAX_ID_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_', '-'";
    if (id.isEmpty()) {
      throw new InvalidPeerEntryException("id", "id is empty; " + rule);
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new InvalidPeerEntryException(
          "id",
          "id "
              + QuotedInput.quote(id)
              + " is "
              + id.length()
              + " characters, at most "
              + MAX_ID_LENGTH
              + " allowed");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!allowed) {
        throw new InvalidPeerEntryException(
            "id",
            "id "
                + QuotedInput.quote(id)
                + " has a disallowed character "
                + QuotedInput.describe(c)
                + " at index "
                + i
                + "; "
                + rule);
      }
    }
    return id;
  }

  /**
   * Normalizes and checks a label: surrounding white space is stripped; what remains must be 1 to
   * 64 code points with no control characters.
   *
   * @param label the label, or null for none
   * @return the stripped label, or null
   */
  public static String label(String label) {
    if (label == null) {
      return null;
    }
    String stripped = label.strip();
    if (stripped.isEmpty()) {
      throw new InvalidPeerEntryException(
          "label",
          "label " + QuotedInput.quote(label) + " is blank; give visible text, or null for no label");
    }
    checkLength("label", stripped, MAX_LABEL_LENGTH);
    checkControlCharacters("label", stripped, false);
    return stripped;
  }

  /**
   * Checks notes: 1 to 1024 code points, no control characters except line feed and tab. Kept as
   * given, not stripped, so formatting survives.
   *
   * @param notes the notes, or null for none
   * @return {@code notes}
   */
  public static String notes(String notes) {
    if (notes == null) {
      return null;
    }
    if (notes.isEmpty()) {
      throw new InvalidPeerEntryException(
          "notes", "notes are empty; give some text, or null for no notes");
    }
    checkLength("notes", notes, MAX_NOTES_LENGTH);
    checkControlCharacters("notes", notes, true);
    return notes;
  }

  /**
   * Checks a whole address list: at most 16, no nulls, no duplicates. Emptiness is checked when the
   * entry is built, so a builder may be filled step by step.
   *
   * @param addresses the list
   */
  public static void addresses(List<PeerAddress> addresses) {
    if (addresses.size() > MAX_ADDRESSES) {
      throw new InvalidPeerEntryException(
          "addresses",
          "addresses has " + addresses.size() + " entries, at most " + MAX_ADDRESSES + " allowed");
    }
    for (int i = 0; i < addresses.size(); i++) {
      PeerAddress address = addresses.get(i);
      if (address == null) {
        throw new InvalidPeerEntryException(
            "addresses", "addresses[" + i + "] is null; every address is required");
      }
      int first = addresses.indexOf(address);
      if (first < i) {
        throw new InvalidPeerEntryException(
            "addresses",
            "addresses holds "
                + address
                + " twice, at index "
                + first
                + " and "
                + i
                + "; each address may appear once");
      }
    }
  }

  private static void checkLength(String field, String value, int max) {
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      throw new InvalidPeerEntryException(
          field,
          field
              + " "
              + QuotedInput.quote(value)
              + " is "
              + length
              + " characters, at most "
              + max
              + " allowed");
    }
  }

  private static void checkControlCharacters(String field, String value, boolean multiLine) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\t'))) {
        throw new InvalidPeerEntryException(
            field,
            field
                + " "
                + QuotedInput.quote(value)
                + " has the control character "
                + QuotedInput.describe(c)
                + " at index "
                + i
                + "; "
                + (multiLine
                    ? "only line feed and tab are allowed"
                    : "control characters are not allowed"));
      }
    }
  }
}
