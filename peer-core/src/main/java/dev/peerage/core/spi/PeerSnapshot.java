package dev.peerage.core.spi;

import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.score.ScoreState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a node remembers about peers, as one consistent value that a {@link PeerStore} saves and
 * loads: its own identity, the managed peers, the address book, bans, scores, the anchors (outbound peers
 * kept at the last shutdown) and the warm-start cache.
 *
 * <p>Immutable. {@link #toString()} never prints the private key.
 *
 * @param savedAt when the snapshot was taken, if it ever was
 * @param identity this node's key pair; empty until the manager first creates one
 * @param peers the managed peers of every network, in order
 * @param addressBook the address book, if one was saved
 * @param bans the ban list, if one was saved
 * @param scores per-address scores
 * @param anchors outbound peers connected at the last shutdown, dialled first at the next start
 * @param cachedPeers recently connected peers for the warm start
 */
public record PeerSnapshot(
    Optional<Instant> savedAt,
    Optional<NodeIdentity> identity,
    List<PeerEntry> peers,
    Optional<AddressBookSnapshot> addressBook,
    Optional<BanListSnapshot> bans,
    Map<PeerAddress, ScoreState> scores,
    List<PeerAddress> anchors,
    List<CachedPeer> cachedPeers) {
  private static final PeerSnapshot EMPTY = new PeerSnapshot(Optional.empty(), Optional.empty(),
      List.of(), Optional.empty(), Optional.empty(), Map.of(), List.of(), List.of());

  /**
   * Copies and checks the components.
   *
   * @param savedAt when the snapshot was taken
   * @param identity this node's key pair
   * @param peers the managed peers
   * @param addressBook the address book
   * @param bans the ban list
   * @param scores per-address scores
   * @param anchors the anchors
   * @param cachedPeers the warm-start cache
   * @throws NullPointerException if a component or an element is null
   */
  public PeerSnapshot {
    Objects.requireNonNull(savedAt, "savedAt");
    Objects.requireNonNull(identity, "identity");
    peers = List.copyOf(peers);
    Objects.requireNonNull(addressBook, "addressBook");
    Objects.requireNonNull(bans, "bans");
    scores = Map.copyOf(scores);
    anchors = List.copyOf(anchors);
    cachedPeers = List.copyOf(cachedPeers);
  }

  /**
   * The snapshot of a store that holds nothing.
   *
   * @return an empty snapshot
   */
  public static PeerSnapshot empty() {
    return EMPTY;
  }

  /**
   * Whether this snapshot holds nothing at all.
   *
   * @return {@code true} for an empty store's snapshot
   */
  public boolean isEmpty() {
    return identity.isEmpty() && peers.isEmpty() && addressBook.isEmpty() && bans.isEmpty()
        && scores.isEmpty() && anchors.isEmpty() && cachedPeers.isEmpty();
  }

  @Override
  public String toString() {
    return "PeerSnapshot{savedAt=" + savedAt.map(Instant::toString).orElse("never")
        + ", identity=" + identity.map(i -> i.nodeId().shortString()).orElse("none")
        + ", peers=" + peers.size()
        + ", addressBook=" + addressBook.map(b -> String.valueOf(b.entries().size())).orElse("none")
        + ", bans=" + bans.isPresent() + ", scores=" + scores.size() + ", anchors=" + anchors.size()
        + ", cachedPeers=" + cachedPeers.size() + "}";
  }
}
