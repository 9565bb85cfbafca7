package dev.peerage.micrometer;

import dev.peerage.core.PeerStats;
import dev.peerage.core.spi.DialException;

/**
 * The values of the {@code outcome} tag of {@link PeerageMeter#DIALS}: how a finished dial ended, as
 * {@link PeerStats#dialsByOutcome()} names it. A fixed set, so the tag's cardinality is bounded; an
 * outcome a later peer-core reports that is not listed here is counted under {@link #OTHER}, so no
 * dial goes uncounted.
 */
public enum DialOutcome {
  /** Connected and admitted. */
  CONNECTED,
  /** Connected, then refused by this node's own checks (a ban, itself, not the expected node). */
  REFUSED_BY_US,
  /** A managed peer's dial that connected after a connection in the other direction won. */
  DUPLICATE,
  /** A managed peer's dial that failed after a connection in the other direction won. */
  DUPLICATE_FAILED,
  /** {@link DialException.Failure#REFUSED}. */
  REFUSED,
  /** {@link DialException.Failure#TIMEOUT}. */
  TIMEOUT,
  /** {@link DialException.Failure#UNREACHABLE}. */
  UNREACHABLE,
  /** {@link DialException.Failure#HANDSHAKE_FAILED}. */
  HANDSHAKE_FAILED,
  /** {@link DialException.Failure#WRONG_NETWORK}. */
  WRONG_NETWORK,
  /** {@link DialException.Failure#SELF}. */
  SELF,
  /** {@link DialException.Failure#WRONG_NODE}. */
  WRONG_NODE,
  /** {@link DialException.Failure#CLOSED}. */
  CLOSED,
  /** An unexpected exception, and any outcome not listed above. */
  OTHER
}
