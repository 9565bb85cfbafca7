package dev.peerage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The address book's memory targets, re-measured with JOL in every build. */
class AddressBookFootprintTest {
  /** The target: at most 400 bytes of heap per stored address at about 80k addresses. */
  @Test
  void aFullBookStaysUnder400BytesPerAddress() {
    AddressBookFootprint.Footprint footprint = AddressBookFootprint.measure(80_000, 7);
    assertThat(footprint.addresses()).isGreaterThan(75_000);
    assertThat(footprint.bytesPerAddress()).isLessThan(400.0);
  }

  /**
   * A simulated node's book: about a thousand addresses spread over ~600 buckets. Packed buckets keep it
   * near 370 kB; with a dense 528-byte array per touched bucket it took about 690 kB, so the 450 kB limit
   * (450,000 bytes) fails if sparse buckets ever become dense again.
   */
  @Test
  void aSmallBookStaysUnder450Kilobytes() {
    AddressBookFootprint.Footprint footprint = AddressBookFootprint.measureSmallBook(1_000, 7);
    assertThat(footprint.addresses()).isBetween(990, 1_010);
    assertThat(footprint.newBucketsUsed()).isGreaterThan(500);
    assertThat(footprint.retainedBytes()).isLessThan(450_000L);
  }
}
