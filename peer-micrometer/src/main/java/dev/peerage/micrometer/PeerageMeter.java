package dev.peerage.micrometer;

import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import io.micrometer.core.instrument.Meter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every meter {@link PeerManagerMetrics} registers: its name (Micrometer's dotted lower-case style;
 * a Prometheus registry renders {@code peerage.dials} as {@code peerage_dials_total}), description,
 * base unit, type, and its tag with the fixed set of values it takes. A meter with a tag is registered
 * once per value, so the number of time series is fixed: the sum of {@link #tagValues()} sizes, 76 in
 * this version. No tag value ever comes from a peer, an address or free text.
 *
 * <p>Gauges show the state at the last snapshot; counters ({@link Meter.Type#COUNTER}) are
 * {@link PeerStats} totals since the manager started and never decrease.
 */
public enum PeerageMeter {
  /** Managed peers of the active network by {@link PeerState}. */
  PEERS("peerage.peers", "Managed peers of the active network, by connection state", "peers",
      Meter.Type.GAUGE, "state", names(PeerState.values())),
  /** Live connections by {@link Direction}; outbound excludes feelers ({@link PeerStats#outbound()}). */
  CONNECTIONS("peerage.connections", "Live connections by direction, feelers excluded", "connections",
      Meter.Type.GAUGE, "direction", names(Direction.values())),
  /** Every live connection, feelers included ({@link PeerStats#connections()}). */
  CONNECTIONS_ALL("peerage.connections.all", "Every live connection, short-lived feelers included",
      "connections", Meter.Type.GAUGE, null, List.of()),
  /** Dials started and not yet finished ({@link PeerStats#dialsInFlight()}). */
  DIALS_ACTIVE("peerage.dials.active", "Dials started and not yet finished", "dials",
      Meter.Type.GAUGE, null, List.of()),
  /** Finished dials by {@link DialOutcome}. */
  DIALS("peerage.dials", "Finished dials, by outcome", "dials", Meter.Type.COUNTER, "outcome",
      names(DialOutcome.values())),
  /** Started dials by {@link DialPurpose}. */
  DIALS_STARTED("peerage.dials.started", "Started dials, by purpose", "dials", Meter.Type.COUNTER,
      "purpose", names(DialPurpose.values())),
  /** Closed connections by {@link DisconnectReason.Code}; unknown reasons count as {@code OTHER}. */
  DISCONNECTS("peerage.disconnects", "Closed connections, by reason", "connections", Meter.Type.COUNTER,
      "reason", names(DisconnectReason.Code.values())),
  /** Refused inbound connections by {@link DisconnectReason.Code}; unknown reasons count as {@code OTHER}. */
  INBOUND_REFUSED("peerage.inbound.refused", "Refused inbound connections, by reason", "connections",
      Meter.Type.COUNTER, "reason", names(DisconnectReason.Code.values())),
  /** Addresses in the address book by {@link AddressBook.Table}. */
  ADDRESSES("peerage.addresses", "Addresses in the address book, by table", "addresses",
      Meter.Type.GAUGE, "table", names(AddressBook.Table.values())),
  /** Active bans. */
  BANS("peerage.bans", "Active bans", "bans", Meter.Type.GAUGE, null, List.of()),
  /** Address requests this node sent. */
  EXCHANGE_REQUESTS_SENT("peerage.exchange.requests.sent", "Address requests this node sent",
      "requests", Meter.Type.COUNTER, null, List.of()),
  /** Address requests this node answered. */
  EXCHANGE_REQUESTS_ANSWERED("peerage.exchange.requests.answered", "Address requests this node answered",
      "requests", Meter.Type.COUNTER, null, List.of()),
  /** Addresses that entered the address book from peer exchange or discovery. */
  ADDRESSES_LEARNED("peerage.addresses.learned",
      "Addresses that entered the address book from peer exchange or discovery", "addresses",
      Meter.Type.COUNTER, null, List.of()),
  /** Addresses sent in answers. */
  ADDRESSES_SHARED("peerage.addresses.shared", "Addresses sent in answers to address requests",
      "addresses", Meter.Type.COUNTER, null, List.of()),
  /** Addresses refused by the per-peer rate limit. */
  ADDRESSES_DROPPED("peerage.addresses.dropped", "Addresses refused by the per-peer rate limit",
      "addresses", Meter.Type.COUNTER, null, List.of()),
  /** Bytes received on every connection, closed or live. */
  BYTES_RECEIVED("peerage.bytes.received", "Bytes received on every connection, closed or live",
      "bytes", Meter.Type.COUNTER, null, List.of()),
  /** Bytes sent on every connection, closed or live. */
  BYTES_SENT("peerage.bytes.sent", "Bytes sent on every connection, closed or live", "bytes",
      Meter.Type.COUNTER, null, List.of()),
  /** Background task runs by {@link BackgroundTask}. */
  TASKS("peerage.tasks", "Background task runs, by task", "runs", Meter.Type.COUNTER, "task",
      Arrays.stream(BackgroundTask.values()).map(BackgroundTask::tagValue).toList()),
  /**
   * From the last start to the first connection; NaN until there is one. A time gauge: it reports in
   * the registry's base time unit (seconds for Prometheus).
   */
  START_FIRST_CONNECTION("peerage.start.first.connection",
      "Time from the last start to the first connection; NaN until then", "seconds", Meter.Type.GAUGE,
      null, List.of()),
  /** From the last start to the outbound target; NaN until reached. A time gauge, as above. */
  START_TARGET("peerage.start.target",
      "Time from the last start to the outbound target; NaN until reached", "seconds",
      Meter.Type.GAUGE, null, List.of());

  private final String meterName;
  private final String description;
  private final String baseUnit;
  private final Meter.Type type;
  private final String tagKey;
  private final List<String> tagValues;

  PeerageMeter(String meterName, String description, String baseUnit, Meter.Type type, String tagKey,
      List<String> tagValues) {
    this.meterName = meterName;
    this.description = description;
    this.baseUnit = baseUnit;
    this.type = type;
    this.tagKey = tagKey;
    this.tagValues = List.copyOf(tagValues);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  /**
   * The meter's name, for example {@code peerage.dials}.
   *
   * @return the dotted name
   */
  public String meterName() {
    return meterName;
  }

  /**
   * What the meter counts, as registered with Micrometer.
   *
   * @return one sentence
   */
  public String description() {
    return description;
  }

  /**
   * The base unit, for example {@code connections} or {@code bytes}; time gauges report in the
   * registry's base time unit.
   *
   * @return the unit, plural
   */
  public String baseUnit() {
    return baseUnit;
  }

  /**
   * The meter type: {@link Meter.Type#GAUGE} or {@link Meter.Type#COUNTER}.
   *
   * @return the type
   */
  public Meter.Type type() {
    return type;
  }

  /**
   * The meter's tag key, if it has one ({@code state}, {@code direction}, {@code outcome},
   * {@code purpose}, {@code reason}, {@code table}, {@code task}).
   *
   * @return the key, or empty for an untagged meter
   */
  public Optional<String> tagKey() {
    return Optional.ofNullable(tagKey);
  }

  /**
   * Every value the tag takes; the meter is registered once per value.
   *
   * @return an unmodifiable list, empty for an untagged meter
   */
  public List<String> tagValues() {
    return tagValues;
  }
}
