package dev.peerage.core.internal.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListFullException;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.ban.BanRecord.Action;
import dev.peerage.core.ban.BanRecord;
import dev.peerage.core.ban.BanTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BanListTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final NodeId NODE_A = NodeId.parse("aa".repeat(32));
  private static final NodeId NODE_B = NodeId.parse("0b".repeat(32));

  private final AdvancingClock clock = new AdvancingClock();
  private BanList bans = BanList.builder().clock(clock).build();

  @AfterEach
  void stateIsConsistent() {
    bans.checkConsistency();
  }

  private static PeerAddress addr(String host) {
    return PeerAddress.parse(host, 8333);
  }

  private static Subnet net(String cidr) {
    return Subnet.parse(cidr);
  }

  private Optional<Instant> inHours(long hours) {
    return Optional.of(clock.instant().plus(Duration.ofHours(hours)));
  }

  private BanEntry banFor(String cidr, long hours) {
    return bans.ban(net(cidr), inHours(hours), "test", List.of());
  }

  private String banOfText(String host) {
    return bans.banOf(addr(host)).map(e -> e.target().toString()).orElse("none");
  }

  @Test
  void bansAndUnbansSingleAddressesOfBothFamiliesWhateverThePort() {
    bans.ban(addr("192.0.2.7"), HOUR, "spam");
    bans.ban(addr("2001:db8::7"), HOUR, "spam");

    assertThat(bans.isBanned(PeerAddress.parse("192.0.2.7:1"))).isTrue();
    assertThat(bans.isBanned(PeerAddress.parse("192.0.2.7:65535"))).isTrue();
    assertThat(bans.isBanned(PeerAddress.parse("[2001:db8::7]:9"))).isTrue();
    assertThat(bans.isBanned(addr("192.0.2.8"))).isFalse();
    assertThat(bans.isBanned(addr("2001:db8::8"))).isFalse();
    // The mapped spelling is the same host, so the same ban applies.
    assertThat(bans.isBanned(addr("::ffff:192.0.2.7"))).isTrue();

    assertThat(bans.unban(net("192.0.2.7/32"))).isTrue();
    assertThat(bans.unban(net("192.0.2.7/32"))).isFalse();
    assertThat(bans.isBanned(addr("192.0.2.7"))).isFalse();
    assertThat(bans.isBanned(addr("2001:db8::7"))).isTrue();
    assertThat(bans.size()).isEqualTo(1);
  }

  @Test
  void subnetBansCoverExactlyTheirOwnFamilyAndRange() {
    banFor("10.1.0.0/16", 1);
    banFor("2001:db8:aa::/48", 1);

    assertThat(bans.isBanned(addr("10.1.0.0"))).isTrue();
    assertThat(bans.isBanned(addr("10.1.255.255"))).isTrue();
    assertThat(bans.isBanned(addr("10.2.0.0"))).isFalse();
    assertThat(bans.isBanned(addr("10.0.255.255"))).isFalse();
    assertThat(bans.isBanned(addr("2001:db8:aa:ffff::1"))).isTrue();
    assertThat(bans.isBanned(addr("2001:db8:ab::1"))).isFalse();

    banFor("::/0", 1);
    assertThat(bans.isBanned(addr("1.2.3.4"))).as("::/0 holds no IPv4 address").isFalse();
    assertThat(bans.isBanned(addr("fe80::1"))).isTrue();
    banFor("0.0.0.0/0", 1);
    assertThat(bans.isBanned(addr("1.2.3.4"))).isTrue();
  }

  @Test
  void theMostSpecificActiveBanIsReported() {
    banFor("10.0.0.0/8", 5);
    banFor("10.1.0.0/16", 4);
    banFor("10.1.2.0/24", 3);
    banFor("10.1.2.3/32", 2);

    assertThat(banOfText("10.1.2.3")).isEqualTo("10.1.2.3/32");
    assertThat(banOfText("10.1.2.4")).isEqualTo("10.1.2.0/24");
    assertThat(banOfText("10.1.3.4")).isEqualTo("10.1.0.0/16");
    assertThat(banOfText("10.9.9.9")).isEqualTo("10.0.0.0/8");
    assertThat(banOfText("11.0.0.0")).isEqualTo("none");

    bans.unban(net("10.1.2.3/32"));
    assertThat(banOfText("10.1.2.3")).isEqualTo("10.1.2.0/24");

    // An expired narrower ban is skipped even before it is swept.
    clock.advance(Duration.ofHours(3));
    assertThat(bans.size()).isEqualTo(3);
    assertThat(banOfText("10.1.2.3")).isEqualTo("10.1.0.0/16");
    clock.advance(Duration.ofHours(2));
    assertThat(banOfText("10.1.2.3")).isEqualTo("none");
  }

  @Test
  void mostSpecificMatchWorksForIpv6() {
    banFor("2001:db8::/32", 1);
    banFor("2001:db8:1::/48", 1);
    banFor("2001:db8:1:2::/64", 1);
    banFor("2001:db8:1:2::5/128", 1);

    assertThat(banOfText("2001:db8:1:2::5")).isEqualTo("2001:db8:1:2::5/128");
    assertThat(banOfText("2001:db8:1:2::6")).isEqualTo("2001:db8:1:2::/64");
    assertThat(banOfText("2001:db8:1:3::6")).isEqualTo("2001:db8:1::/48");
    assertThat(banOfText("2001:db8:2::")).isEqualTo("2001:db8::/32");
    assertThat(banOfText("2001:db9::")).isEqualTo("none");
  }

  @Test
  void unbanLiftsOnlyTheExactSubnet() {
    banFor("10.1.0.0/16", 1);
    banFor("10.1.2.3/32", 1);

    assertThat(bans.unban(net("10.1.2.0/24"))).isFalse();
    assertThat(bans.unban(net("10.1.0.0/16"))).isTrue();
    assertThat(bans.isBanned(addr("10.1.2.3"))).isTrue();
    assertThat(bans.isBanned(addr("10.1.2.4"))).isFalse();
  }

  @Test
  void hostNamesAreNeverBannedAndCannotBeBanned() {
    banFor("0.0.0.0/0", 1);
    banFor("::/0", 1);
    PeerAddress name = PeerAddress.parse("node.example.org:9798");

    assertThat(bans.isBanned(name)).isFalse();
    assertThat(bans.banOf(name)).isEmpty();
    assertThatThrownBy(() -> bans.ban(name, HOUR, "x"))
        .isInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("node.example.org")
        .hasMessageContaining("resolve it");
    assertThatThrownBy(() -> bans.discourage(name, "x"))
        .isInstanceOf(InvalidPeerAddressException.class)
        .hasMessageContaining("node.example.org cannot be discouraged");
    assertThat(bans.isDiscouraged(name)).isFalse();
  }

  @Test
  void timedBanEndsExactlyAtItsUntilAndPermanentNever() {
    BanEntry timed = bans.ban(addr("192.0.2.1"), HOUR, "timed");
    BanEntry permanent = bans.ban(net("192.0.2.2/32"), Optional.empty(), "forever", List.of());

    assertThat(timed.isPermanent()).isFalse();
    assertThat(timed.until()).contains(AdvancingClock.START.plus(HOUR));
    assertThat(timed.created()).isEqualTo(AdvancingClock.START);
    assertThat(permanent.isPermanent()).isTrue();

    clock.advance(HOUR.minusNanos(1));
    assertThat(bans.isBanned(addr("192.0.2.1"))).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(bans.isBanned(addr("192.0.2.1"))).isFalse();
    assertThat(timed.isActive(clock.instant())).isFalse();

    clock.advance(Duration.ofDays(365 * 50));
    assertThat(bans.isBanned(addr("192.0.2.2"))).isTrue();
    assertThat(permanent.isActive(clock.instant())).isTrue();
  }

  @Test
  void defaultDurationComesFromThePolicy() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().defaultBanDuration(Duration.ofMinutes(5)).build())
        .build();
    BanEntry entry = bans.ban(addr("192.0.2.1"), "default");
    assertThat(entry.until()).contains(AdvancingClock.START.plus(Duration.ofMinutes(5)));
  }

  @Test
  void sweepMovesExpiredBansIntoTheHistory() {
    banFor("192.0.2.1/32", 1);
    banFor("192.0.2.2/32", 2);
    bans.ban(NODE_A, inHours(1), "node", List.of());
    bans.ban(net("192.0.2.3/32"), Optional.empty(), "forever", List.of());

    assertThat(bans.sweepExpired()).isZero();
    clock.advance(Duration.ofMinutes(90));
    assertThat(bans.size()).isEqualTo(4);
    assertThat(bans.sweepExpired()).isEqualTo(2);
    assertThat(bans.size()).isEqualTo(2);
    assertThat(bans.sweepExpired()).isZero();

    List<BanRecord> history = bans.history();
    assertThat(history).extracting(BanRecord::action).containsExactly(
        Action.BANNED, Action.BANNED, Action.BANNED, Action.BANNED,
        Action.EXPIRED, Action.EXPIRED);
    assertThat(history.subList(4, 6))
        .extracting(r -> r.entry().target().toString())
        .containsExactlyInAnyOrder("192.0.2.1/32", "node " + NODE_A);
    assertThat(history.get(5).at()).isEqualTo(clock.instant());
  }

  @Test
  void everyExpiryIsTakenOnceWhicheverCallSweptIt() {
    BanEntry first = banFor("192.0.2.1/32", 1);
    BanEntry second = banFor("192.0.2.2/32", 2);
    bans.ban(NODE_A, inHours(3), "node", List.of());
    assertThat(bans.takeExpired()).isEmpty();
    clock.advance(Duration.ofMinutes(90));
    bans.snapshot(); // a save sweeps on the way
    clock.advance(Duration.ofMinutes(40));
    assertThat(bans.sweepExpired()).isEqualTo(1);
    assertThat(bans.takeExpired()).containsExactly(first, second);
    assertThat(bans.takeExpired()).isEmpty();
  }

  @Test
  void expiriesNobodyTakesAreBoundedByMaxBans() {
    BanList small = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(2).build()).build();
    List<BanEntry> made = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      made.add(small.ban(net("192.0.2." + i + "/32"), Optional.of(clock.instant().plusSeconds(60)),
          "short", List.of()));
      clock.advance(Duration.ofMinutes(2));
      small.sweepExpired();
    }
    assertThat(small.takeExpired()).containsExactly(made.get(3), made.get(4));
  }

  @Test
  void banAndUnbanSweepFirst() {
    banFor("192.0.2.1/32", 1);
    clock.advance(Duration.ofHours(2));
    assertThat(bans.unban(net("192.0.2.1/32"))).as("an expired ban is not lifted").isFalse();
    assertThat(bans.size()).isZero();
    assertThat(bans.history()).extracting(BanRecord::action)
        .containsExactly(Action.BANNED, Action.EXPIRED);
  }

  @Test
  void historyKeepsOnlyTheNewestRecords() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().historySize(3).build()).build();
    for (int i = 1; i <= 5; i++) {
      banFor("192.0.2." + i + "/32", 1);
    }
    assertThat(bans.history()).hasSize(3)
        .extracting(r -> r.entry().target().toString())
        .containsExactly("192.0.2.3/32", "192.0.2.4/32", "192.0.2.5/32");

    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().historySize(0).build()).build();
    banFor("192.0.2.1/32", 1);
    assertThat(bans.history()).isEmpty();
  }

  @Test
  void banningAgainKeepsWhicheverBanEndsLater() {
    BanEntry first = banFor("192.0.2.0/24", 2);
    assertThat(banFor("192.0.2.0/24", 1)).as("shorter ban is ignored").isSameAs(first);
    BanEntry longer = banFor("192.0.2.0/24", 3);
    assertThat(longer).isNotSameAs(first);
    assertThat(bans.banOf(addr("192.0.2.9"))).containsSame(longer);

    BanEntry permanent =
        bans.ban(net("192.0.2.0/24"), Optional.empty(), "manual", List.of("by hand"));
    assertThat(banFor("192.0.2.0/24", 1000)).isSameAs(permanent);
    assertThat(bans.ban(net("192.0.2.0/24"), Optional.empty(), "again", List.of()))
        .isSameAs(permanent);
    assertThat(bans.size()).isEqualTo(1);
    assertThat(bans.history()).extracting(BanRecord::action)
        .containsExactly(Action.BANNED, Action.BANNED, Action.BANNED);

    // The replaced ban's end no longer counts: the permanent ban outlives it.
    clock.advance(Duration.ofHours(4));
    assertThat(bans.sweepExpired()).isZero();
    assertThat(bans.isBanned(addr("192.0.2.9"))).isTrue();
  }

  @Test
  void badArgumentsAreRejectedWithTheValueInTheMessage() {
    assertThatThrownBy(() -> bans.ban(addr("192.0.2.1"), Duration.ofSeconds(-1), "x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must be positive, was PT-1S");
    assertThatThrownBy(() -> bans.ban(addr("192.0.2.1"), Duration.ZERO, "x"))
        .hasMessage("duration must be positive, was PT0S");
    assertThatThrownBy(() -> bans.ban(addr("192.0.2.1"), Duration.ofSeconds(Long.MAX_VALUE), "x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends past the last representable instant");
    assertThatThrownBy(() -> bans.ban(net("192.0.2.1/32"), Optional.of(clock.instant()), "x",
            List.of()))
        .hasMessage("until must be after now (2025-01-01T00:00:00Z), was 2025-01-01T00:00:00Z");
    String longReason = "r".repeat(BanEntry.MAX_REASON_LENGTH + 1);
    assertThatThrownBy(() -> banWithReason(longReason))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reason must be at most 256 characters, was 257: 'rrr");
    List<String> tooMuch = Collections.nCopies(BanEntry.MAX_EVIDENCE + 1, "e");
    assertThatThrownBy(() -> bans.ban(NODE_A, inHours(1), "x", tooMuch))
        .hasMessage("evidence must have at most 32 items, had 33");
    List<String> tooLong = List.of("ok", "e".repeat(BanEntry.MAX_EVIDENCE_LENGTH + 1));
    assertThatThrownBy(() -> bans.ban(NODE_A, inHours(1), "x", tooLong))
        .hasMessageStartingWith("evidence item 1 must be at most 512 characters, was 513");
    assertThatThrownBy(() -> bans.ban(NODE_A, inHours(1), "x", Collections.singletonList(null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(bans.size()).as("nothing stored by bad calls").isZero();
    assertThat(bans.history()).isEmpty();
  }

  private void banWithReason(String reason) {
    bans.ban(net("192.0.2.1/32"), inHours(1), reason, List.of());
  }

  @Test
  void entryChecksItsOwnComponents() {
    Instant now = AdvancingClock.START;
    BanTarget target = BanTarget.of(NODE_A);
    assertThatThrownBy(() -> new BanEntry(target, now, Optional.of(now.minusSeconds(1)), "", List.of()))
        .hasMessage("until must be after created 2025-01-01T00:00:00Z, was 2024-12-31T23:59:59Z");
    BanEntry entry = new BanEntry(target, now, Optional.empty(), "", new java.util.ArrayList<>(
        List.of("a")));
    assertThatThrownBy(() -> entry.evidence().add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void fullListPushesOutTheBanEndingSoonestWhenTheNewOneLastsAsLong() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(3).build()).build();
    banFor("192.0.2.1/32", 5);
    banFor("192.0.2.2/32", 2);
    bans.ban(NODE_A, Optional.empty(), "manual", List.of());

    banFor("192.0.2.4/32", 3);
    assertThat(bans.size()).isEqualTo(3);
    assertThat(bans.isBanned(addr("192.0.2.2"))).as("the soonest-ending ban went").isFalse();
    assertThat(bans.isBanned(addr("192.0.2.4"))).isTrue();
    BanRecord last = bans.history().get(bans.history().size() - 2);
    assertThat(last.action()).isEqualTo(Action.EVICTED);
    assertThat(last.entry().target().toString()).isEqualTo("192.0.2.2/32");

    // A ban that would end before every stored one is refused, and nothing changes.
    assertThatThrownBy(() -> banFor("192.0.2.5/32", 1))
        .isExactlyInstanceOf(BanListFullException.class)
        .hasMessageContaining("cannot ban 192.0.2.5/32 until 2025-01-01T01:00:00Z")
        .hasMessageContaining("maximum of 3 bans")
        .satisfies(e -> assertThat(((BanListFullException) e).maxBans()).isEqualTo(3));
    assertThat(bans.bans()).extracting(e -> e.target().toString())
        .containsExactly("192.0.2.1/32", "192.0.2.4/32", "node " + NODE_A);

    // Replacing an existing ban never needs room.
    banFor("192.0.2.4/32", 10);
    assertThat(bans.size()).isEqualTo(3);
  }

  @Test
  void permanentBansAreNeverPushedOut() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(2).build()).build();
    bans.ban(net("192.0.2.1/32"), Optional.empty(), "manual", List.of());
    banFor("192.0.2.2/32", 1);

    bans.ban(net("192.0.2.3/32"), Optional.empty(), "manual", List.of());
    assertThat(bans.isBanned(addr("192.0.2.2"))).isFalse();

    assertThatThrownBy(() -> bans.ban(NODE_B, Optional.empty(), "manual", List.of()))
        .isInstanceOf(BanListFullException.class)
        .hasMessageContaining("cannot ban node " + NODE_B + " until forever");
    assertThatThrownBy(() -> banFor("192.0.2.4/32", 1000))
        .isInstanceOf(BanListFullException.class);
    assertThat(bans.isBanned(addr("192.0.2.1"))).isTrue();
    assertThat(bans.isBanned(addr("192.0.2.3"))).isTrue();
  }

  @Test
  void expiredBansDoNotCountAgainstTheBound() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(2).build()).build();
    bans.ban(net("192.0.2.1/32"), Optional.empty(), "manual", List.of());
    banFor("192.0.2.2/32", 1);
    clock.advance(Duration.ofHours(1));

    bans.ban(net("192.0.2.3/32"), Optional.empty(), "manual", List.of());
    assertThat(bans.history()).extracting(BanRecord::action)
        .containsExactly(Action.BANNED, Action.BANNED, Action.EXPIRED, Action.BANNED);
  }

  @Test
  void nodeIdBansAreIndependentOfAddresses() {
    bans.ban(NODE_A, inHours(1), "impersonation", List.of("claimed a key it could not prove"));

    assertThat(bans.isBanned(NODE_A)).isTrue();
    assertThat(bans.isBanned(NODE_B)).isFalse();
    assertThat(bans.banOf(NODE_A).orElseThrow().evidence())
        .containsExactly("claimed a key it could not prove");
    assertThat(bans.banOf(NODE_A).orElseThrow().target())
        .isEqualTo(new BanTarget.NodeTarget(NODE_A));
    assertThat(bans.isBanned(addr("192.0.2.1"))).isFalse();

    clock.advance(HOUR);
    assertThat(bans.isBanned(NODE_A)).isFalse();
    assertThat(bans.banOf(NODE_A)).isEmpty();

    bans.ban(NODE_A, Optional.empty(), "manual", List.of());
    assertThat(bans.unban(NODE_A)).isTrue();
    assertThat(bans.unban(NODE_A)).isFalse();
    assertThat(bans.isBanned(NODE_A)).isFalse();
  }

  @Test
  void bansListsActiveBansSubnetsFirstInOrder() {
    bans.ban(NODE_B, inHours(1), "n", List.of());
    bans.ban(NODE_A, inHours(1), "n", List.of());
    banFor("2001:db8::/32", 1);
    banFor("10.0.0.0/8", 1);
    banFor("10.0.0.0/16", 1);
    banFor("9.0.0.1/32", 3);
    clock.advance(Duration.ofHours(2));
    banFor("1.0.0.0/8", 1);

    assertThat(bans.bans()).extracting(e -> e.target().toString())
        .containsExactly("1.0.0.0/8", "9.0.0.1/32");
    clock.set(AdvancingClock.START);
    assertThat(bans.bans()).extracting(e -> e.target().toString())
        .as("bans that ended are swept only once, even if the clock steps back")
        .containsExactly("1.0.0.0/8", "9.0.0.1/32");
  }

  @Test
  void bansSnapshotIsOrderedByTarget() {
    bans.ban(NODE_B, inHours(1), "n", List.of());
    bans.ban(NODE_A, inHours(1), "n", List.of());
    banFor("2001:db8::/32", 1);
    banFor("10.0.0.0/16", 1);
    banFor("10.0.0.0/8", 1);

    assertThat(bans.bans()).extracting(e -> e.target().toString()).containsExactly(
        "10.0.0.0/8", "10.0.0.0/16", "2001:db8::/32", "node " + NODE_B, "node " + NODE_A);
  }

  @Test
  void discouragedAddressesExpireOnTheInjectedClock() {
    bans.discourage(addr("192.0.2.1"), "sent junk");
    bans.discourage(addr("2001:db8::1"), "sent junk");

    assertThat(bans.isDiscouraged(PeerAddress.parse("192.0.2.1:1"))).isTrue();
    assertThat(bans.isDiscouraged(addr("192.0.2.2"))).isFalse();
    assertThat(bans.discouragementReason(addr("2001:db8::1"))).contains("sent junk");
    assertThat(bans.isBanned(addr("192.0.2.1"))).as("discouraged is not banned").isFalse();
    assertThat(bans.isBannedOrDiscouraged(addr("192.0.2.1"))).isTrue();
    assertThat(bans.discouragedCount()).isEqualTo(2);

    clock.advance(Duration.ofHours(12));
    bans.discourage(addr("192.0.2.1"), "again");
    clock.advance(Duration.ofHours(12));
    assertThat(bans.isDiscouraged(addr("2001:db8::1"))).as("24 hours passed").isFalse();
    assertThat(bans.isDiscouraged(addr("192.0.2.1"))).as("restarted 12 hours ago").isTrue();
    assertThat(bans.discouragementReason(addr("192.0.2.1"))).contains("again");
    assertThat(bans.discouragedCount()).isEqualTo(1);

    assertThat(bans.undiscourage(addr("192.0.2.1"))).isTrue();
    assertThat(bans.undiscourage(addr("192.0.2.1"))).isFalse();
    assertThat(bans.isBannedOrDiscouraged(addr("192.0.2.1"))).isFalse();
  }

  @Test
  void discouragedSetIsBounded() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxDiscouraged(100).discourageDuration(HOUR).build())
        .build();
    for (int i = 0; i < 1_000; i++) {
      bans.discourage(PeerAddress.ofIp(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 1), "x");
    }
    assertThat(bans.discouragedCount()).isLessThanOrEqualTo(100).isGreaterThan(0);
    int stillDiscouraged = 0;
    for (int i = 0; i < 1_000; i++) {
      if (bans.isDiscouraged(PeerAddress.ofIp(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 1))) {
        stillDiscouraged++;
      }
    }
    assertThat(stillDiscouraged).isLessThanOrEqualTo(100);
  }

  @Test
  void discourageRejectsLongReasons() {
    assertThatThrownBy(() -> bans.discourage(addr("192.0.2.1"), "r".repeat(257)))
        .hasMessage("reason must be at most 256 characters, was 257");
    assertThat(bans.isDiscouraged(addr("192.0.2.1"))).isFalse();
  }

  @Test
  void snapshotAndRestoreRoundTrip() {
    banFor("10.0.0.0/8", 5);
    bans.ban(net("2001:db8::/48"), Optional.empty(), "manual", List.of("a", "b"));
    bans.ban(NODE_A, inHours(2), "node", List.of("evidence"));
    banFor("192.0.2.1/32", 1);
    bans.unban(net("10.0.0.0/8"));
    bans.discourage(addr("198.51.100.1"), "soft");
    clock.advance(Duration.ofMinutes(61));

    BanListSnapshot snapshot = bans.snapshot();
    assertThat(snapshot.bans()).hasSize(2);
    assertThat(snapshot.history()).extracting(BanRecord::action).containsExactly(
        Action.BANNED, Action.BANNED, Action.BANNED, Action.BANNED, Action.UNBANNED,
        Action.EXPIRED);

    BanList restored = BanList.builder().clock(clock).build();
    restored.restore(snapshot);
    restored.checkConsistency();
    assertThat(restored.bans()).isEqualTo(bans.bans());
    assertThat(restored.history()).isEqualTo(bans.history());
    assertThat(restored.snapshot().bans()).containsExactlyInAnyOrderElementsOf(snapshot.bans());
    assertThat(restored.isBanned(addr("2001:db8::1"))).isTrue();
    assertThat(restored.isBanned(NODE_A)).isTrue();
    assertThat(restored.isDiscouraged(addr("198.51.100.1"))).as("not persisted").isFalse();

    clock.advance(HOUR);
    assertThat(restored.sweepExpired()).isEqualTo(1);
    assertThat(restored.isBanned(NODE_A)).isFalse();
  }

  @Test
  void restoreDistrustsTheSnapshot() {
    Instant now = clock.instant();
    BanEntry ended = entry("192.0.2.1/32", now.minusSeconds(7200), now.minusSeconds(1));
    BanEntry shorter = entry("192.0.2.2/32", now.minusSeconds(10), now.plusSeconds(10));
    BanEntry longer = entry("192.0.2.2/32", now.minusSeconds(10), now.plusSeconds(20));
    BanEntry soonest = entry("192.0.2.3/32", now.minusSeconds(10), now.plusSeconds(5));
    BanEntry permanent = new BanEntry(BanTarget.of(NODE_A), now, Optional.empty(), "", List.of());
    BanRecord old = new BanRecord(Action.BANNED, ended, now.minusSeconds(7200));
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(2).historySize(3).build()).build();
    banFor("203.0.113.0/24", 1);

    bans.restore(new BanListSnapshot(
        List.of(ended, shorter, longer, soonest, permanent), List.of(old, old, old)));

    assertThat(bans.bans()).containsExactly(longer, permanent);
    assertThat(bans.isBanned(addr("203.0.113.1"))).as("replaced, not merged").isFalse();
    assertThat(bans.history()).containsExactly(
        old,
        new BanRecord(Action.EXPIRED, ended, now),
        new BanRecord(Action.EVICTED, soonest, now));
  }

  @Test
  void restoreRefusesTooManyPermanentBansAndChangesNothing() {
    bans = BanList.builder().clock(clock)
        .policy(BanPolicy.builder().maxBans(1).build()).build();
    banFor("203.0.113.0/24", 1);
    Instant now = clock.instant();
    BanListSnapshot snapshot = new BanListSnapshot(List.of(
        new BanEntry(BanTarget.of(NODE_A), now, Optional.empty(), "", List.of()),
        new BanEntry(BanTarget.of(NODE_B), now, Optional.empty(), "", List.of())), List.of());

    assertThatThrownBy(() -> bans.restore(snapshot))
        .isExactlyInstanceOf(BanListFullException.class)
        .hasMessage("cannot restore 2 permanent bans: at most 1 bans are allowed;"
            + " raise BanPolicy.maxBans");
    assertThat(bans.isBanned(addr("203.0.113.1"))).isTrue();
    assertThat(bans.history()).hasSize(1);
  }

  private static BanEntry entry(String cidr, Instant created, Instant until) {
    return new BanEntry(BanTarget.of(net(cidr)), created, Optional.of(until), "r", List.of());
  }

  @Test
  void targetsOrderSubnetsFirstAndPrintReadably() {
    BanTarget subnet = BanTarget.of(net("10.0.0.0/8"));
    BanTarget node = BanTarget.of(NODE_B);
    assertThat(subnet.compareTo(node)).isNegative();
    assertThat(node.compareTo(subnet)).isPositive();
    assertThat(node.compareTo(BanTarget.of(NODE_A))).isNegative();
    assertThat(subnet.compareTo(BanTarget.of(net("10.0.0.0/16")))).isNegative();
    assertThat(subnet).hasToString("10.0.0.0/8");
    assertThat(node).hasToString("node " + "0b".repeat(32));
    assertThatThrownBy(() -> BanTarget.of((Subnet) null)).isInstanceOf(NullPointerException.class);
  }
}
