package dev.peerage.core.ban;

import java.time.Instant;
import java.util.Objects;

/**
 * One event in a ban list's history: a ban was made, lifted, ran out or was pushed out.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param action what happened
 * @param entry the ban it happened to, as it was stored
 * @param at when the ban list recorded it; for {@link Action#EXPIRED} this is when the expired
 *     ban was swept, which may be later than the ban's {@link BanEntry#until() until}
 */
public record BanRecord(Action action, BanEntry entry, Instant at) {

  /** What happened to a ban. */
  public enum Action {
    /**
     * The ban was stored: a new ban, or a ban that replaced an earlier one of the same target
     * because it ends later.
     */
    BANNED,
    /** The ban was lifted by {@link dev.peerage.core.PeerManager#unban(Subnet)} or {@link
     * dev.peerage.core.PeerManager#unban(NodeId)}. */
    UNBANNED,
    /** The ban reached its end and was swept out of the list. */
    EXPIRED,
    /**
     * The ban was removed early to make room for a ban that lasts at least as long, because the
     * list held {@link BanPolicy#maxBans()} bans.
     */
    EVICTED
  }

  /**
   * Checks the components.
   *
   * @param action what happened
   * @param entry the ban it happened to
   * @param at when it was recorded
   * @throws NullPointerException if any component is {@code null}
   */
  public BanRecord {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(at, "at");
  }
}
