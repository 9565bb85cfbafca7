package dev.peerage.core.ban;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.Subnet;
import java.util.Objects;

/**
 * What a {@link BanEntry} bans: either a block of IP addresses ({@link SubnetTarget}) or one
 * node identity ({@link NodeTarget}).
 *
 * <p>A sealed interface rather than two nullable fields, so a target is always exactly one of the
 * two and code that reads it cannot forget a case: on Java 17 test it with {@code instanceof}
 * ({@code if (target instanceof BanTarget.SubnetTarget s) ...}), on newer releases with a
 * {@code switch} over the two records.
 *
 * <p>Targets order subnets before node ids, subnets by {@link Subnet#compareTo} and node ids by
 * {@link NodeId#compareTo}; {@link dev.peerage.core.PeerManager#bans()} is sorted this way. Implementations are
 * immutable records and thread-safe.
 */
public sealed interface BanTarget extends Comparable<BanTarget> {

  /**
   * Returns the target that bans every address in {@code subnet}.
   *
   * @param subnet the subnet; a single address is a {@code /32} or {@code /128} subnet
   * @return the target
   * @throws NullPointerException if {@code subnet} is {@code null}
   */
  static BanTarget of(Subnet subnet) {
    return new SubnetTarget(subnet);
  }

  /**
   * Returns the target that bans the node with identity {@code nodeId}, whatever its address.
   *
   * @param nodeId the node id
   * @return the target
   * @throws NullPointerException if {@code nodeId} is {@code null}
   */
  static BanTarget of(NodeId nodeId) {
    return new NodeTarget(nodeId);
  }

  /**
   * Orders subnets before node ids, then by the subnet's or node id's own order.
   *
   * @param other the target to compare with
   * @return a negative number, zero or a positive number as this target sorts before, with or
   *     after {@code other}
   */
  @Override
  default int compareTo(BanTarget other) {
    if (this instanceof SubnetTarget mine) {
      return other instanceof SubnetTarget theirs ? mine.subnet().compareTo(theirs.subnet()) : -1;
    }
    NodeId mine = ((NodeTarget) this).nodeId();
    return other instanceof NodeTarget theirs ? mine.compareTo(theirs.nodeId()) : 1;
  }

  /**
   * A ban of every IPv4 or IPv6 address in a subnet.
   *
   * @param subnet the banned block of addresses, never {@code null}
   */
  record SubnetTarget(Subnet subnet) implements BanTarget {
    /**
     * Checks the component.
     *
     * @param subnet the banned block of addresses
     * @throws NullPointerException if {@code subnet} is {@code null}
     */
    public SubnetTarget {
      Objects.requireNonNull(subnet, "subnet");
    }

    /**
     * Returns the subnet in CIDR notation, for example {@code 1.2.0.0/16}.
     *
     * @return the subnet's text
     */
    @Override
    public String toString() {
      return subnet.toString();
    }
  }

  /**
   * A ban of one node identity, whichever address it connects from.
   *
   * @param nodeId the banned node's identity, never {@code null}
   */
  record NodeTarget(NodeId nodeId) implements BanTarget {
    /**
     * Checks the component.
     *
     * @param nodeId the banned node's identity
     * @throws NullPointerException if {@code nodeId} is {@code null}
     */
    public NodeTarget {
      Objects.requireNonNull(nodeId, "nodeId");
    }

    /**
     * Returns {@code node } followed by the node id's 64 hexadecimal digits.
     *
     * @return the text form
     */
    @Override
    public String toString() {
      return "node " + nodeId;
    }
  }
}
