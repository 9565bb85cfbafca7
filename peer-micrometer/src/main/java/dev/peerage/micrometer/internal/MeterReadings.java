package dev.peerage.micrometer.internal;

import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.spi.Direction;
import dev.peerage.micrometer.PeerageMeter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Each meter's value, read from one {@link PeerStats} snapshot. A by-key figure is read for one tag
 * value; the meter's catch-all value ({@code OTHER}/{@code other}) also sums every key the meter does
 * not list, so the tag set stays fixed and no event goes uncounted.
 */
public final class MeterReadings {
  private MeterReadings() {}

  /**
   * How to read {@code meter} for one of its tag values.
   *
   * @param meter the meter
   * @param tagValue one of {@code meter.tagValues()}, or null for an untagged meter
   * @return the reading; time gauges read milliseconds, NaN while the duration is unknown
   * @throws IllegalArgumentException if the tag value is not one of the meter's
   */
  public static ToDoubleFunction<PeerStats> of(PeerageMeter meter, String tagValue) {
    if (tagValue == null ? !meter.tagValues().isEmpty() : !meter.tagValues().contains(tagValue)) {
      throw new IllegalArgumentException(meter + " has no tag value " + tagValue + "; expected one of "
          + meter.tagValues());
    }
    return switch (meter) {
      case PEERS -> {
        PeerState state = PeerState.valueOf(tagValue);
        yield s -> s.managedByState().getOrDefault(state, 0);
      }
      case CONNECTIONS -> Direction.valueOf(tagValue) == Direction.INBOUND
          ? PeerStats::inbound : PeerStats::outbound;
      case CONNECTIONS_ALL -> PeerStats::connections;
      case DIALS_ACTIVE -> PeerStats::dialsInFlight;
      case DIALS -> keyed(PeerStats::dialsByOutcome, meter.tagValues(), tagValue);
      case DIALS_STARTED -> keyed(PeerStats::dialsByPurpose, meter.tagValues(), tagValue);
      case DISCONNECTS -> keyed(PeerStats::disconnectsByReason, meter.tagValues(), tagValue);
      case INBOUND_REFUSED -> keyed(PeerStats::inboundRefusedByReason, meter.tagValues(), tagValue);
      case ADDRESSES -> AddressBook.Table.valueOf(tagValue) == AddressBook.Table.NEW
          ? PeerStats::newAddresses : PeerStats::triedAddresses;
      case BANS -> PeerStats::bans;
      case EXCHANGE_REQUESTS_SENT -> PeerStats::exchangeRequestsSent;
      case EXCHANGE_REQUESTS_ANSWERED -> PeerStats::exchangeRequestsAnswered;
      case ADDRESSES_LEARNED -> PeerStats::addressesLearned;
      case ADDRESSES_SHARED -> PeerStats::addressesShared;
      case ADDRESSES_DROPPED -> PeerStats::addressesDropped;
      case BYTES_RECEIVED -> PeerStats::bytesIn;
      case BYTES_SENT -> PeerStats::bytesOut;
      case TASKS -> keyed(PeerStats::tasks, meter.tagValues(), tagValue);
      case START_FIRST_CONNECTION -> s -> millis(s.warmStart().timeToFirstConnection());
      case START_TARGET -> s -> millis(s.warmStart().timeToTarget());
    };
  }

  private static double millis(Optional<Duration> duration) {
    return duration.map(d -> (double) d.toMillis()).orElse(Double.NaN);
  }

  private static ToDoubleFunction<PeerStats> keyed(java.util.function.Function<PeerStats,
      Map<String, Long>> figure, List<String> listed, String tagValue) {
    String catchAll = listed.get(listed.size() - 1);
    if (!catchAll.equalsIgnoreCase("OTHER")) {
      throw new IllegalStateException("the last tag value must be the catch-all OTHER, was " + catchAll);
    }
    return tagValue.equals(catchAll)
        ? s -> count(figure.apply(s), listed, catchAll)
        : s -> figure.apply(s).getOrDefault(tagValue, 0L);
  }

  /**
   * The catch-all's count: its own key plus every key not listed.
   *
   * @param counts a by-key figure
   * @param listed the meter's tag values
   * @param catchAll the catch-all value
   * @return the sum
   */
  public static long count(Map<String, Long> counts, List<String> listed, String catchAll) {
    long sum = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getKey().equals(catchAll) || !listed.contains(e.getKey())) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
