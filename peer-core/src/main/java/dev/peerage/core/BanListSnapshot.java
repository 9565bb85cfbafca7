package dev.peerage.core;

import java.util.List;
import java.util.Objects;

/**
 * The persistent state of a {@link BanList}: its bans and its history, as taken by {@link
 * BanList#snapshot()} and given back to {@link BanList#restore(BanListSnapshot)}, for example
 * through a {@code PeerStore}.
 *
 * <p>The discouraged set is deliberately not part of it; {@link BanList} explains why.
 *
 * <p>Instances are immutable and thread-safe; both lists are unmodifiable copies. A snapshot may
 * come from a file, so it is not trusted: {@link BanList#restore(BanListSnapshot)} applies the
 * list's bounds to it.
 *
 * @param bans the bans, in no particular order; at most one per target is kept on restore
 * @param history the history, oldest first
 */
public record BanListSnapshot(List<BanEntry> bans, List<BanRecord> history) {

  /** An empty snapshot: no bans, no history. */
  public static final BanListSnapshot EMPTY = new BanListSnapshot(List.of(), List.of());

  /**
   * Checks and copies the components.
   *
   * @param bans the bans
   * @param history the history, oldest first
   * @throws NullPointerException if either list or any element is {@code null}
   */
  public BanListSnapshot {
    bans = List.copyOf(Objects.requireNonNull(bans, "bans"));
    history = List.copyOf(Objects.requireNonNull(history, "history"));
  }
}
