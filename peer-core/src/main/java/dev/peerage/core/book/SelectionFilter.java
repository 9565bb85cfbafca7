package dev.peerage.core.book;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.PeerAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Restricts what {@link AddressBook#select(SelectionFilter)} may return: address families, network groups
 * to avoid (one outbound connection per group), addresses to skip (banned, already connected), entries
 * tried too recently, and whether only the new table is searched (feeler connections).
 *
 * <p>Immutable and thread-safe if the predicate is. Build with {@link #builder()}; {@link #any()} accepts
 * everything.
 */
public final class SelectionFilter {
  private static final SelectionFilter ANY = new Builder().build();

  private final Set<PeerAddress.Type> families;
  private final Set<NetGroup> excludedGroups;
  private final Predicate<? super PeerAddress> excluded;
  private final boolean newOnly;
  private final double triedBias;
  private final Instant triedAfter;

  private SelectionFilter(Builder b) {
    this.families = Set.copyOf(b.families);
    this.excludedGroups = Set.copyOf(b.excludedGroups);
    this.excluded = b.excluded;
    this.triedAfter = b.triedAfter;
    this.newOnly = b.newOnly;
    this.triedBias = b.triedBias;
  }

  /**
   * Returns the filter that accepts every address.
   *
   * @return the accept-all filter
   */
  public static SelectionFilter any() {
    return ANY;
  }

  /**
   * Returns a new builder that accepts everything until restricted.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The families that may be returned; all of IPv4 and IPv6 unless restricted.
   *
   * @return an unmodifiable set, never empty
   */
  public Set<PeerAddress.Type> families() {
    return families;
  }

  /**
   * Network groups none of whose addresses may be returned.
   *
   * @return an unmodifiable set
   */
  public Set<NetGroup> excludedGroups() {
    return excludedGroups;
  }

  /**
   * Whether only the new table is searched.
   *
   * @return {@code true} for new-only selection
   */
  public boolean newOnly() {
    return newOnly;
  }

  /**
   * The tried-table bias for this selection, or {@code NaN} to use the book's configured bias.
   *
   * @return a probability in 0.0-1.0, or NaN
   */
  public double triedBias() {
    return triedBias;
  }

  /**
   * The instant after which a connection attempt makes an entry ineligible, if set by {@link
   * Builder#excludeTriedAfter(Instant)}.
   *
   * @return the instant, or empty if recent attempts do not exclude
   */
  public Optional<Instant> excludedTriedAfter() {
    return Optional.ofNullable(triedAfter);
  }

  /**
   * Whether the filter restricts anything beyond families and the new-only flag, i.e. whether some entries of
   * a table may be rejected one by one.
   *
   * @return {@code true} if groups, a predicate or a last-try limit are set
   */
  public boolean rejectsIndividually() {
    return !excludedGroups.isEmpty() || excluded != null || triedAfter != null;
  }

  /**
   * The predicate part of the filter: addresses it accepts are skipped.
   *
   * @return the combined exclusion predicate; one that excludes nothing if none was set
   */
  public Predicate<? super PeerAddress> exclusion() {
    return excluded == null ? address -> false : excluded;
  }

  /**
   * Tests an address against every part of the filter except the table choice and the last-try limit
   * (which needs the book's record of the address; see {@link #excludedTriedAfter()}).
   *
   * @param address the candidate
   * @return {@code true} if the address may be returned
   */
  public boolean accepts(PeerAddress address) {
    return families.contains(address.type())
        && (excludedGroups.isEmpty() || !excludedGroups.contains(address.netGroup()))
        && (excluded == null || !excluded.test(address));
  }

  /** Builds a {@link SelectionFilter}. Not thread-safe. */
  public static final class Builder {
    private final EnumSet<PeerAddress.Type> families =
        EnumSet.of(PeerAddress.Type.IPV4, PeerAddress.Type.IPV6);
    private final java.util.HashSet<NetGroup> excludedGroups = new java.util.HashSet<>();
    private Predicate<? super PeerAddress> excluded;
    private boolean newOnly;
    private double triedBias = Double.NaN;
    private Instant triedAfter;

    private Builder() {}

    /**
     * Restricts the result to the given families (replacing earlier calls).
     *
     * @param first a family; {@link PeerAddress.Type#HOST_NAME} is rejected, the book holds IPs only
     * @param more further families
     * @return this builder
     * @throws IllegalArgumentException for {@code HOST_NAME}
     */
    public Builder families(PeerAddress.Type first, PeerAddress.Type... more) {
      EnumSet<PeerAddress.Type> set = EnumSet.of(first, more);
      if (set.contains(PeerAddress.Type.HOST_NAME)) {
        throw new IllegalArgumentException("families must be IPV4 or IPV6; the address book holds no "
            + "host names, was " + set);
      }
      families.clear();
      families.addAll(set);
      return this;
    }

    /**
     * Excludes every address in the given network groups (for example the groups of current outbound
     * peers). Calls accumulate.
     *
     * @param groups groups to exclude
     * @return this builder
     */
    public Builder excludeGroups(Collection<NetGroup> groups) {
      for (NetGroup g : groups) {
        excludedGroups.add(Objects.requireNonNull(g, "group"));
      }
      return this;
    }

    /**
     * Excludes every address the predicate accepts (for example banned or already-connected addresses).
     * Calls combine with OR. The predicate runs under the book's read lock: it must be fast and must not
     * call back into the book.
     *
     * @param predicate returns {@code true} for addresses to skip
     * @return this builder
     */
    public Builder exclude(Predicate<? super PeerAddress> predicate) {
      Objects.requireNonNull(predicate, "predicate");
      if (excluded == null) {
        excluded = predicate;
      } else {
        Predicate<? super PeerAddress> previous = excluded;
        excluded = a -> previous.test(a) || predicate.test(a);
      }
      return this;
    }

    /**
     * Excludes every entry whose last connection attempt was after the given instant, for example one
     * minute ago to skip addresses dialled in the last minute. The book checks its own record of each
     * entry, so unlike a predicate that looked the entry up this costs nothing per entry and never calls
     * back into the book. Entries never tried are not excluded. A later call replaces an earlier one.
     *
     * @param instant attempts strictly after this instant exclude the entry
     * @return this builder
     */
    public Builder excludeTriedAfter(Instant instant) {
      this.triedAfter = Objects.requireNonNull(instant, "instant");
      return this;
    }

    /**
     * Searches the new table only (for feeler connections that test fresh addresses).
     *
     * @return this builder
     */
    public Builder newOnly() {
      this.newOnly = true;
      return this;
    }

    /**
     * Overrides the book's tried-table bias for this selection.
     *
     * @param bias probability of searching the tried table when both have candidates, 0.0-1.0
     * @return this builder
     */
    public Builder triedBias(double bias) {
      if (!(bias >= 0.0 && bias <= 1.0)) {
        throw new IllegalArgumentException("triedBias must be within 0.0-1.0, was " + bias);
      }
      this.triedBias = bias;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public SelectionFilter build() {
      return new SelectionFilter(this);
    }
  }
}
