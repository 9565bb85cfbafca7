package dev.peerage.core.peer;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.peer.PeerEntryRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A managed peer: one that a person or the host configured on purpose, as opposed to the many
 * addresses the address book learns by itself. Immutable and thread-safe; build one with {@link
 * #builder()} and derive a changed copy with {@link #toBuilder()}.
 *
 * <p>The rules, checked by the builder (a broken rule is an {@link InvalidPeerEntryException} that
 * names the field, the value and the rule):
 *
 * <ul>
 *   <li>{@code id}: required, 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -};
 *       stable for the life of the entry, so stores and user interfaces can refer to it.
 *   <li>{@code addresses}: required, 1 to {@value #MAX_ADDRESSES}, no duplicates, order kept; the
 *       first is the primary address, dialled first.
 *   <li>{@code label}: optional, stripped of surrounding white space, then 1 to {@value
 *       #MAX_LABEL_LENGTH} characters (Unicode code points) without control characters.
 *   <li>{@code notes}: optional, 1 to {@value #MAX_NOTES_LENGTH} characters (code points), no
 *       control characters except line feed and tab; kept exactly as given.
 *   <li>{@code source}, {@code network}, {@code addedAt}: required; there are no defaults because a
 *       wrong guess (a test peer on {@code main}, a peer exchange address marked manual) would be
 *       silently wrong.
 *   <li>{@code isProtected}: only a {@link PeerSource#DEFAULT_BOOTSTRAP} peer may be protected.
 *       Protection exists so that the defaults a network ships with cannot be deleted by mistake
 *       (they can be disabled); a peer someone added can always be removed by someone.
 *   <li>{@code lastSeen} and {@code lastSuccess} are not checked against {@code addedAt} or each
 *       other: imported and restored entries carry history from other nodes and clocks, and
 *       rejecting them would lose data for no safety gain.
 * </ul>
 *
 * <p>Defaults: enabled, not protected, no flags, no node id, label, notes or timestamps other than
 * {@code addedAt}, and {@link PeerStatistics#EMPTY}.
 */
public final class PeerEntry {
  /** Longest id, in characters. */
  public static final int MAX_ID_LENGTH = PeerEntryRules.MAX_ID_LENGTH;

  /** Most addresses one entry may hold. */
  public static final int MAX_ADDRESSES = PeerEntryRules.MAX_ADDRESSES;

  /** Longest label, in Unicode code points. */
  public static final int MAX_LABEL_LENGTH = PeerEntryRules.MAX_LABEL_LENGTH;

  /** Longest notes, in Unicode code points. */
  public static final int MAX_NOTES_LENGTH = PeerEntryRules.MAX_NOTES_LENGTH;

  private final String id;
  private final List<PeerAddress> addresses;
  private final NodeId nodeId;
  private final String label;
  private final String notes;
  private final PeerSource source;
  private final NetworkId network;
  private final boolean enabled;
  private final boolean isProtected;
  private final Set<PeerFlag> flags;
  private final Instant addedAt;
  private final Instant lastSeen;
  private final Instant lastSuccess;
  private final PeerStatistics statistics;

  private PeerEntry(Builder b) {
    this.id = b.id;
    this.addresses = List.copyOf(b.addresses);
    this.nodeId = b.nodeId;
    this.label = b.label;
    this.notes = b.notes;
    this.source = b.source;
    this.network = b.network;
    this.enabled = b.enabled;
    this.isProtected = b.isProtected;
    this.flags = Collections.unmodifiableSet(EnumSet.copyOf(b.flags));
    this.addedAt = b.addedAt;
    this.lastSeen = b.lastSeen;
    this.lastSuccess = b.lastSuccess;
    this.statistics = b.statistics;
  }

  /**
   * Returns an empty builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this entry's values, to build a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.addresses.addAll(addresses);
    b.nodeId = nodeId;
    b.label = label;
    b.notes = notes;
    b.source = source;
    b.network = network;
    b.enabled = enabled;
    b.isProtected = isProtected;
    b.flags.addAll(flags);
    b.addedAt = addedAt;
    b.lastSeen = lastSeen;
    b.lastSuccess = lastSuccess;
    b.statistics = statistics;
    return b;
  }

  /**
   * Returns the stable id.
   *
   * @return 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
   */
  public String id() {
    return id;
  }

  /**
   * Returns the addresses, primary first.
   *
   * @return an unmodifiable list of 1 to {@value #MAX_ADDRESSES} distinct addresses
   */
  public List<PeerAddress> addresses() {
    return addresses;
  }

  /**
   * Returns the primary address, the one dialled first.
   *
   * @return {@code addresses().get(0)}
   */
  public PeerAddress address() {
    return addresses.get(0);
  }

  /**
   * Returns the node id the peer must prove in the handshake, if known.
   *
   * @return the expected node id, or empty if any node at the address is accepted
   */
  public Optional<NodeId> nodeId() {
    return Optional.ofNullable(nodeId);
  }

  /**
   * Returns the human-readable name.
   *
   * @return the label, stripped, 1 to {@value #MAX_LABEL_LENGTH} code points; or empty
   */
  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /**
   * Returns free-form notes a person wrote about the peer.
   *
   * @return the notes, 1 to {@value #MAX_NOTES_LENGTH} code points; or empty
   */
  public Optional<String> notes() {
    return Optional.ofNullable(notes);
  }

  /**
   * Returns where the peer came from.
   *
   * @return the source
   */
  public PeerSource source() {
    return source;
  }

  /**
   * Returns the network the peer belongs to.
   *
   * @return the network
   */
  public NetworkId network() {
    return network;
  }

  /**
   * Returns whether the peer manager may use the peer. A disabled peer is kept, with its history,
   * but never dialled or accepted, whatever its flags.
   *
   * @return whether the peer is enabled
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Returns whether the peer is protected from removal: one of the network's default bootstrap
   * peers, which can be disabled but not deleted.
   *
   * @return whether the peer is protected; if so, {@link #source()} is {@link
   *     PeerSource#DEFAULT_BOOTSTRAP}
   */
  public boolean isProtected() {
    return isProtected;
  }

  /**
   * Returns the flags.
   *
   * @return an unmodifiable set, possibly empty
   */
  public Set<PeerFlag> flags() {
    return flags;
  }

  /**
   * Returns whether a flag is set.
   *
   * @param flag the flag
   * @return whether {@link #flags()} contains it
   */
  public boolean has(PeerFlag flag) {
    return flags.contains(flag);
  }

  /**
   * Returns when the peer was added to the managed list.
   *
   * @return the time it was added
   */
  public Instant addedAt() {
    return addedAt;
  }

  /**
   * Returns when the peer was last heard from, by any connection or message.
   *
   * @return the time, or empty if never
   */
  public Optional<Instant> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }

  /**
   * Returns when a connection to or from the peer last completed its handshake.
   *
   * @return the time, or empty if never
   */
  public Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  /**
   * Returns the measured statistics.
   *
   * @return the statistics, {@link PeerStatistics#EMPTY} for a new peer
   */
  public PeerStatistics statistics() {
    return statistics;
  }

  /** Compares every field. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PeerEntry other
        && enabled == other.enabled
        && isProtected == other.isProtected
        && id.equals(other.id)
        && addresses.equals(other.addresses)
        && Objects.equals(nodeId, other.nodeId)
        && Objects.equals(label, other.label)
        && Objects.equals(notes, other.notes)
        && source == other.source
        && network.equals(other.network)
        && flags.equals(other.flags)
        && addedAt.equals(other.addedAt)
        && Objects.equals(lastSeen, other.lastSeen)
        && Objects.equals(lastSuccess, other.lastSuccess)
        && statistics.equals(other.statistics);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        addresses,
        nodeId,
        label,
        notes,
        source,
        network,
        enabled,
        isProtected,
        flags,
        addedAt,
        lastSeen,
        lastSuccess,
        statistics);
  }

  /**
   * Returns a one-line summary for logs: id, label, primary address, short node id, source,
   * network, and the flags and states that are set. Notes, timestamps and statistics are left out.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("PeerEntry[").append(id);
    if (label != null) {
      s.append(" \"").append(label).append('"');
    }
    s.append(' ').append(address());
    if (addresses.size() > 1) {
      s.append(" (+").append(addresses.size() - 1).append(')');
    }
    if (nodeId != null) {
      s.append(" node=").append(nodeId.shortString());
    }
    s.append(' ').append(source).append(' ').append(network);
    if (!flags.isEmpty()) {
      s.append(' ').append(flags);
    }
    if (!enabled) {
      s.append(" disabled");
    }
    if (isProtected) {
      s.append(" protected");
    }
    return s.append(']').toString();
  }

  /**
   * Collects the values of a {@link PeerEntry}. Each setter checks its value at once and throws an
   * {@link InvalidPeerEntryException} naming it; {@link #build()} checks that the required values
   * are there and that they fit together. Setters of optional values accept {@code null} to clear
   * them. Not thread-safe: use one builder from one thread.
   */
  public static final class Builder {
    private String id;
    private final List<PeerAddress> addresses = new ArrayList<>();
    private NodeId nodeId;
    private String label;
    private String notes;
    private PeerSource source;
    private NetworkId network;
    private boolean enabled = true;
    private boolean isProtected;
    private final EnumSet<PeerFlag> flags = EnumSet.noneOf(PeerFlag.class);
    private Instant addedAt;
    private Instant lastSeen;
    private Instant lastSuccess;
    private PeerStatistics statistics = PeerStatistics.EMPTY;

    private Builder() {}

    /**
     * Sets the id.
     *
     * @param id 1 to {@value PeerEntry#MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
     * @return this builder
     * @throws InvalidPeerEntryException if {@code id} is null or breaks the rule
     */
    public Builder id(String id) {
      this.id = PeerEntryRules.id(id);
      return this;
    }

    /**
     * Replaces the addresses with this one.
     *
     * @param address the only, and so primary, address
     * @return this builder
     * @throws InvalidPeerEntryException if {@code address} is null
     */
    public Builder address(PeerAddress address) {
      PeerEntryRules.required(address, "address");
      addresses.clear();
      addresses.add(address);
      return this;
    }

    /**
     * Replaces the addresses with these, in iteration order; the first becomes the primary. The
     * collection is copied.
     *
     * @param addresses up to {@value PeerEntry#MAX_ADDRESSES} distinct addresses
     * @return this builder
     * @throws InvalidPeerEntryException if {@code addresses} is null, too long, or holds a null or
     *     a duplicate; the builder is then unchanged
     */
    public Builder addresses(Collection<PeerAddress> addresses) {
      PeerEntryRules.required(addresses, "addresses");
      List<PeerAddress> copy = new ArrayList<>(addresses);
      PeerEntryRules.addresses(copy);
      this.addresses.clear();
      this.addresses.addAll(copy);
      return this;
    }

    /**
     * Appends an address; the first one added is the primary.
     *
     * @param address an address not yet present
     * @return this builder
     * @throws InvalidPeerEntryException if {@code address} is null or already present, or the entry
     *     already has {@value PeerEntry#MAX_ADDRESSES} addresses
     */
    public Builder addAddress(PeerAddress address) {
      PeerEntryRules.required(address, "address");
      List<PeerAddress> grown = new ArrayList<>(addresses);
      grown.add(address);
      PeerEntryRules.addresses(grown);
      addresses.add(address);
      return this;
    }

    /**
     * Removes an address if present; if it was the primary, the next one becomes primary.
     *
     * @param address the address to remove
     * @return this builder
     */
    public Builder removeAddress(PeerAddress address) {
      addresses.remove(address);
      return this;
    }

    /**
     * Sets the node id the peer must prove.
     *
     * @param nodeId the expected id, or null to accept any node at the addresses
     * @return this builder
     */
    public Builder nodeId(NodeId nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Sets the label; surrounding white space is stripped.
     *
     * @param label 1 to {@value PeerEntry#MAX_LABEL_LENGTH} code points after stripping, without
     *     control characters; or null for none
     * @return this builder
     * @throws InvalidPeerEntryException if {@code label} is blank, too long or has a control
     *     character
     */
    public Builder label(String label) {
      this.label = PeerEntryRules.label(label);
      return this;
    }

    /**
     * Sets the notes, kept exactly as given.
     *
     * @param notes 1 to {@value PeerEntry#MAX_NOTES_LENGTH} code points, no control characters but
     *     line feed and tab; or null for none
     * @return this builder
     * @throws InvalidPeerEntryException if {@code notes} are empty, too long or have a disallowed
     *     control character
     */
    public Builder notes(String notes) {
      this.notes = PeerEntryRules.notes(notes);
      return this;
    }

    /**
     * Sets where the peer came from. Required.
     *
     * @param source the source
     * @return this builder
     * @throws InvalidPeerEntryException if {@code source} is null
     */
    public Builder source(PeerSource source) {
      this.source = PeerEntryRules.required(source, "source");
      return this;
    }

    /**
     * Sets the network. Required.
     *
     * @param network the network
     * @return this builder
     * @throws InvalidPeerEntryException if {@code network} is null
     */
    public Builder network(NetworkId network) {
      this.network = PeerEntryRules.required(network, "network");
      return this;
    }

    /**
     * Sets whether the peer may be used. Default {@code true}.
     *
     * @param enabled whether the peer is enabled
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Sets whether the peer is protected from removal. Default {@code false}. Only a {@link
     * PeerSource#DEFAULT_BOOTSTRAP} peer may be protected; {@link #build()} checks that.
     *
     * @param isProtected whether the peer is protected
     * @return this builder
     */
    public Builder isProtected(boolean isProtected) {
      this.isProtected = isProtected;
      return this;
    }

    /**
     * Sets or clears one flag.
     *
     * @param flag the flag
     * @param set whether the flag is to be set
     * @return this builder
     * @throws InvalidPeerEntryException if {@code flag} is null
     */
    public Builder flag(PeerFlag flag, boolean set) {
      PeerEntryRules.required(flag, "flag");
      if (set) {
        flags.add(flag);
      } else {
        flags.remove(flag);
      }
      return this;
    }

    /**
     * Replaces all flags. The set is copied.
     *
     * @param flags the flags, possibly empty
     * @return this builder
     * @throws InvalidPeerEntryException if {@code flags} is null or holds null
     */
    public Builder flags(Set<PeerFlag> flags) {
      PeerEntryRules.required(flags, "flags");
      EnumSet<PeerFlag> copy = EnumSet.noneOf(PeerFlag.class);
      for (PeerFlag flag : flags) {
        copy.add(PeerEntryRules.required(flag, "flags"));
      }
      this.flags.clear();
      this.flags.addAll(copy);
      return this;
    }

    /**
     * Sets when the peer was added. Required; pass the time from the host's clock.
     *
     * @param addedAt the time
     * @return this builder
     * @throws InvalidPeerEntryException if {@code addedAt} is null
     */
    public Builder addedAt(Instant addedAt) {
      this.addedAt = PeerEntryRules.required(addedAt, "addedAt");
      return this;
    }

    /**
     * Sets when the peer was last heard from.
     *
     * @param lastSeen the time, or null for never
     * @return this builder
     */
    public Builder lastSeen(Instant lastSeen) {
      this.lastSeen = lastSeen;
      return this;
    }

    /**
     * Sets when a connection with the peer last completed its handshake.
     *
     * @param lastSuccess the time, or null for never
     * @return this builder
     */
    public Builder lastSuccess(Instant lastSuccess) {
      this.lastSuccess = lastSuccess;
      return this;
    }

    /**
     * Sets the statistics. Default {@link PeerStatistics#EMPTY}.
     *
     * @param statistics the statistics
     * @return this builder
     * @throws InvalidPeerEntryException if {@code statistics} is null
     */
    public Builder statistics(PeerStatistics statistics) {
      this.statistics = PeerEntryRules.required(statistics, "statistics");
      return this;
    }

    /**
     * Builds the entry. The builder stays usable.
     *
     * @return the new entry
     * @throws InvalidPeerEntryException if a required value is missing (id, an address, source,
     *     network, addedAt) or the entry is protected without being a default bootstrap peer
     */
    public PeerEntry build() {
      PeerEntryRules.required(id, "id");
      if (addresses.isEmpty()) {
        throw new InvalidPeerEntryException(
            "addresses", "addresses is required: give at least one address");
      }
      PeerEntryRules.required(source, "source");
      PeerEntryRules.required(network, "network");
      PeerEntryRules.required(addedAt, "addedAt");
      if (isProtected && source != PeerSource.DEFAULT_BOOTSTRAP) {
        throw new InvalidPeerEntryException(
            "isProtected",
            "isProtected is true but source is "
                + source
                + "; only "
                + PeerSource.DEFAULT_BOOTSTRAP
                + " peers can be protected");
      }
      return new PeerEntry(this);
    }
  }
}
