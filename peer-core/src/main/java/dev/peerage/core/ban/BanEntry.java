package dev.peerage.core.ban;

import dev.peerage.core.internal.QuotedInput;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ban: what is banned, since when, until when (or forever), why, and the evidence.
 *
 * <p>A ban is active from its creation until, but not including, {@code until}; a ban without
 * {@code until} is permanent. The reason and evidence are for people reading logs and status
 * pages; Peerage never interprets them. Their size is bounded so that a ban list of
 * {@link BanPolicy#maxBans()} entries has a bounded footprint: a reason has at most {@value
 * #MAX_REASON_LENGTH} characters, and there are at most {@value #MAX_EVIDENCE} evidence items of
 * at most {@value #MAX_EVIDENCE_LENGTH} characters each.
 *
 * <p>Instances are immutable and thread-safe; the evidence list is an unmodifiable copy.
 *
 * @param target what is banned: a subnet or a node id
 * @param created when the ban was made
 * @param until when the ban ends (exclusive), after {@code created}; empty for a permanent ban
 * @param reason why, for people; at most {@value #MAX_REASON_LENGTH} characters, may be empty
 * @param evidence what the banned peer did, oldest first; at most {@value #MAX_EVIDENCE} items of
 *     at most {@value #MAX_EVIDENCE_LENGTH} characters, may be empty
 */
public record BanEntry(
    BanTarget target,
    Instant created,
    Optional<Instant> until,
    String reason,
    List<String> evidence) {

  /** Longest reason, in characters: a sentence or two, enough for a log line or a status page. */
  public static final int MAX_REASON_LENGTH = 256;

  /** Most evidence items one ban carries; enough for a misbehaviour history, bounded in memory. */
  public static final int MAX_EVIDENCE = 32;

  /** Longest evidence item, in characters: a timestamp, a kind and a short description. */
  public static final int MAX_EVIDENCE_LENGTH = 512;

  /**
   * Checks and copies the components.
   *
   * @param target what is banned
   * @param created when the ban was made
   * @param until when the ban ends, or empty for a permanent ban
   * @param reason why
   * @param evidence what the peer did
   * @throws NullPointerException if any component, any evidence item or the value of
   *     {@code until} is {@code null}
   * @throws IllegalArgumentException if {@code until} is not after {@code created}, or the reason
   *     or evidence exceed the bounds above; the message names the bad value
   */
  public BanEntry {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(evidence, "evidence");
    if (until.isPresent() && !until.get().isAfter(created)) {
      throw new IllegalArgumentException(
          "until must be after created " + created + ", was " + until.get());
    }
    if (reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be at most " + MAX_REASON_LENGTH
          + " characters, was " + reason.length() + ": " + QuotedInput.quote(reason));
    }
    evidence = List.copyOf(evidence);
    if (evidence.size() > MAX_EVIDENCE) {
      throw new IllegalArgumentException("evidence must have at most " + MAX_EVIDENCE
          + " items, had " + evidence.size());
    }
    for (int i = 0; i < evidence.size(); i++) {
      String item = evidence.get(i);
      if (item.length() > MAX_EVIDENCE_LENGTH) {
        throw new IllegalArgumentException("evidence item " + i + " must be at most "
            + MAX_EVIDENCE_LENGTH + " characters, was " + item.length() + ": "
            + QuotedInput.quote(item));
      }
    }
  }

  /**
   * Returns whether this ban never ends.
   *
   * @return {@code true} if {@code until} is empty
   */
  public boolean isPermanent() {
    return until.isEmpty();
  }

  /**
   * Returns whether this ban is in force at {@code now}: it is permanent, or {@code now} is
   * before {@code until}. A ban is not checked against {@code created}, so a clock that steps
   * back does not lift a ban.
   *
   * @param now the time to check at
   * @return whether the ban is in force
   * @throws NullPointerException if {@code now} is {@code null}
   */
  public boolean isActive(Instant now) {
    Objects.requireNonNull(now, "now");
    return until.isEmpty() || now.isBefore(until.get());
  }
}
