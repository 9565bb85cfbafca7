package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.discovery.DnsSeedDiscovery;
import dev.peerage.core.discovery.HostResolver;
import dev.peerage.core.discovery.StaticDiscovery;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.InMemoryPeerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection orchestration on networks of tens to hundreds of in-memory nodes, on virtual time: limits,
 * diversity, reconnection, outages, warm starts and exchange limits.
 */
class PeerManagerOrchestrationTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  /** Node i of a test network: 10 groups (/16s), several nodes in each. */
  static PeerAddress node(int i) {
    return PeerAddress.parse("30." + (i % 10) + "." + (i / 10) + ".1:9000");
  }

  private static PeerManagerConfig.Builder publicConfig() {
    return PeerManagerConfig.builder(NetworkId.MAIN);
  }

  /** Starts n nodes; node 0 is every other node's default bootstrap peer. */
  private List<PeerManager> network(int n, PeerManagerConfig config,
      List<InMemoryPeerStore> stores) {
    return network(kit, n, config, stores);
  }

  /**
   * Starts nodes 0 to n - 1 on a kit, node i with stores.get(i) (created and added if missing) and
   * node 0 as every other node's bootstrap peer; a restart passes a fresh kit and the same stores.
   */
  private static List<PeerManager> network(PeerManagerTestKit kit, int n, PeerManagerConfig config,
      List<InMemoryPeerStore> stores) {
    List<PeerManager> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InMemoryPeerStore store = stores.size() > i ? stores.get(i) : new InMemoryPeerStore();
      if (stores.size() <= i) {
        stores.add(store);
      }
      PeerManager manager = kit.manager(kit.network.transport(node(i)), config, store);
      if (i > 0) {
        manager.registerDefaults(NetworkId.MAIN, List.of(node(0)));
      }
      nodes.add(manager);
    }
    for (PeerManager manager : nodes) {
      manager.start();
    }
    return nodes;
  }

  private static Set<NetGroup> outboundGroups(PeerManager manager) {
    Set<NetGroup> groups = new HashSet<>();
    for (Connection c : manager.connections()) {
      if (c.direction() == Direction.OUTBOUND) {
        groups.add(c.remoteAddress().netGroup());
      }
    }
    return groups;
  }

  private static long outbound(PeerManager manager) {
    return manager.connections().stream().filter(c -> c.direction() == Direction.OUTBOUND).count();
  }

  @Test
  void fiftyNodesConvergeWithinLimitsAndWithOneOutboundPerGroup() {
    PeerManagerConfig config = publicConfig().outbound(2, 6, 8).inbound(InboundPolicy.ANYONE, 12)
        .build();
    List<PeerManager> nodes = network(50, config, new ArrayList<>());
    for (int minute = 0; minute < 30; minute++) {
      kit.run(Duration.ofMinutes(1));
      for (PeerManager manager : nodes) {
        PeerStats stats = manager.stats();
        assertThat(stats.outbound()).isLessThanOrEqualTo(config.maxOutbound());
        assertThat(stats.inbound()).isLessThanOrEqualTo(config.maxInbound());
        // One outbound connection per network group, always.
        assertThat(outboundGroups(manager)).hasSize((int) outbound(manager));
      }
    }
    long atTarget = nodes.stream().filter(m -> outbound(m) >= 6).count();
    assertThat(atTarget).isGreaterThanOrEqualTo(45);
    assertThat(nodes.get(7).stats().knownAddresses()).isGreaterThan(10);
    assertThat(nodes.get(7).stats().exchangeRequestsSent()).isPositive();
  }

  @Test
  void persistentPeersAreReconnectedAfterALongOutage() {
    PeerManager a = kit.manager(kit.network.transport(node(1)), publicConfig().build(),
        new InMemoryPeerStore());
    PeerManager b = kit.manager(kit.network.transport(node(2)), publicConfig().build(),
        new InMemoryPeerStore());
    a.start();
    b.start();
    PeerEntry pinned = a.addPeer(a.newPeer(NetworkId.MAIN, node(2))
        .flag(PeerFlag.PERSISTENT, true).build());
    kit.settle();
    assertThat(a.peerState(pinned.id()).orElseThrow().isConnected()).isTrue();
    kit.network.setDown(node(2), true);
    kit.run(Duration.ofDays(3)); // CometBFT gives up after about a day; we never do
    PeerStatus waiting = a.peerState(pinned.id()).orElseThrow();
    assertThat(waiting.state()).isIn(PeerState.BACKOFF, PeerState.CONNECTING);
    assertThat(waiting.failures()).isGreaterThan(20);
    kit.network.setDown(node(2), false);
    kit.run(Duration.ofHours(1).plusMinutes(5)); // the pinned cap plus jitter
    assertThat(a.peerState(pinned.id()).orElseThrow().isConnected()).isTrue();
  }

  @Test
  void anOutageOfOurOwnNetworkCausesNoDialStorm() {
    PeerManagerConfig config = publicConfig().outbound(2, 8, 10).build();
    List<PeerManager> nodes = network(30, config, new ArrayList<>());
    kit.run(Duration.ofMinutes(20));
    // The victim: a well-connected node (in a small network some nodes are all-inbound).
    int v = 1;
    for (int i = 1; i < nodes.size(); i++) {
      if (outbound(nodes.get(i)) > outbound(nodes.get(v))) {
        v = i;
      }
    }
    PeerManager victim = nodes.get(v);
    PeerAddress victimAddress = node(v);
    assertThat(outbound(victim)).isGreaterThanOrEqualTo(4);
    long dialsBefore = totalDials(victim);
    kit.network.setOffline(victimAddress, true);
    kit.run(Duration.ofMinutes(1)); // connections break, the first retries fail fast
    long afterFirstMinute = totalDials(victim);
    kit.run(Duration.ofMinutes(59));
    long duringOutage = totalDials(victim) - afterFirstMinute;
    // The group-wide backoff lets about one dial through every 10 s: a storm would be thousands.
    assertThat(duringOutage).isLessThanOrEqualTo(59 * 7);
    assertThat(afterFirstMinute - dialsBefore).isLessThan(60);
    kit.network.setOffline(victimAddress, false);
    kit.run(Duration.ofMinutes(10));
    assertThat(victim.connections()).hasSizeGreaterThanOrEqualTo(4);
  }

  private static long totalDials(PeerManager manager) {
    return manager.stats().dialsByPurpose().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void aWarmStartDialsTheBootstrapPeerLessThanAColdStart() {
    PeerManagerConfig config = publicConfig().outbound(1, 4, 6).build();
    List<InMemoryPeerStore> stores = new ArrayList<>();
    List<PeerManager> nodes = network(25, config, stores);
    kit.run(Duration.ofMinutes(30));
    int coldBootstrapDials = 0;
    for (int i = 1; i < nodes.size(); i++) {
      coldBootstrapDials += nodes.get(i).stats().warmStart().bootstrapDials();
    }
    assertThat(coldBootstrapDials).isGreaterThanOrEqualTo(nodes.size() - 1);
    for (PeerManager manager : nodes) {
      manager.close();
    }
    // Restart everyone from their stores, on fresh transports at the same addresses.
    PeerManagerTestKit restartKit = new PeerManagerTestKit(kit.time.instant().plus(Duration.ofHours(1)));
    try {
      List<PeerManager> restarted = network(restartKit, stores.size(), config, stores);
      restartKit.run(Duration.ofMinutes(5));
      int warmBootstrapDials = 0;
      int reachedTarget = 0;
      for (int i = 1; i < restarted.size(); i++) {
        PeerStats.WarmStart warm = restarted.get(i).stats().warmStart();
        warmBootstrapDials += warm.bootstrapDials();
        if (warm.timeToTarget().isPresent()) {
          reachedTarget++;
        }
        assertThat(warm.cachedCandidates()).isPositive();
      }
      assertThat(warmBootstrapDials).isLessThan(coldBootstrapDials / 2);
      assertThat(reachedTarget).isGreaterThanOrEqualTo(20);
    } finally {
      restartKit.close();
    }
  }

  @Test
  void anchorsOlderThanTheCacheAgeAreNotDialledFirst() {
    PeerManagerConfig config = publicConfig().outbound(1, 2, 4).build();
    List<InMemoryPeerStore> stores = new ArrayList<>();
    List<PeerManager> nodes = network(8, config, stores);
    kit.run(Duration.ofMinutes(20));
    nodes.forEach(PeerManager::close);
    assertThat(stores.get(3).current().anchors()).as("the run left anchors to restart from").isNotEmpty();
    // Eight days later: past the default 7-day cacheMaxAge for anchors and cached peers alike.
    PeerManagerTestKit restartKit = new PeerManagerTestKit(kit.time.instant().plus(Duration.ofDays(8)));
    try {
      List<PeerManager> restarted = network(restartKit, stores.size(), config, stores);
      restartKit.run(Duration.ofMinutes(2));
      for (int i = 1; i < restarted.size(); i++) {
        PeerStats stats = restarted.get(i).stats();
        assertThat(stats.warmStart().cachedCandidates()).as("node %d", i).isZero();
        assertThat(stats.dialsByPurpose()).as("node %d", i).doesNotContainKeys("ANCHOR", "CACHE");
      }
    } finally {
      restartKit.close();
    }
  }

  /** Runs 8 nodes for 20 minutes with target 2, closes them, and returns their stores. */
  private List<InMemoryPeerStore> ranAndClosed() {
    List<InMemoryPeerStore> stores = new ArrayList<>();
    List<PeerManager> nodes = network(8, publicConfig().outbound(1, 2, 4).build(), stores);
    kit.run(Duration.ofMinutes(20));
    nodes.forEach(PeerManager::close);
    return stores;
  }

  /** Restarts node i from its store, only listening, so it never dials the node under test first. */
  private static void restartListening(PeerManagerTestKit kit, int i, InMemoryPeerStore store) {
    kit.manager(kit.network.transport(node(i)), publicConfig().outbound(0, 0, 0).build(), store).start();
  }

  /** Restarts, only listening, each of nodes 1 to 7 whose address is among {@code anchors}. */
  private static void restartAnchorsListening(PeerManagerTestKit kit, List<PeerAddress> anchors,
      List<InMemoryPeerStore> stores) {
    for (int i = 1; i < 8; i++) {
      if (anchors.contains(node(i))) {
        restartListening(kit, i, stores.get(i));
      }
    }
  }

  /** When the node's dials of its default (bootstrap) peer, node 0, started. */
  private static List<Instant> bootstrapDials(PeerManager node, PeerManagerTestKit.Recorder events) {
    String bootstrap = node.peers(PeerQuery.all()).stream()
        .filter(p -> p.addresses().contains(node(0))).findFirst().orElseThrow().id();
    List<Instant> dials = new ArrayList<>();
    for (PeerEvent event : events.events) {
      if (event instanceof PeerEvent.StateChanged changed && changed.status().id().equals(bootstrap)
          && changed.status().state() == PeerState.CONNECTING) {
        dials.add(changed.at());
      }
    }
    return dials;
  }

  @Test
  void aRunThatNeverDialsHandsTheRestoredAnchorsOnToTheNextStart() {
    List<InMemoryPeerStore> stores = ranAndClosed();
    List<PeerAddress> anchors = stores.get(3).current().anchors();
    assertThat(anchors).hasSize(2);
    // An offline edit: node 3 opens its store with no outbound slots, saves and closes. It dialled
    // nobody, so it learned nothing against its anchors; before, its save wrote none.
    PeerManagerTestKit offline = new PeerManagerTestKit(kit.time.instant().plus(Duration.ofHours(1)));
    try {
      restartListening(offline, 3, stores.get(3));
      offline.run(Duration.ofMinutes(1));
    } finally {
      offline.close();
    }
    assertThat(stores.get(3).current().anchors()).containsExactlyInAnyOrderElementsOf(anchors);
    // The next real start dials them first.
    PeerManagerTestKit restartKit = new PeerManagerTestKit(offline.time.instant().plus(Duration.ofHours(1)));
    try {
      restartListening(restartKit, 0, stores.get(0));
      restartAnchorsListening(restartKit, anchors, stores);
      PeerManager restarted = restartKit.manager(restartKit.network.transport(node(3)),
          publicConfig().outbound(1, 2, 4).build(), stores.get(3));
      restarted.start();
      restartKit.run(Duration.ofSeconds(30));
      assertThat(restarted.stats().dialsByPurpose()).containsEntry("ANCHOR", 2L);
    } finally {
      restartKit.close();
    }
  }

  @Test
  void theBootstrapPeerIsDialledExactlyWhenTheBootstrapDelayEnds() {
    List<InMemoryPeerStore> stores = ranAndClosed();
    List<PeerAddress> anchors = stores.get(3).current().anchors();
    assertThat(anchors).hasSize(2);
    // Node 3 restarts wanting 4 outbound and never starved (minimum 0); only node 0 and its two anchors
    // are back. The anchors connect, the other cached peers refuse, so only the bootstrap delay can
    // make node 0 due.
    PeerManagerTestKit restartKit = new PeerManagerTestKit(kit.time.instant().plus(Duration.ofHours(1)));
    try {
      restartListening(restartKit, 0, stores.get(0));
      restartAnchorsListening(restartKit, anchors, stores);
      PeerManagerConfig config = publicConfig().outbound(0, 4, 6).build();
      PeerManager restarted =
          restartKit.manager(restartKit.network.transport(node(3)), config, stores.get(3));
      PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(restarted);
      Instant started = restartKit.time.instant();
      restarted.start();
      restartKit.run(Duration.ofSeconds(30));
      assertThat(restarted.stats().dialsByPurpose()).containsEntry("ANCHOR", 2L);
      assertThat(bootstrapDials(restarted, events)).first()
          .isEqualTo(started.plus(config.bootstrapDelay()));
    } finally {
      restartKit.close();
    }
  }

  @Test
  void refusalsFromGoneCachedPeersDoNotHoldTheWarmStartBehindTheOutageGate() {
    List<InMemoryPeerStore> stores = ranAndClosed();
    // Only the bootstrap node 0 is back: every cached peer of node 3 refuses (nothing listens), which
    // shows our network works, so node 3 goes on to node 0 at once instead of backing off group-wide.
    PeerManagerTestKit restartKit = new PeerManagerTestKit(kit.time.instant().plus(Duration.ofHours(1)));
    try {
      restartListening(restartKit, 0, stores.get(0));
      PeerManager restarted = restartKit.manager(restartKit.network.transport(node(3)),
          publicConfig().outbound(1, 2, 4).build(), stores.get(3));
      PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(restarted);
      Instant started = restartKit.time.instant();
      restarted.start();
      restartKit.run(Duration.ofSeconds(30));
      PeerStats stats = restarted.stats();
      assertThat(stats.dialsByOutcome().getOrDefault("REFUSED", 0L)).isGreaterThanOrEqualTo(3);
      assertThat(bootstrapDials(restarted, events)).first().satisfies(
          at -> assertThat(Duration.between(started, at)).isLessThan(Duration.ofSeconds(1)));
      assertThat(stats.warmStart().timeToFirstConnection()).hasValueSatisfying(
          d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));
    } finally {
      restartKit.close();
    }
  }

  @Test
  void theWarmStartReportsHitsAndAvoidedBootstrapDials() {
    PeerManagerConfig config = publicConfig().outbound(1, 2, 4).build();
    List<InMemoryPeerStore> stores = new ArrayList<>();
    List<PeerManager> nodes = network(8, config, stores);
    kit.run(Duration.ofMinutes(20));
    nodes.forEach(PeerManager::close);
    PeerManagerTestKit restartKit = new PeerManagerTestKit(kit.time.instant().plus(Duration.ofHours(1)));
    try {
      List<PeerManager> restarted = network(restartKit, stores.size(), config, stores);
      restartKit.run(Duration.ofMinutes(2));
      int dialled = 0;
      int avoided = 0;
      for (int i = 1; i < restarted.size(); i++) {
        PeerStats.WarmStart warm = restarted.get(i).stats().warmStart();
        if (warm.cacheDialed() > 0) {
          dialled++;
          assertThat(warm.cacheHitRate()).isGreaterThan(0.5);
          assertThat(warm.timeToFirstConnection()).hasValueSatisfying(
              d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));
        }
        avoided += warm.bootstrapDialsAvoided();
      }
      assertThat(dialled).isGreaterThanOrEqualTo(restarted.size() / 2);
      assertThat(avoided).isPositive();
    } finally {
      restartKit.close();
    }
  }

  @Test
  void addressesBeyondTheRateLimitAreDroppedAndRecorded() {
    PeerManagerConfig tight = publicConfig().exchange(1_000, Duration.ofMinutes(10), 0.1, 5).build();
    PeerManager a = kit.manager(kit.network.transport(node(1)), tight, new InMemoryPeerStore());
    a.start();
    // A fake peer whose answers are huge.
    AtomicInteger served = new AtomicInteger();
    PeerManager flooder = kit.manager(kit.network.transport(node(2)), publicConfig().build(),
        new InMemoryPeerStore());
    flooder.start();
    Random random = new Random(5);
    for (int i = 0; i < 400; i++) {
      flooder.addressBook().add(PeerAddress.parse((40 + random.nextInt(150)) + "." + random.nextInt(250)
          + "." + random.nextInt(250) + ".9:9000"), PeerAddress.parse("50.1.1.1:9000"));
    }
    served.set(flooder.addressBook().size());
    a.addPeer(a.newPeer(NetworkId.MAIN, node(2)).build());
    kit.run(Duration.ofMinutes(1));
    PeerStats stats = a.stats();
    assertThat(stats.exchangeRequestsSent()).isPositive();
    assertThat(stats.addressesLearned()).isLessThanOrEqualTo(5);
    assertThat(stats.addressesDropped()).isPositive();
    assertThat(served.get()).isGreaterThan(300);
  }

  /**
   * A book full of addresses where nothing listens: each dial is refused one round trip (40 ms) after it
   * began. Before book dials were paced, every refusal's tick started the next dial at once, so the
   * sixteen dial slots cycled at the refusals' speed, about 400 dials a second.
   */
  @Test
  void aBookOfDeadAddressesIsDialledAtTheBookPaceNotAsFastAsRefusalsComeBack() {
    PeerManager a = kit.manager(kit.network.transport(node(1)), publicConfig().build(),
        new InMemoryPeerStore());
    Random random = new Random(17);
    for (int i = 0; i < 3_000; i++) {
      a.addressBook().add(PeerAddress.parse((40 + random.nextInt(150)) + "." + random.nextInt(250)
          + "." + random.nextInt(250) + ".9:9000"), PeerAddress.parse("50.1.1.1:9000"));
    }
    a.start();
    kit.run(Duration.ofMinutes(1));
    long bookDials = a.stats().dialsByPurpose().getOrDefault("BOOK", 0L);
    Duration pace = a.config().bookDialInterval();
    long allowed = Duration.ofMinutes(1).toMillis() / pace.toMillis() + 1;
    assertThat(bookDials).as("book dials in a minute at one per %s", pace)
        .isBetween(allowed / 2, allowed);
    // Refused 40 ms after it began, each paced dial ends long before the next starts.
    assertThat(a.stats().dials("REFUSED")).isBetween(bookDials - 1, bookDials);
  }

  /**
   * The pacing holds back only book dials: a managed peer added while book dials wait for their pace is
   * dialled at once.
   */
  @Test
  void bookPacingDoesNotHoldBackManagedPeers() {
    PeerManager a = kit.manager(kit.network.transport(node(1)), publicConfig()
        .bookDialInterval(Duration.ofSeconds(30)).build(), new InMemoryPeerStore());
    PeerManager b = kit.manager(kit.network.transport(node(2)), publicConfig().build(),
        new InMemoryPeerStore());
    b.start();
    for (int i = 0; i < 100; i++) {
      a.addressBook().add(PeerAddress.parse("60.1." + i + ".9:9000"),
          PeerAddress.parse("50.1.1.1:9000"));
    }
    a.start();
    kit.run(Duration.ofSeconds(1));
    assertThat(a.stats().dialsByPurpose().getOrDefault("BOOK", 0L)).isEqualTo(1);
    a.addPeer(a.newPeer(NetworkId.MAIN, node(2)).build());
    kit.run(Duration.ofSeconds(1));
    assertThat(a.peers(PeerQuery.all().connected(true))).extracting(PeerEntry::address)
        .containsExactly(node(2));
    assertThat(a.stats().dialsByPurpose().getOrDefault("BOOK", 0L)).isEqualTo(1);
    kit.run(Duration.ofSeconds(30));
    assertThat(a.stats().dialsByPurpose().getOrDefault("BOOK", 0L)).isEqualTo(2);
  }

  @Test
  void unconditionalPeersAreExemptAndPinnedPeersDoNotCountByDefault() {
    PeerManagerConfig config = publicConfig().outbound(0, 1, 1).build();
    PeerManager a = kit.manager(kit.network.transport(node(1)), config, new InMemoryPeerStore());
    List<PeerManager> others = new ArrayList<>();
    for (int i = 2; i <= 5; i++) {
      PeerManager other = kit.manager(kit.network.transport(node(i)), publicConfig().build(),
          new InMemoryPeerStore());
      other.start();
      others.add(other);
    }
    a.start();
    for (int i = 2; i <= 4; i++) {
      a.addPeer(a.newPeer(NetworkId.MAIN, node(i)).flag(PeerFlag.PERSISTENT, true).build());
    }
    a.addPeer(a.newPeer(NetworkId.MAIN, node(5)).flag(PeerFlag.UNCONDITIONAL, true).build());
    kit.run(Duration.ofMinutes(1));
    // All pinned peers are connected although the outbound target is 1.
    assertThat(a.peers(PeerQuery.all().connected(true))).hasSize(4);
    assertThat(a.stats().outbound()).isEqualTo(4);
  }

  @Test
  void dialsBySourceAndOutcomeAreCounted() {
    PeerManager a = kit.manager(kit.network.transport(node(1)), publicConfig().build(),
        new InMemoryPeerStore());
    a.start();
    a.addPeer(a.newPeer(NetworkId.MAIN, node(9)).build()); // nobody there
    kit.run(Duration.ofSeconds(5));
    PeerStats stats = a.stats();
    assertThat(stats.dialsByPurpose()).containsEntry("MANAGED", stats.dialsByPurpose().get("MANAGED"));
    assertThat(stats.dials("REFUSED")).isPositive();
    assertThat(stats.tasks()).containsKey("maintenance");
    assertThat(stats.managedByState()).containsKey(PeerState.BACKOFF);
    Map<String, Long> outcomes = stats.dialsByOutcome();
    assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(stats.dialsByPurpose().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void aCrawlerAsksForAddressesAndDisconnects() {
    PeerManagerConfig config = publicConfig().outbound(2, 6, 8).build();
    List<PeerManager> nodes = network(20, config, new ArrayList<>());
    kit.run(Duration.ofMinutes(10));
    PeerManager crawler = kit.manager(kit.network.transport(PeerAddress.parse("31.9.9.9:9000")),
        publicConfig().crawler(true).build(), new InMemoryPeerStore());
    crawler.registerDefaults(NetworkId.MAIN, List.of(node(0)));
    crawler.start();
    kit.run(Duration.ofMinutes(10));
    PeerStats stats = crawler.stats();
    assertThat(stats.knownAddresses()).isGreaterThanOrEqualTo(15);
    assertThat(stats.dialsByPurpose().getOrDefault("CRAWL", 0L)).isGreaterThanOrEqualTo(10);
    // It keeps none of its own connections: every crawl connection closed after its answer.
    assertThat(crawler.connections()).noneMatch(c -> c.direction() == Direction.OUTBOUND);
    assertThat(nodes.get(3).stats().exchangeRequestsAnswered()).isPositive();
  }

  @Test
  void discoverySourcesFillAnEmptyBook() {
    List<PeerManager> nodes = new ArrayList<>();
    List<PeerAddress> seeds = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      PeerManager node = kit.manager(kit.network.transport(node(i)), publicConfig().build(),
          new InMemoryPeerStore());
      node.start();
      nodes.add(node);
      seeds.add(node(i));
    }
    HostResolver resolver = host -> {
      List<java.net.InetAddress> answer = new ArrayList<>();
      for (PeerAddress seed : seeds) {
        answer.add(seed.toInetAddress());
      }
      return answer;
    };
    DnsSeedDiscovery dns = DnsSeedDiscovery.builder().seeds(List.of("seed.example.org")).port(9000)
        .resolver(resolver).executor(Runnable::run).build();
    PeerManager newcomer = PeerManager.builder().config(publicConfig().outbound(1, 4, 6).build())
        .transport(kit.network.transport(node(40))).clock(kit.time).scheduler(kit.time)
        .listenerExecutor(Runnable::run).storeExecutor(Runnable::run).random(new Random(77))
        .discovery(dns).build();
    newcomer.start();
    kit.run(Duration.ofMinutes(2));
    PeerStats stats = newcomer.stats();
    assertThat(stats.tasks()).containsKey("discovery");
    assertThat(stats.knownAddresses()).isGreaterThanOrEqualTo(10);
    assertThat(stats.outbound()).isEqualTo(4);
    newcomer.close();
  }

  @Test
  void aNodeNeverKeepsItsOwnListenAddressInItsBook() {
    // Peers learn our address when we connect and hand it back in exchanges; a discovery source may
    // list us too. Neither may cost a slot in our own book (it would also be shared onward).
    List<PeerManager> nodes = network(8, publicConfig().build(), new ArrayList<>());
    PeerManager newcomer = PeerManager.builder().config(publicConfig().build())
        .transport(kit.network.transport(node(40))).clock(kit.time).scheduler(kit.time)
        .listenerExecutor(Runnable::run).storeExecutor(Runnable::run).random(new Random(41))
        .discovery(StaticDiscovery.of("list", List.of(node(40), node(1), node(2))))
        .build();
    newcomer.start();
    kit.run(Duration.ofHours(2));
    assertThat(newcomer.stats().tasks()).containsKey("discovery");
    assertThat(newcomer.addressBook().contains(node(1))).isTrue();
    assertThat(newcomer.addressBook().contains(node(40))).isFalse();
    for (int i = 0; i < nodes.size(); i++) {
      PeerStats stats = nodes.get(i).stats();
      assertThat(stats.exchangeRequestsAnswered() + stats.exchangeRequestsSent()).isPositive();
      assertThat(nodes.get(i).addressBook().contains(node(i))).as("node %d's own address", i).isFalse();
    }
    newcomer.close();
  }

  @Test
  void aFullNodeEvictsAnInboundPeerRatherThanRefuseEveryone() {
    PeerManagerConfig small = publicConfig().outbound(0, 0, 0)
        .inbound(InboundPolicy.ANYONE, 20).build();
    PeerManager hub = kit.manager(kit.network.transport(node(0)), small, new InMemoryPeerStore());
    hub.start();
    for (int i = 1; i <= 30; i++) {
      PeerManager leaf = kit.manager(kit.network.transport(node(i)),
          publicConfig().outbound(0, 0, 0).build(), new InMemoryPeerStore());
      leaf.start();
      leaf.addPeer(leaf.newPeer(NetworkId.MAIN, node(0)).build());
      kit.run(Duration.ofSeconds(1));
      assertThat(hub.stats().inbound()).isLessThanOrEqualTo(20);
    }
    PeerStats stats = hub.stats();
    assertThat(stats.inbound()).isEqualTo(20);
    // Core protects 4 by group, 8 by latency and half the rest by uptime: with 20 slots, some are free.
    assertThat(stats.disconnectsByReason().getOrDefault("EVICTED", 0L)).isPositive();
  }
}
