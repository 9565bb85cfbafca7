package dev.peerage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The memory target: at most 400 bytes of heap per stored address at about 80k addresses. */
class AddressBookFootprintTest {
  @Test
  void aFullBookStaysUnder400BytesPerAddress() {
    AddressBookFootprint.Footprint footprint = AddressBookFootprint.measure(80_000, 7);
    assertThat(footprint.addresses()).isGreaterThan(75_000);
    assertThat(footprint.bytesPerAddress()).isLessThan(400.0);
  }
}
