package dev.peerage.core.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerEntryTest {
  private static final PeerAddress A1 = PeerAddress.parse("10.0.0.1:8333");
  private static final PeerAddress A2 = PeerAddress.parse("10.0.0.2:8333");
  private static final PeerAddress A3 = PeerAddress.parse("10.0.0.3:18333");
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final NodeId NODE = NodeIdentity.fromSeed(1).nodeId();

  private static PeerEntry.Builder minimal() {
    return PeerEntry.builder()
        .id("peer-1")
        .address(A1)
        .source(PeerSource.MANUAL)
        .network(NetworkId.MAIN)
        .addedAt(T0);
  }

  private static PeerEntry full() {
    return PeerEntry.builder()
        .id("Boot_2.a")
        .addresses(List.of(A1, A2))
        .addAddress(A3)
        .nodeId(NODE)
        .label("  Alice's node  ")
        .notes("line one\n\tindented")
        .source(PeerSource.DEFAULT_BOOTSTRAP)
        .network(NetworkId.TESTNET)
        .enabled(false)
        .isProtected(true)
        .flags(EnumSet.of(PeerFlag.PERSISTENT, PeerFlag.PRIVATE))
        .flag(PeerFlag.AUTO_CONNECT, true)
        .addedAt(T0)
        .lastSeen(T0.plusSeconds(60))
        .lastSuccess(T0.plusSeconds(30))
        .statistics(PeerStatistics.EMPTY.withConnection().withLatency(Duration.ofMillis(40)))
        .build();
  }

  private static List<PeerAddress> addresses(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> PeerAddress.parse("10.1.0." + i + ":1000"))
        .toList();
  }

  @Test
  void minimalEntryHasDocumentedDefaults() {
    PeerEntry e = minimal().build();
    assertThat(e.id()).isEqualTo("peer-1");
    assertThat(e.addresses()).containsExactly(A1);
    assertThat(e.address()).isEqualTo(A1);
    assertThat(e.nodeId()).isEmpty();
    assertThat(e.label()).isEmpty();
    assertThat(e.notes()).isEmpty();
    assertThat(e.source()).isEqualTo(PeerSource.MANUAL);
    assertThat(e.network()).isEqualTo(NetworkId.MAIN);
    assertThat(e.enabled()).isTrue();
    assertThat(e.isProtected()).isFalse();
    assertThat(e.flags()).isEmpty();
    assertThat(e.addedAt()).isEqualTo(T0);
    assertThat(e.lastSeen()).isEmpty();
    assertThat(e.lastSuccess()).isEmpty();
    assertThat(e.statistics()).isEqualTo(PeerStatistics.EMPTY);
  }

  @Test
  void fullEntryKeepsEveryValue() {
    PeerEntry e = full();
    assertThat(e.id()).isEqualTo("Boot_2.a");
    assertThat(e.addresses()).containsExactly(A1, A2, A3);
    assertThat(e.address()).isEqualTo(A1);
    assertThat(e.nodeId()).contains(NODE);
    assertThat(e.label()).contains("Alice's node"); // stripped
    assertThat(e.notes()).contains("line one\n\tindented"); // kept as given
    assertThat(e.source()).isEqualTo(PeerSource.DEFAULT_BOOTSTRAP);
    assertThat(e.network()).isEqualTo(NetworkId.TESTNET);
    assertThat(e.enabled()).isFalse();
    assertThat(e.isProtected()).isTrue();
    assertThat(e.flags())
        .containsExactly(PeerFlag.PERSISTENT, PeerFlag.PRIVATE, PeerFlag.AUTO_CONNECT);
    assertThat(e.has(PeerFlag.PRIVATE)).isTrue();
    assertThat(e.has(PeerFlag.UNCONDITIONAL)).isFalse();
    assertThat(e.lastSeen()).contains(T0.plusSeconds(60));
    assertThat(e.lastSuccess()).contains(T0.plusSeconds(30));
    assertThat(e.statistics().connections()).isEqualTo(1);
  }

  static Stream<Arguments> invalidValues() {
    String ctrl = "a\u0007b";
    return Stream.of(
        bad("id null", b -> b.id(null), "id", "id is required"),
        bad("id empty", b -> b.id(""), "id", "id is empty", "1 to 64 characters"),
        bad("id too long", b -> b.id("x".repeat(65)), "id", "is 65 characters, at most 64 allowed"),
        bad(
            "id space",
            b -> b.id("my peer"),
            "id",
            "'my peer'",
            "disallowed character ' ' (U+0020) at index 2",
            "A-Z, a-z, 0-9"),
        bad("id slash", b -> b.id("a/b"), "id", "'/' at index 1"),
        bad("id accent", b -> b.id("caf\u00e9"), "id", "at index 3"),
        bad(
            "id missing",
            b ->
                PeerEntry.builder()
                    .address(A1)
                    .source(PeerSource.MANUAL)
                    .network(NetworkId.MAIN)
                    .addedAt(T0),
            "id",
            "id is required"),
        bad("address null", b -> b.address(null), "address", "address is required"),
        bad("addresses null", b -> b.addresses(null), "addresses", "addresses is required"),
        bad(
            "addresses empty",
            b -> b.addresses(List.of()),
            "addresses",
            "addresses is required: give at least one address"),
        bad("addresses removed", b -> b.removeAddress(A1), "addresses", "at least one address"),
        bad(
            "addresses too many",
            b -> b.addresses(addresses(17)),
            "addresses",
            "addresses has 17 entries, at most 16 allowed"),
        bad(
            "addresses duplicate",
            b -> b.addresses(List.of(A1, A2, A1)),
            "addresses",
            "holds 10.0.0.1:8333 twice, at index 0 and 2",
            "each address may appear once"),
        bad(
            "addresses null element",
            b -> b.addresses(Arrays.asList(A1, null)),
            "addresses",
            "addresses[1] is null"),
        bad("addAddress null", b -> b.addAddress(null), "address", "address is required"),
        bad(
            "addAddress duplicate",
            b -> b.addAddress(A2).addAddress(A1),
            "addresses",
            "holds 10.0.0.1:8333 twice, at index 0 and 2"),
        bad(
            "addAddress seventeenth",
            b -> b.addresses(addresses(16)).addAddress(A1),
            "addresses",
            "17 entries, at most 16"),
        bad(
            "label too long",
            b -> b.label("L".repeat(80)),
            "label",
            "label 'LLLL",
            "is 80 characters, at most 64 allowed"),
        bad("label blank", b -> b.label(" \t "), "label", "is blank", "null for no label"),
        bad("label empty", b -> b.label(""), "label", "is blank"),
        bad(
            "label control",
            b -> b.label(ctrl),
            "label",
            "control character U+0007 at index 1",
            "control characters are not allowed"),
        bad("label newline", b -> b.label("two\nlines"), "label", "U+000A at index 3"),
        bad(
            "notes too long",
            b -> b.notes("n".repeat(1025)),
            "notes",
            "is 1025 characters, at most 1024 allowed"),
        bad("notes empty", b -> b.notes(""), "notes", "notes are empty", "null for no notes"),
        bad(
            "notes carriage return",
            b -> b.notes("a\r\nb"),
            "notes",
            "U+000D at index 1",
            "only line feed and tab are allowed"),
        bad("notes escape", b -> b.notes("\u001b[31m"), "notes", "U+001B at index 0"),
        bad("source null", b -> b.source(null), "source", "source is required"),
        bad(
            "source missing",
            b -> PeerEntry.builder().id("x").address(A1).network(NetworkId.MAIN).addedAt(T0),
            "source",
            "source is required"),
        bad("network null", b -> b.network(null), "network", "network is required"),
        bad(
            "network missing",
            b -> PeerEntry.builder().id("x").address(A1).source(PeerSource.MANUAL).addedAt(T0),
            "network",
            "network is required"),
        bad("addedAt null", b -> b.addedAt(null), "addedAt", "addedAt is required"),
        bad(
            "addedAt missing",
            b ->
                PeerEntry.builder()
                    .id("x")
                    .address(A1)
                    .source(PeerSource.MANUAL)
                    .network(NetworkId.MAIN),
            "addedAt",
            "addedAt is required"),
        bad("statistics null", b -> b.statistics(null), "statistics", "statistics is required"),
        bad("flag null", b -> b.flag(null, true), "flag", "flag is required"),
        bad("flags null", b -> b.flags(null), "flags", "flags is required"),
        bad("flags null element", b -> b.flags(setWithNull()), "flags", "flags is required"),
        bad(
            "protected manual",
            b -> b.isProtected(true),
            "isProtected",
            "isProtected is true but source is MANUAL",
            "only DEFAULT_BOOTSTRAP peers can be protected"),
        bad(
            "protected import",
            b -> b.isProtected(true).source(PeerSource.IMPORT),
            "isProtected",
            "source is IMPORT"));
  }

  private static Arguments bad(
      String name, UnaryOperator<PeerEntry.Builder> change, String field, String... fragments) {
    return Arguments.of(name, change, field, fragments);
  }

  private static Set<PeerFlag> setWithNull() {
    Set<PeerFlag> flags = new HashSet<>();
    flags.add(PeerFlag.PRIVATE);
    flags.add(null);
    return flags;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  void rejectsInvalidValuesNamingFieldValueAndRule(
      String name, UnaryOperator<PeerEntry.Builder> change, String field, String[] fragments) {
    assertThatThrownBy(() -> change.apply(minimal()).build())
        .isInstanceOf(InvalidPeerEntryException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(fragments)
        .satisfies(e -> assertThat(((InvalidPeerEntryException) e).field()).isEqualTo(field));
  }

  @Test
  void settersRejectBadValuesAtOnceWithoutWaitingForBuild() {
    PeerEntry.Builder b = minimal();
    assertThatThrownBy(() -> b.label("x".repeat(65))).isInstanceOf(InvalidPeerEntryException.class);
    assertThatThrownBy(() -> b.id("bad id")).isInstanceOf(InvalidPeerEntryException.class);
    assertThatThrownBy(() -> b.addresses(addresses(17)))
        .isInstanceOf(InvalidPeerEntryException.class);
    // A rejected value leaves the builder as it was.
    assertThat(b.build()).isEqualTo(minimal().build());
  }

  @Test
  void acceptsValuesAtTheLimits() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    PeerEntry e =
        minimal()
            .id("A".repeat(PeerEntry.MAX_ID_LENGTH))
            .addresses(addresses(PeerEntry.MAX_ADDRESSES))
            .label(emoji.repeat(PeerEntry.MAX_LABEL_LENGTH))
            .notes("n".repeat(PeerEntry.MAX_NOTES_LENGTH - 2) + "\n\t")
            .build();
    assertThat(e.id()).hasSize(64);
    assertThat(e.addresses()).hasSize(16);
    assertThat(e.label().orElseThrow()).hasSize(128);
    assertThat(e.notes().orElseThrow()).hasSize(1024);
  }

  @Test
  void timestampsAreNotCheckedAgainstEachOther() {
    // Imported entries carry history from other nodes and clocks; nothing is rejected for it.
    PeerEntry e = minimal().lastSeen(T0.minusSeconds(3600)).lastSuccess(T0.plusSeconds(1)).build();
    assertThat(e.lastSeen()).contains(T0.minusSeconds(3600));
    assertThat(e.lastSuccess()).contains(T0.plusSeconds(1));
  }

  @Test
  void protectedIsAllowedForDefaultBootstrapOnly() {
    PeerEntry e = minimal().source(PeerSource.DEFAULT_BOOTSTRAP).isProtected(true).build();
    assertThat(e.isProtected()).isTrue();
    // An unprotected default bootstrap peer is fine too: the host decides.
    assertThat(minimal().source(PeerSource.DEFAULT_BOOTSTRAP).build().isProtected()).isFalse();
  }

  @Test
  void optionalSettersClearWithNull() {
    PeerEntry cleared =
        full().toBuilder()
            .nodeId(null)
            .label(null)
            .notes(null)
            .lastSeen(null)
            .lastSuccess(null)
            .build();
    assertThat(cleared.nodeId()).isEmpty();
    assertThat(cleared.label()).isEmpty();
    assertThat(cleared.notes()).isEmpty();
    assertThat(cleared.lastSeen()).isEmpty();
    assertThat(cleared.lastSuccess()).isEmpty();
  }

  @Test
  void addressEditingKeepsOrderAndPrimary() {
    PeerEntry.Builder b = minimal().addAddress(A2).addAddress(A3);
    assertThat(b.build().addresses()).containsExactly(A1, A2, A3);
    b.removeAddress(A1).removeAddress(PeerAddress.parse("10.9.9.9:1"));
    assertThat(b.build().address()).isEqualTo(A2);
    b.address(A3);
    assertThat(b.build().addresses()).containsExactly(A3);
    b.flag(PeerFlag.PERSISTENT, true).flag(PeerFlag.PERSISTENT, false);
    assertThat(b.build().flags()).isEmpty();
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    PeerEntry original = full();
    PeerEntry copy = original.toBuilder().build();
    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).isNotSameAs(original);
    assertThat(copy.toString()).isEqualTo(original.toString());
    PeerEntry minimalCopy = minimal().build().toBuilder().build();
    assertThat(minimalCopy).isEqualTo(minimal().build());
  }

  @Test
  void changesThroughToBuilderLeaveTheOriginalAlone() {
    PeerEntry original = full();
    PeerEntry changed =
        original.toBuilder()
            .label("Bob")
            .flag(PeerFlag.PRIVATE, false)
            .addAddress(PeerAddress.parse("10.0.0.4:1"))
            .build();
    assertThat(original.label()).contains("Alice's node");
    assertThat(original.has(PeerFlag.PRIVATE)).isTrue();
    assertThat(original.addresses()).hasSize(3);
    assertThat(changed.label()).contains("Bob");
    assertThat(changed.addresses()).hasSize(4);
  }

  @Test
  void entryIsIsolatedFromCallersCollectionsAndBuilder() {
    List<PeerAddress> list = new ArrayList<>(List.of(A1, A2));
    Set<PeerFlag> flags = EnumSet.of(PeerFlag.PERSISTENT);
    PeerEntry.Builder b = minimal().addresses(list).flags(flags);
    PeerEntry e = b.build();
    list.add(A3);
    list.remove(A1);
    flags.add(PeerFlag.PRIVATE);
    b.addAddress(A3).flag(PeerFlag.UNCONDITIONAL, true).label("later");
    assertThat(e.addresses()).containsExactly(A1, A2);
    assertThat(e.flags()).containsExactly(PeerFlag.PERSISTENT);
    assertThat(e.label()).isEmpty();
    assertThatThrownBy(() -> e.addresses().add(A3))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> e.flags().add(PeerFlag.PRIVATE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> singleFieldChanges() {
    return Stream.of(
        change("id", b -> b.id("other")),
        change("addresses", b -> b.addAddress(PeerAddress.parse("10.0.0.9:1"))),
        change("address order", b -> b.addresses(List.of(A2, A1, A3))),
        change("nodeId", b -> b.nodeId(NodeIdentity.fromSeed(2).nodeId())),
        change("label", b -> b.label("Alice's node 2")),
        change("notes", b -> b.notes("line one")),
        change("source", b -> b.source(PeerSource.MANUAL)),
        change("network", b -> b.network(NetworkId.MAIN)),
        change("enabled", b -> b.enabled(true)),
        change("isProtected", b -> b.isProtected(true)),
        change("flags", b -> b.flag(PeerFlag.UNCONDITIONAL, true)),
        change("addedAt", b -> b.addedAt(T0.plusNanos(1))),
        change("lastSeen", b -> b.lastSeen(null)),
        change("lastSuccess", b -> b.lastSuccess(T0)),
        change("statistics", b -> b.statistics(PeerStatistics.EMPTY)));
  }

  private static Arguments change(String name, UnaryOperator<PeerEntry.Builder> change) {
    return Arguments.of(name, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleFieldChanges")
  void equalityCoversEveryField(String name, UnaryOperator<PeerEntry.Builder> change) {
    // Unprotected, so that source and isProtected can each change alone.
    PeerEntry original = full().toBuilder().isProtected(false).build();
    PeerEntry changed = change.apply(original.toBuilder()).build();
    assertThat(changed).isNotEqualTo(original);
    assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
  }

  @Property(tries = 500)
  void anyLabelIsEitherRejectedOrStoredWithinTheRules(@ForAll String label) {
    PeerEntry.Builder b = minimal();
    try {
      b.label(label);
    } catch (InvalidPeerEntryException e) {
      assertThat(e.field()).isEqualTo("label");
      assertThat(e.getMessage()).startsWith("label ");
      return;
    }
    String stored = b.build().label().orElseThrow();
    assertThat(stored).isEqualTo(label.strip()).isNotEmpty();
    assertThat(stored.codePointCount(0, stored.length())).isLessThanOrEqualTo(64);
    assertThat(stored.chars().noneMatch(c -> Character.isISOControl(c))).isTrue();
  }

  @Test
  void toStringIsShortAndReadable() {
    assertThat(full().toString())
        .isEqualTo(
            "PeerEntry[Boot_2.a \"Alice's node\" 10.0.0.1:8333 (+2) node="
                + NODE.shortString()
                + " DEFAULT_BOOTSTRAP testnet [PERSISTENT, PRIVATE, AUTO_CONNECT]"
                + " disabled protected]")
        .doesNotContain("line one");
    assertThat(minimal().build().toString())
        .isEqualTo("PeerEntry[peer-1 10.0.0.1:8333 MANUAL main]");
  }
}
