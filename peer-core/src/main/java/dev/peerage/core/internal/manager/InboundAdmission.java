package dev.peerage.core.internal.manager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.peerage.core.InboundPolicy;
import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.ClockTicker;
import dev.peerage.core.internal.ban.BanList;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.DisconnectReason.Code;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an inbound connection may stay, by asking an ordered list of rules; the first rule
 * that decides (accept or refuse) ends the round, and a connection no rule refuses is accepted. The
 * order is the policy: a node that is closing, a wrong network, ourselves and bans are refused before
 * anything else is looked at; pinned managed peers are then accepted without limits; only strangers
 * meet the known-peers-only policy (lifted while a pairing window is open), discouragement, the per-IP
 * rate limit and the inbound limit (where Bitcoin Core's eviction may make room). Confined to the
 * manager's lock.
 */
final class InboundAdmission {
  /** What a rule decided. */
  private record Verdict(boolean decided, DisconnectReason refusal) {
    static final Verdict NEXT = new Verdict(false, null);
    static final Verdict ACCEPT = new Verdict(true, null);

    static Verdict refuse(Code code, String detail) {
      return new Verdict(true, DisconnectReason.local(code, detail));
    }
  }

  /** One rule: looks at the connection and, if known, the managed peer it belongs to. */
  @FunctionalInterface
  private interface Rule {
    Verdict check(Connection connection, Managed managed);
  }

  /** What the rules need from the manager. */
  interface Host {
    /** Whether the manager is running (not yet closing). */
    boolean running();

    NodeId localNodeId();

    /** Records the wrong-network misbehaviour of an inbound peer (may ban it). */
    void reportWrongNetwork(Connection connection);

    /** The inbound connections that count toward the inbound limit. */
    List<Link> countedInbound();

    /** Closes and forgets an inbound connection chosen for eviction. */
    void evict(Link victim);

    /**
     * Whether a pairing window is open: a stranger then passes the known-peers-only rule (and meets
     * the rules after it) so the manager can pair it.
     */
    boolean pairingOpen();
  }

  private final ManagerLock lock;
  private final Host host;
  private final NetworkId network;
  private final InboundPolicy policy;
  private final int maxInbound;
  private final Duration rateWindow;
  private final BanList bans;
  private final long evictionKey;
  /** IPs that connected within the rate window; null when the window is zero (no limit). */
  private final Cache<String, Boolean> recentAttempts;
  private final List<Rule> rules = List.of(
      this::refuseWhileClosing,
      this::refuseWrongNetwork,
      this::refuseSelf,
      this::refuseBanned,
      this::refuseDisabledPeer,
      this::refuseDisconnectedByHost,
      this::acceptPinnedPeer,
      this::refuseStrangerIfKnownOnly,
      this::refuseDiscouraged,
      this::limitAttemptsPerIp,
      this::makeRoomOrRefuse);

  InboundAdmission(ManagerLock lock, Host host, InstantSource clock, NetworkId network,
      InboundPolicy policy, int maxInbound, Duration rateWindow, BanList bans, long evictionKey) {
    this.lock = lock;
    this.host = host;
    this.network = network;
    this.policy = policy;
    this.maxInbound = maxInbound;
    this.rateWindow = rateWindow;
    this.bans = bans;
    this.evictionKey = evictionKey;
    this.recentAttempts = rateWindow.isZero() ? null
        : Caffeine.newBuilder()
            .expireAfterWrite(rateWindow)
            .maximumSize(100_000)
            .ticker(new ClockTicker(clock))
            .executor(Runnable::run)
            .build();
  }

  /**
   * Runs the rules in order.
   *
   * @param managed the managed peer of the active network the connection belongs to, or null
   * @return why the connection is refused, or null if it may stay
   */
  DisconnectReason refusal(Connection connection, Managed managed) {
    lock.checkHeld();
    for (Rule rule : rules) {
      Verdict verdict = rule.check(connection, managed);
      if (verdict.decided()) {
        return verdict.refusal();
      }
    }
    return null;
  }

  private Verdict refuseWhileClosing(Connection connection, Managed managed) {
    return host.running() ? Verdict.NEXT
        : Verdict.refuse(Code.SHUTTING_DOWN, "node is shutting down");
  }

  private Verdict refuseWrongNetwork(Connection connection, Managed managed) {
    if (connection.network().equals(network)) {
      return Verdict.NEXT;
    }
    host.reportWrongNetwork(connection);
    return Verdict.refuse(Code.WRONG_NETWORK,
        "this node runs " + network + ", the peer runs " + connection.network());
  }

  private Verdict refuseSelf(Connection connection, Managed managed) {
    return connection.remoteNodeId().equals(host.localNodeId())
        ? Verdict.refuse(Code.SELF, "connected to itself") : Verdict.NEXT;
  }

  private Verdict refuseBanned(Connection connection, Managed managed) {
    return bans.isBanned(connection.remoteAddress()) || bans.isBanned(connection.remoteNodeId())
        ? Verdict.refuse(Code.BANNED, "banned") : Verdict.NEXT;
  }

  private Verdict refuseDisabledPeer(Connection connection, Managed managed) {
    return managed != null && !managed.entry.enabled()
        ? Verdict.refuse(Code.UNKNOWN_PEER, "peer is disabled here") : Verdict.NEXT;
  }

  /**
   * A host's {@code disconnect(id)} holds against the peer's own redials until {@code connect(id)}
   * (or a restart): otherwise an auto-reconnecting remote undoes it within seconds.
   */
  private Verdict refuseDisconnectedByHost(Connection connection, Managed managed) {
    return managed != null && managed.suppressed
        ? Verdict.refuse(Code.REQUESTED, "disconnected by this node's host until it connects again")
        : Verdict.NEXT;
  }

  /** Pinned and unconditional peers are known on purpose: no rate limit, no inbound limit. */
  private Verdict acceptPinnedPeer(Connection connection, Managed managed) {
    return managed != null && !managed.onDemand() ? Verdict.ACCEPT : Verdict.NEXT;
  }

  /** A stranger is refused under known-peers-only, except while a pairing window is open. */
  private Verdict refuseStrangerIfKnownOnly(Connection connection, Managed managed) {
    return managed == null && policy == InboundPolicy.KNOWN_PEERS_ONLY && !host.pairingOpen()
        ? Verdict.refuse(Code.UNKNOWN_PEER, "this node accepts known peers only") : Verdict.NEXT;
  }

  private Verdict refuseDiscouraged(Connection connection, Managed managed) {
    return bans.isDiscouraged(connection.remoteAddress())
        ? Verdict.refuse(Code.BANNED, "discouraged") : Verdict.NEXT;
  }

  /** One attempt per routable IP per window (a reconnect storm from one host meets a wall). */
  private Verdict limitAttemptsPerIp(Connection connection, Managed managed) {
    PeerAddress remote = connection.remoteAddress();
    if (recentAttempts == null || !remote.isRoutable()) {
      return Verdict.NEXT;
    }
    String ip = remote.host();
    if (recentAttempts.getIfPresent(ip) != null) {
      return Verdict.refuse(Code.TOO_MANY_PEERS,
          "one connection attempt per " + rateWindow + " from " + ip);
    }
    recentAttempts.put(ip, Boolean.TRUE);
    return Verdict.NEXT;
  }

  /** At the inbound limit, evicts the peer Bitcoin Core would, or refuses if every one is protected. */
  private Verdict makeRoomOrRefuse(Connection connection, Managed managed) {
    List<Link> inbound = host.countedInbound();
    if (inbound.size() < maxInbound) {
      return Verdict.NEXT;
    }
    Optional<Link> victim = victim(inbound);
    if (victim.isEmpty()) {
      return Verdict.refuse(Code.TOO_MANY_PEERS, "inbound limit of " + maxInbound + " reached");
    }
    host.evict(victim.get());
    return Verdict.NEXT;
  }

  /** Picks the inbound peer to evict the way Bitcoin Core does (see {@link InboundEviction}). */
  private Optional<Link> victim(List<Link> inbound) {
    List<InboundEviction.Candidate> candidates = new ArrayList<>(inbound.size());
    for (Link link : inbound) {
      NetGroup group = link.connection.remoteAddress().netGroup();
      long keyed = InboundEviction.keyedGroupHash(evictionKey, evictionKey ^ 0x5bd1e995L, group);
      candidates.add(new InboundEviction.Candidate(link, group, link.connection.latency(),
          link.since, false, keyed));
    }
    return InboundEviction.selectToEvict(candidates).map(c -> (Link) c.key());
  }
}
