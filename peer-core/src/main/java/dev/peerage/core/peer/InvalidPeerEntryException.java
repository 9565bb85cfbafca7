package dev.peerage.core.peer;

import java.util.Objects;

/**
 * Thrown by {@link PeerEntry.Builder} when a value breaks a rule of {@link PeerEntry}. The message
 * names the field, shows the bad value (text cut to a bounded length) and states the rule; {@link
 * #field()} gives the field's name to a program, for example so a user interface can mark the input
 * box.
 */
public final class InvalidPeerEntryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The field name, as the accessor of {@link PeerEntry} spells it. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the name of the offending field, as the {@link PeerEntry} accessor spells it
   * @param message the full explanation: field, value and rule
   */
  public InvalidPeerEntryException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Returns the field whose value was rejected, named as the {@link PeerEntry} accessor is: for
   * example {@code "label"}, {@code "addresses"} or {@code "isProtected"}.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }
}
