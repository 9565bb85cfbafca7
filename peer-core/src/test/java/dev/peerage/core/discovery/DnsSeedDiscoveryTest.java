package dev.peerage.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.DiscoveryException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DNS seeds against a fake resolver: no test here touches real DNS. */
class DnsSeedDiscoveryTest {

  private static final int PORT = 8333;
  private static final Executor DIRECT = Runnable::run;

  /** A resolver backed by a map; unknown names throw like the JDK's resolver. */
  private static final class FakeResolver implements HostResolver {
    final Map<String, List<InetAddress>> answers = new HashMap<>();
    final Map<String, RuntimeException> crashes = new HashMap<>();
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    FakeResolver answer(String name, String... ips) {
      List<InetAddress> list = new ArrayList<>();
      for (String ip : ips) {
        list.add(inet(ip));
      }
      answers.put(name, list);
      return this;
    }

    @Override
    public List<InetAddress> resolve(String hostName) throws UnknownHostException {
      asked.add(hostName);
      RuntimeException crash = crashes.get(hostName);
      if (crash != null) {
        throw crash;
      }
      List<InetAddress> found = answers.get(hostName);
      if (found == null) {
        throw new UnknownHostException(hostName + ": Name or service not known");
      }
      return found;
    }
  }

  private final FakeResolver resolver =
      new FakeResolver()
          .answer("seed.alpha.org", "1.2.3.4", "5.6.7.8", "2a01:4f8::1")
          .answer("seed.beta.net", "5.6.7.8", "9.9.9.9")
          .answer(
              "private.gamma.org",
              "10.0.0.1",
              "127.0.0.1",
              "0.0.0.0",
              "192.168.1.1",
              "172.16.0.1",
              "169.254.1.1",
              "100.64.0.1",
              "::1",
              "fe80::1",
              "fd00::1",
              "2001:db8::1",
              "8.8.8.8",
              "224.0.0.1");

  @Test
  void resolvesEverySeedAndGivesTheUnionOnTheDefaultPort() {
    DnsSeedDiscovery seeds = build(List.of("seed.alpha.org", "seed.beta.net"));
    assertThat(join(seeds.discover(NetworkId.MAIN)))
        .containsExactly(
            address("1.2.3.4"), address("5.6.7.8"), address("[2a01:4f8::1]"), address("9.9.9.9"));
    assertThat(resolver.asked).containsExactly("seed.alpha.org", "seed.beta.net");
  }

  @Test
  void discoverBySeedKeepsEachSeedsAnswersApart() {
    DnsSeedDiscovery seeds = build(List.of("seed.alpha.org", "seed.beta.net"));
    Map<PeerAddress, List<PeerAddress>> bySeed = join(seeds.discoverBySeed(NetworkId.MAIN));
    assertThat(bySeed.keySet())
        .containsExactly(
            PeerAddress.parse("seed.alpha.org:8333"), PeerAddress.parse("seed.beta.net:8333"));
    assertThat(bySeed.get(PeerAddress.parse("seed.beta.net:8333")))
        .containsExactly(address("5.6.7.8"), address("9.9.9.9"));
    assertThatThrownBy(() -> bySeed.put(address("1.1.1.1"), List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void dropsPrivateLoopbackAndOtherUnroutableAnswers() {
    DnsSeedDiscovery seeds = build(List.of("private.gamma.org"));
    assertThat(join(seeds.discover(NetworkId.MAIN))).containsExactly(address("8.8.8.8"));
  }

  @Test
  void aSeedWithOnlyUnusableAnswersSucceedsWithNothing() {
    resolver.answer("lan.delta.org", "192.168.0.7", "127.0.0.1");
    DnsSeedDiscovery seeds = build(List.of("lan.delta.org"));
    assertThat(join(seeds.discover(NetworkId.MAIN))).isEmpty();
    assertThat(join(seeds.discoverBySeed(NetworkId.MAIN)))
        .containsOnlyKeys(PeerAddress.parse("lan.delta.org:8333"));
  }

  @Test
  void dropsDuplicatesIncludingIpv4MappedForms() {
    resolver.answer("dup.alpha.org", "1.2.3.4", "::ffff:1.2.3.4", "1.2.3.4", "4.3.2.1");
    DnsSeedDiscovery seeds = build(List.of("dup.alpha.org"));
    assertThat(join(seeds.discover(NetworkId.MAIN)))
        .containsExactly(address("1.2.3.4"), address("4.3.2.1"));
  }

  @Test
  void capsTheAnswersOfEachSeed() {
    String[] many = new String[300];
    for (int i = 0; i < many.length; i++) {
      many[i] = "11.0." + (i / 250) + "." + (1 + i % 250);
    }
    resolver.answer("big.alpha.org", many);
    resolver.answer("small.alpha.org", "10.0.0.1", "12.0.0.1", "12.0.0.1", "12.0.0.2", "12.0.0.3");

    List<PeerAddress> capped = join(build(List.of("big.alpha.org")).discover(NetworkId.MAIN));
    assertThat(capped).hasSize(DnsSeedDiscovery.DEFAULT_MAX_ADDRESSES_PER_SEED);
    assertThat(capped.get(0)).isEqualTo(address("11.0.0.1"));

    DnsSeedDiscovery two =
        DnsSeedDiscovery.builder()
            .seeds(List.of("small.alpha.org", "seed.beta.net"))
            .port(PORT)
            .resolver(resolver)
            .executor(DIRECT)
            .maxAddressesPerSeed(2)
            .build();
    // Dropped and repeated answers do not count towards the cap.
    assertThat(join(two.discover(NetworkId.MAIN)))
        .containsExactly(
            address("12.0.0.1"), address("12.0.0.2"), address("5.6.7.8"), address("9.9.9.9"));
  }

  @Test
  void aFailedSeedIsSkipped() {
    resolver.crashes.put("seed.beta.net", new IllegalStateException("resolver bug"));
    DnsSeedDiscovery seeds =
        build(List.of("missing.example.org", "seed.alpha.org", "seed.beta.net"));
    assertThat(join(seeds.discover(NetworkId.MAIN)))
        .containsExactly(address("1.2.3.4"), address("5.6.7.8"), address("[2a01:4f8::1]"));
    assertThat(join(seeds.discoverBySeed(NetworkId.MAIN)))
        .containsOnlyKeys(PeerAddress.parse("seed.alpha.org:8333"));
  }

  @Test
  void failsOnlyWhenEverySeedFailedNamingThemAll() {
    resolver.crashes.put("seed.beta.net", new IllegalStateException("resolver bug"));
    DnsSeedDiscovery seeds = build(List.of("missing.example.org", "seed.beta.net"));
    Throwable failure = failure(seeds.discover(NetworkId.MAIN));
    assertThat(failure)
        .isInstanceOf(DiscoveryException.class)
        .hasMessageStartingWith(
            "every DNS seed of dns:missing.example.org,seed.beta.net failed: missing.example.org"
                + " ('java.net.UnknownHostException: missing.example.org: Name or service not"
                + " known'), seed.beta.net ('java.lang.IllegalStateException: resolver bug')");
    assertThat(failure.getSuppressed()).hasSize(2);
    assertThat(failure.getSuppressed()[0]).isInstanceOf(UnknownHostException.class);
    assertThat(failure.getSuppressed()[1]).hasMessage("resolver bug");
  }

  @Test
  void aSingleFailedSeedIsTheCause() {
    Throwable failure = failure(build(List.of("missing.example.org")).discover(NetworkId.MAIN));
    assertThat(failure).isInstanceOf(DiscoveryException.class);
    assertThat(failure.getCause()).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void aResolverReturningNullCountsAsAFailure() {
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("seed.alpha.org"))
            .port(PORT)
            .resolver(name -> null)
            .executor(DIRECT)
            .build();
    assertThat(failure(seeds.discover(NetworkId.MAIN)).getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the resolver returned null instead of a list");
  }

  @Test
  void anExecutorThatRefusesWorkFailsTheStageInsteadOfThrowing() {
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("pool saturated");
        };
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("seed.alpha.org", "seed.beta.net"))
            .port(PORT)
            .resolver(resolver)
            .executor(refusing)
            .build();
    CompletionStage<List<PeerAddress>> stage = seeds.discover(NetworkId.MAIN);
    Throwable failure = failure(stage);
    assertThat(failure).isInstanceOf(DiscoveryException.class).hasMessageContaining("saturated");
    assertThat(resolver.asked).isEmpty();
  }

  @Test
  void theCallerNeverRunsALookupItself() {
    List<Runnable> queued = new ArrayList<>();
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("seed.alpha.org", "seed.beta.net"))
            .port(PORT)
            .resolver(resolver)
            .executor(queued::add)
            .build();
    CompletableFuture<List<PeerAddress>> result =
        seeds.discover(NetworkId.MAIN).toCompletableFuture();
    assertThat(result).isNotDone();
    assertThat(resolver.asked).isEmpty();
    assertThat(queued).hasSize(2);

    queued.get(1).run();
    assertThat(result).isNotDone();
    queued.get(0).run();
    assertThat(result).isCompleted();
    assertThat(result.join()).hasSize(4);
  }

  @Test
  void theDefaultExecutorRunsLookupsOnDaemonThreads() {
    AtomicReference<Thread> lookupThread = new AtomicReference<>();
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("seed.alpha.org"))
            .port(PORT)
            .resolver(
                name -> {
                  lookupThread.set(Thread.currentThread());
                  return resolver.resolve(name);
                })
            .build();
    assertThat(join(seeds.discover(NetworkId.MAIN))).hasSize(3);
    assertThat(lookupThread.get()).isNotSameAs(Thread.currentThread());
    assertThat(lookupThread.get().isDaemon()).isTrue();
    assertThat(lookupThread.get().getName()).startsWith("peerage-dns-");
  }

  @Test
  void seedsBoundToANetworkFindNothingForAnotherAndDoNotLookUp() {
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("seed.alpha.org"))
            .port(PORT)
            .resolver(resolver)
            .executor(DIRECT)
            .network(NetworkId.TESTNET)
            .build();
    assertThat(join(seeds.discover(NetworkId.MAIN))).isEmpty();
    assertThat(resolver.asked).isEmpty();
    assertThat(join(seeds.discover(NetworkId.TESTNET))).hasSize(3);
    assertThat(seeds.network()).contains(NetworkId.TESTNET);
    assertThatThrownBy(() -> seeds.discover(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void seedsAreCanonicalAndListedOnce() {
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("Seed.Alpha.ORG.", "seed.alpha.org", "seed.beta.net"))
            .port(PORT)
            .resolver(resolver)
            .executor(DIRECT)
            .build();
    assertThat(seeds.seeds()).containsExactly("seed.alpha.org", "seed.beta.net");
    assertThat(seeds.name()).isEqualTo("dns:seed.alpha.org,seed.beta.net");
    assertThat(seeds.port()).isEqualTo(PORT);
    assertThat(seeds.maxAddressesPerSeed()).isEqualTo(256);
    assertThat(seeds.network()).isEmpty();
    assertThat(seeds)
        .hasToString(
            "DnsSeedDiscovery[dns:seed.alpha.org,seed.beta.net, port 8333, at most 256 per seed]");
    assertThat(resolver.asked).isEmpty();
  }

  @Test
  void aLongDefaultNameIsShortened() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add("seed" + i + ".example.org");
    }
    assertThat(build(names).name()).isEqualTo("dns:seed0.example.org,+9-more");
    String longLabel = "a".repeat(63);
    String longName = longLabel + "." + longLabel + ".org";
    assertThat(build(List.of(longName, "b.org")).name()).isEqualTo("dns:2-seeds");
    DnsSeedDiscovery named =
        DnsSeedDiscovery.builder().seeds(names).port(PORT).name("dns:mainnet").build();
    assertThat(named.name()).isEqualTo("dns:mainnet");
  }

  @Test
  void seedSourceIsTheSeedNameWhoseGroupIsItsLastTwoLabels() {
    PeerAddress source = DnsSeedDiscovery.seedSource("Seed.Example.ORG", PORT);
    assertThat(source).isEqualTo(PeerAddress.parse("seed.example.org:8333"));
    assertThat(source.isHostName()).isTrue();
    assertThat(source.netGroup()).isEqualTo(PeerAddress.parse("other.example.org:1").netGroup());
    assertThat(source.netGroup()).hasToString("name example.org");
    assertThatThrownBy(() -> DnsSeedDiscovery.seedSource("seed.example.org", 0))
        .isInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("port 0 is out of range 1-65535");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3.4 | a DNS seed must be a host name, not an IP address (use StaticDiscovery for"
            + " fixed addresses) in '1.2.3.4'",
        "2001:db8::1 | a DNS seed must be a host name, not an IP address",
        "seed.example.org:8333 | a DNS seed is a host name without a port (the results get the"
            + " port given to the builder) in 'seed.example.org:8333'",
        "bad_name.org | 'bad_name.org'",
        "'' | ''''",
      })
  void rejectsSeedsThatAreNotPlainHostNames(String seed, String message) {
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().seeds(List.of(seed)))
        .isInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining(message);
    assertThatThrownBy(() -> DnsSeedDiscovery.seedSource(seed, PORT))
        .isInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining(message);
  }

  @Test
  void builderChecksEachSettingAsItIsSet() {
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().seeds(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 1 to 64 seeds, got 0");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      tooMany.add("s" + i + ".example.org");
    }
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().seeds(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 1 to 64 seeds, got 65");
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().seeds(withNull))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().port(65536))
        .isInstanceOf(InvalidPeerAddressException.class)
        .hasMessage("port 65536 is out of range 1-65535");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().maxAddressesPerSeed(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAddressesPerSeed must be 1 to 4096, was 0");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().maxAddressesPerSeed(4097))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAddressesPerSeed must be 1 to 4096, was 4097");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().name("dns seeds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "discovery source name 'dns seeds' has ' ' (U+0020) at index 3; expected printable"
                + " ASCII without spaces");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().name(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discovery source name '' has 0 characters; expected 1 to 100");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().resolver(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("resolver");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().executor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
  }

  @Test
  void builderAcceptsEachSettingOnceAndRequiresSeedsAndPort() {
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().port(1).port(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("port was already set to 1");
    assertThatThrownBy(
            () -> DnsSeedDiscovery.builder().seeds(List.of("a.org")).seeds(List.of("b.org")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("seeds was already set to [a.org]");
    assertThatThrownBy(
            () -> DnsSeedDiscovery.builder().maxAddressesPerSeed(5).maxAddressesPerSeed(6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAddressesPerSeed was already set to 5");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().port(PORT).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("seeds are required; call seeds(List) before build()");
    assertThatThrownBy(() -> DnsSeedDiscovery.builder().seeds(List.of("a.org")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("port is required; call port(int) before build()");
  }

  @Test
  void concurrentDiscoveriesAreIndependent() {
    List<Runnable> queued = new ArrayList<>();
    AtomicInteger lookups = new AtomicInteger();
    DnsSeedDiscovery seeds =
        DnsSeedDiscovery.builder()
            .seeds(List.of("seed.alpha.org"))
            .port(PORT)
            .resolver(
                name -> {
                  lookups.incrementAndGet();
                  return resolver.resolve(name);
                })
            .executor(queued::add)
            .build();
    CompletableFuture<List<PeerAddress>> first =
        seeds.discover(NetworkId.MAIN).toCompletableFuture();
    CompletableFuture<List<PeerAddress>> second =
        seeds.discover(NetworkId.MAIN).toCompletableFuture();
    queued.get(1).run();
    assertThat(second).isCompleted();
    assertThat(first).isNotDone();
    queued.get(0).run();
    assertThat(first.join()).isEqualTo(second.join());
    assertThat(lookups).hasValue(2);
  }

  @Test
  void theJdkResolverAnswersAddressLiteralsWithoutDns() throws Exception {
    assertThat(HostResolver.jdk().resolve("127.0.0.1")).containsExactly(inet("127.0.0.1"));
  }

  private DnsSeedDiscovery build(List<String> seeds) {
    return DnsSeedDiscovery.builder()
        .seeds(seeds)
        .port(PORT)
        .resolver(resolver)
        .executor(DIRECT)
        .build();
  }

  private static PeerAddress address(String host) {
    return PeerAddress.parse(host + ":" + PORT);
  }

  private static InetAddress inet(String ip) {
    PeerAddress parsed = PeerAddress.parse(ip.contains(":") ? "[" + ip + "]:1" : ip + ":1");
    try {
      // Bytes, not the mapped-to-IPv4 form PeerAddress would give: the resolver may answer either.
      byte[] bytes = parsed.ipBytes();
      if (ip.startsWith("::ffff:")) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        bytes = mapped;
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static Throwable failure(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    assertThat(future).isCompletedExceptionally();
    try {
      future.join();
      throw new AssertionError("expected a failure");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
