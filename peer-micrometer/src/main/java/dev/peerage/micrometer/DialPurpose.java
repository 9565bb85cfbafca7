package dev.peerage.micrometer;

import dev.peerage.core.PeerStats;

/**
 * The values of the {@code purpose} tag of {@link PeerageMeter#DIALS_STARTED}: why a dial was made, as
 * {@link PeerStats#dialsByPurpose()} names it. A fixed set; a purpose not listed is counted under
 * {@link #OTHER}.
 */
public enum DialPurpose {
  /** A managed peer. */
  MANAGED,
  /** A default bootstrap peer. */
  BOOTSTRAP,
  /** An anchor: an outbound peer of the last run, redialled first on start. */
  ANCHOR,
  /** A peer from the warm-start cache. */
  CACHE,
  /** An address from the address book, to fill the outbound target. */
  BOOK,
  /** A feeler: a short test connection to an address of the new table. */
  FEELER,
  /** A crawl connection, to learn addresses. */
  CRAWL,
  /** Any purpose not listed above. */
  OTHER
}
