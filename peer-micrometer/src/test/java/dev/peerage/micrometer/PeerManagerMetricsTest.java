package dev.peerage.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import dev.peerage.micrometer.internal.MeterReadings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The binder against real managers on the in-memory network and virtual time, read through
 * Micrometer's {@link SimpleMeterRegistry}.
 */
class PeerManagerMetricsTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private final VirtualTime time = new VirtualTime(START);
  private final InMemoryNetwork network = InMemoryNetwork.builder().scheduler(time)
      .latency(Duration.ofMillis(20)).build();
  private final List<PeerManager> managers = new ArrayList<>();

  @AfterEach
  void closeAll() {
    managers.forEach(PeerManager::close);
  }

  private static PeerAddress address(int host) {
    return PeerAddress.parse("10.0.0." + host + ":9000");
  }

  /** A node that keeps its managed peers connected and dials nothing else. */
  private PeerManager manager(int host) {
    PeerManager manager = PeerManager.builder()
        .config(PeerManagerConfig.builder(NetworkId.MAIN).outbound(0, 0, 0)
            .addressBook(AddressBookConfig.builder().routableOnly(false).build()).build())
        .transport(network.transport(address(host)))
        .store(new InMemoryPeerStore())
        .clock(time)
        .scheduler(time)
        .listenerExecutor(Runnable::run)
        .storeExecutor(Runnable::run)
        .random(new Random(host))
        .build();
    managers.add(manager);
    return manager;
  }

  /** Snapshots served for a millisecond: short next to the network's 20 ms latency. */
  private static final Duration MAX_AGE = Duration.ofMillis(1);

  private SimpleMeterRegistry bind(PeerManager manager) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new PeerManagerMetrics(manager, Tags.empty(), time, MAX_AGE).bindTo(registry);
    return registry;
  }

  private static double gauge(SimpleMeterRegistry registry, PeerageMeter meter, String tagValue) {
    return registry.get(meter.meterName()).tag(meter.tagKey().orElseThrow(), tagValue).gauge().value();
  }

  private static double gauge(SimpleMeterRegistry registry, PeerageMeter meter) {
    return registry.get(meter.meterName()).gauge().value();
  }

  private static double counter(SimpleMeterRegistry registry, PeerageMeter meter, String tagValue) {
    return registry.get(meter.meterName()).tag(meter.tagKey().orElseThrow(), tagValue).functionCounter()
        .count();
  }

  /** Lets the cached snapshot expire, so the next read sees the manager as it is now. */
  private void nextScrape() {
    time.advance(MAX_AGE);
  }

  @Test
  void theMetersFollowConnectionsDialsAndDisconnects() {
    PeerManager a = manager(1);
    PeerManager b = manager(2);
    a.start();
    b.start();
    SimpleMeterRegistry ra = bind(a);
    SimpleMeterRegistry rb = bind(b);
    assertThat(gauge(ra, PeerageMeter.CONNECTIONS, "OUTBOUND")).isZero();
    assertThat(counter(ra, PeerageMeter.DIALS, "CONNECTED")).isZero();

    PeerEntry bob = a.addPeer(a.newPeer(NetworkId.MAIN, address(2)).build());
    nextScrape();
    assertThat(gauge(ra, PeerageMeter.DIALS_ACTIVE)).isEqualTo(1);
    assertThat(gauge(ra, PeerageMeter.PEERS, "CONNECTING")).isEqualTo(1);
    time.advance(Duration.ofSeconds(1));

    assertThat(gauge(ra, PeerageMeter.DIALS_ACTIVE)).isZero();
    assertThat(gauge(ra, PeerageMeter.CONNECTIONS, "OUTBOUND")).isEqualTo(1);
    assertThat(gauge(ra, PeerageMeter.CONNECTIONS, "INBOUND")).isZero();
    assertThat(gauge(ra, PeerageMeter.CONNECTIONS_ALL)).isEqualTo(1);
    assertThat(gauge(ra, PeerageMeter.PEERS, "CONNECTED")).isEqualTo(1);
    assertThat(gauge(ra, PeerageMeter.PEERS, "CONNECTING")).isZero();
    assertThat(counter(ra, PeerageMeter.DIALS, "CONNECTED")).isEqualTo(1);
    assertThat(counter(ra, PeerageMeter.DIALS_STARTED, "MANAGED")).isEqualTo(1);
    assertThat(gauge(rb, PeerageMeter.CONNECTIONS, "INBOUND")).isEqualTo(1);
    assertThat(gauge(rb, PeerageMeter.CONNECTIONS, "OUTBOUND")).isZero();
    TimeGauge first = ra.get(PeerageMeter.START_FIRST_CONNECTION.meterName()).timeGauge();
    assertThat(first.value(TimeUnit.MILLISECONDS)).isPositive();

    // A dial to a node that does not answer: in flight, then a failure outcome.
    network.setDown(address(9), true);
    a.addPeer(a.newPeer(NetworkId.MAIN, address(9)).build());
    nextScrape();
    assertThat(gauge(ra, PeerageMeter.DIALS_ACTIVE)).isEqualTo(1);
    time.advance(a.config().dialTimeout().plusSeconds(1));
    String failure = a.stats().dialsByOutcome().keySet().stream().filter(k -> !k.equals("CONNECTED"))
        .findFirst().orElseThrow();
    assertThat(counter(ra, PeerageMeter.DIALS, failure)).isEqualTo(1);
    assertThat(counter(ra, PeerageMeter.DIALS, "CONNECTED")).isEqualTo(1);
    assertThat(gauge(ra, PeerageMeter.PEERS, "BACKOFF")).isEqualTo(1);
    assertThat(gauge(ra, PeerageMeter.DIALS_ACTIVE)).isZero();

    a.disconnect(bob.id());
    time.advance(Duration.ofSeconds(1));
    assertThat(gauge(ra, PeerageMeter.CONNECTIONS, "OUTBOUND")).isZero();
    assertThat(gauge(ra, PeerageMeter.CONNECTIONS_ALL)).isZero();
    assertThat(counter(ra, PeerageMeter.DISCONNECTS, "REQUESTED")).isEqualTo(1);
    assertThat(gauge(rb, PeerageMeter.CONNECTIONS, "INBOUND")).isZero();
    assertThat(ra.get(PeerageMeter.BYTES_SENT.meterName()).functionCounter().count()).isPositive();
    assertThat(rb.get(PeerageMeter.BYTES_RECEIVED.meterName()).functionCounter().count()).isPositive();
  }

  @Test
  void aScrapeTakesOneSnapshotAndValuesAgeOnTheManagersClock() {
    PeerManager a = manager(1);
    manager(2).start();
    a.start();
    AtomicInteger snapshots = new AtomicInteger();
    PeerManager counting = (PeerManager) Proxy.newProxyInstance(PeerManager.class.getClassLoader(),
        new Class<?>[] {PeerManager.class}, (proxy, method, args) -> {
          if (method.getName().equals("stats")) {
            snapshots.incrementAndGet();
          }
          try {
            return method.invoke(a, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new PeerManagerMetrics(counting, Tags.empty(), time, Duration.ofSeconds(1)).bindTo(registry);

    scrape(registry);
    assertThat(snapshots).hasValue(1);
    a.addPeer(a.newPeer(NetworkId.MAIN, address(2)).build());
    time.advance(Duration.ofMillis(500)); // connected by now, but the snapshot is half a second old
    scrape(registry);
    assertThat(snapshots).hasValue(1);
    assertThat(gauge(registry, PeerageMeter.CONNECTIONS, "OUTBOUND")).isZero();

    time.advance(Duration.ofMillis(500));
    scrape(registry);
    assertThat(snapshots).hasValue(2);
    assertThat(gauge(registry, PeerageMeter.CONNECTIONS, "OUTBOUND")).isEqualTo(1);
  }

  private static void scrape(SimpleMeterRegistry registry) {
    for (Meter meter : registry.getMeters()) {
      meter.measure().forEach(m -> m.getValue());
    }
  }

  @Test
  void theRegistryHoldsExactlyTheEnumsMetersWithTheirFixedTags() {
    PeerManager a = manager(1);
    a.start();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new PeerManagerMetrics(a, Tags.of("node", "alpha"), time, Duration.ZERO).bindTo(registry);

    int expected = Arrays.stream(PeerageMeter.values()).mapToInt(m -> Math.max(1, m.tagValues().size()))
        .sum();
    assertThat(expected).isEqualTo(76);
    assertThat(registry.getMeters()).hasSize(expected);
    for (PeerageMeter meter : PeerageMeter.values()) {
      Collection<Meter> found = registry.find(meter.meterName()).meters();
      assertThat(found).as("%s", meter).hasSize(Math.max(1, meter.tagValues().size()));
      Set<String> values = new HashSet<>();
      for (Meter m : found) {
        assertThat(m.getId().getType()).as("%s", meter).isEqualTo(meter.type());
        assertThat(m.getId().getDescription()).isEqualTo(meter.description());
        assertThat(m.getId().getTag("node")).isEqualTo("alpha");
        if (m instanceof TimeGauge) {
          assertThat(m.getId().getBaseUnit()).isEqualTo("seconds");
        } else {
          assertThat(m.getId().getBaseUnit()).isEqualTo(meter.baseUnit());
        }
        assertThat(m).isInstanceOfAny(Gauge.class, FunctionCounter.class, TimeGauge.class);
        meter.tagKey().ifPresent(key -> values.add(m.getId().getTag(key)));
      }
      assertThat(values).containsExactlyInAnyOrderElementsOf(meter.tagValues());
    }
    // Binding again returns the existing meters: nothing grows.
    new PeerManagerMetrics(a, Tags.of("node", "alpha"), time, Duration.ZERO).bindTo(registry);
    assertThat(registry.getMeters()).hasSize(expected);
  }

  @Test
  void everyDialFailureAndDisconnectReasonHasItsOwnTagValue() {
    for (DialException.Failure failure : DialException.Failure.values()) {
      assertThat(PeerageMeter.DIALS.tagValues()).contains(failure.name());
    }
    for (DisconnectReason.Code code : DisconnectReason.Code.values()) {
      assertThat(PeerageMeter.DISCONNECTS.tagValues()).contains(code.name());
      assertThat(PeerageMeter.INBOUND_REFUSED.tagValues()).contains(code.name());
    }
    assertThat(PeerageMeter.TASKS.tagValues()).containsExactly("maintenance", "save", "feeler",
        "rotation", "discovery", "other");
  }

  @Test
  void keysTheMeterDoesNotListAreCountedUnderOtherSoNothingIsLost() {
    Map<String, Long> outcomes = Map.of("CONNECTED", 4L, "OTHER", 1L, "SOMETHING_NEW", 2L);
    List<String> listed = PeerageMeter.DIALS.tagValues();

    assertThat(MeterReadings.count(outcomes, listed, "OTHER")).isEqualTo(3);
    assertThat(MeterReadings.count(Map.of("maintenance", 3L, "compaction", 5L),
        PeerageMeter.TASKS.tagValues(), "other")).isEqualTo(5);
    assertThatThrownBy(() -> MeterReadings.of(PeerageMeter.DIALS, "SOMETHING_NEW"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOMETHING_NEW")
        .hasMessageContaining("CONNECTED");
  }

  @Test
  void theStartTimesAreNaNUntilReached() {
    PeerManager a = manager(1);
    a.start();
    SimpleMeterRegistry registry = bind(a);

    assertThat(registry.get(PeerageMeter.START_FIRST_CONNECTION.meterName()).timeGauge()
        .value(TimeUnit.SECONDS)).isNaN();
    assertThat(registry.get(PeerageMeter.START_TARGET.meterName()).timeGauge().value(TimeUnit.SECONDS))
        .isNaN();
  }

  @Test
  void aMaxAgeOutOfRangeIsRefusedWithTheValueNamed() {
    PeerManager a = manager(1);
    assertThatThrownBy(() -> new PeerManagerMetrics(a, Tags.empty(), time, Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2M")
        .hasMessageContaining("PT1M");
    assertThatThrownBy(() -> new PeerManagerMetrics(a, Tags.empty(), time, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }
}
