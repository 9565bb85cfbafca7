package dev.peerage.core.ban;

import java.util.List;
import java.util.Objects;

/**
 * The persistent state of a node's ban list: its bans and its history, as the peer manager saves it
 * through its {@link dev.peerage.core.spi.PeerStore} and restores it on start, for example
 * through a {@code PeerStore}.
 *
 * <p>The discouraged set is deliberately not part of it: Bitcoin Core keeps it in memory only too, and
 * persisting tens of thousands of addresses that remote peers caused us to record would let them grow
 * the node's files.
 *
 * <p>Instances are immutable and thread-safe; both lists are unmodifiable copies. A snapshot may
 * come from a file, so it is not trusted: restoring applies the
 * policy's bounds to it.
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
