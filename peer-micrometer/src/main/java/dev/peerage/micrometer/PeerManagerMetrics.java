package dev.peerage.micrometer;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerStats;
import dev.peerage.micrometer.internal.MeterReadings;
import dev.peerage.micrometer.internal.StatsCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Exports a {@link PeerManager}'s {@link PeerStats} to Micrometer: connections by direction, managed
 * peers by state, dials by outcome and purpose, disconnects and inbound refusals by reason, the address
 * book, peer exchange, traffic, background tasks and the warm start. {@link PeerageMeter} lists every
 * meter with its name, unit, type and tag values.
 *
 * <pre>{@code
 * new PeerManagerMetrics(manager, Tags.of("network", "main")).bindTo(registry);
 * }</pre>
 *
 * <h2>Bounded</h2>
 *
 * <p>Every tag value comes from a fixed set ({@link PeerageMeter#tagValues()}): core enums
 * ({@code PeerState}, {@code Direction}, {@code DisconnectReason.Code}, {@code AddressBook.Table}) or
 * this module's ({@link DialOutcome}, {@link DialPurpose}, {@link BackgroundTask}), each with a
 * catch-all {@code OTHER} that also counts keys a later peer-core may add. So one binding registers 76
 * meters, whatever the peers do, plus the caller's own tags on each.
 *
 * <h2>Cost and freshness</h2>
 *
 * <p>Meters read a snapshot that is taken with {@link PeerManager#stats()} at most once per
 * {@code maxAge} (default {@link #DEFAULT_MAX_AGE}) on the given clock, so a scrape of every meter costs
 * one snapshot and the values of one scrape agree with each other. Values are at most {@code maxAge}
 * old.
 *
 * <h2>Lifetime and threads</h2>
 *
 * <p>Thread-safe: meters may be read from any thread, concurrently. The registered gauges hold the
 * snapshot cache, and through it the manager, strongly, so the binding keeps working after the caller
 * drops this object, and keeps the manager reachable until the meters are removed from the registry.
 * After the manager closes, the meters show its last state. Binding the same manager twice to one
 * registry with the same tags registers nothing new (Micrometer returns the existing meters, which read
 * the first binding's cache).
 */
public final class PeerManagerMetrics implements MeterBinder {
  /** How long a snapshot is served by default: one second, shorter than any usual scrape interval. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

  /** The longest {@code maxAge} accepted: one minute; staler metrics would mislead. */
  public static final Duration MAX_MAX_AGE = Duration.ofMinutes(1);

  private final StatsCache cache;
  private final Tags tags;

  /**
   * Binds a manager with no extra tags, on the system clock, with {@link #DEFAULT_MAX_AGE}.
   *
   * @param manager the manager to export
   */
  public PeerManagerMetrics(PeerManager manager) {
    this(manager, Tags.empty());
  }

  /**
   * Binds a manager with extra tags (for example the network, when a process runs several managers), on
   * the system clock, with {@link #DEFAULT_MAX_AGE}.
   *
   * @param manager the manager to export
   * @param tags added to every meter; keep their values bounded too
   */
  public PeerManagerMetrics(PeerManager manager, Iterable<Tag> tags) {
    this(manager, tags, InstantSource.system(), DEFAULT_MAX_AGE);
  }

  /**
   * Binds a manager, with the clock snapshots are aged on and how long one is served.
   *
   * @param manager the manager to export
   * @param tags added to every meter
   * @param clock the clock to age snapshots on: pass the one the manager was built with (a
   *     {@code VirtualTime} in tests)
   * @param maxAge how long a snapshot is served: zero (a snapshot per meter read) to
   *     {@link #MAX_MAX_AGE}
   * @throws IllegalArgumentException if {@code maxAge} is negative or above {@link #MAX_MAX_AGE}; the
   *     message names the value
   */
  public PeerManagerMetrics(PeerManager manager, Iterable<Tag> tags, InstantSource clock,
      Duration maxAge) {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0) {
      throw new IllegalArgumentException("maxAge must be between PT0S and " + MAX_MAX_AGE + ", was "
          + maxAge);
    }
    this.cache = new StatsCache(manager, clock, maxAge);
    this.tags = Tags.of(tags);
  }

  /**
   * Registers every meter of {@link PeerageMeter}, once per tag value.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (PeerageMeter meter : PeerageMeter.values()) {
      List<String> values = meter.tagValues().isEmpty() ? singletonNull() : meter.tagValues();
      for (String value : values) {
        Tags meterTags = value == null ? tags : tags.and(meter.tagKey().orElseThrow(), value);
        register(registry, meter, meterTags, MeterReadings.of(meter, value));
      }
    }
  }

  private static List<String> singletonNull() {
    List<String> one = new ArrayList<>(1);
    one.add(null);
    return one;
  }

  private void register(MeterRegistry registry, PeerageMeter meter, Tags meterTags,
      ToDoubleFunction<PeerStats> reading) {
    ToDoubleFunction<StatsCache> read = c -> reading.applyAsDouble(c.get());
    if (meter == PeerageMeter.START_FIRST_CONNECTION || meter == PeerageMeter.START_TARGET) {
      TimeGauge.builder(meter.meterName(), cache, TimeUnit.MILLISECONDS, read)
          .description(meter.description()).tags(meterTags).strongReference(true).register(registry);
    } else if (meter.type() == Meter.Type.COUNTER) {
      // A function counter holds its object weakly; the gauges below hold the same cache strongly.
      FunctionCounter.builder(meter.meterName(), cache, read).description(meter.description())
          .baseUnit(meter.baseUnit()).tags(meterTags).register(registry);
    } else {
      Gauge.builder(meter.meterName(), cache, read).description(meter.description())
          .baseUnit(meter.baseUnit()).tags(meterTags).strongReference(true).register(registry);
    }
  }
}
