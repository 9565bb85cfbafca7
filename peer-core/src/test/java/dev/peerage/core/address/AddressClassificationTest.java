package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassificationTest {

  @TestFactory
  Stream<DynamicTest> classificationTable() {
    return AddressCaseFile.read("bitcoin-core-classification.txt").stream()
        .map(row -> dynamicTest(row.name(), () -> {
          PeerAddress address = PeerAddress.parse(row.get(0), 8333);
          Set<AddressClass> expected = row.get(1).equals("-")
              ? Set.of()
              : Arrays.stream(row.get(1).split(" +"))
                  .map(AddressClass::valueOf)
                  .collect(Collectors.toCollection(() -> EnumSet.noneOf(AddressClass.class)));
          assertThat(address.classes()).as("classes").isEqualTo(expected);
          assertThat(address.isRoutable()).as("isRoutable")
              .isEqualTo(Boolean.parseBoolean(row.get(2)));
          assertThat(address.isLocal()).as("isLocal").isEqualTo(Boolean.parseBoolean(row.get(3)));
          for (AddressClass addressClass : AddressClass.values()) {
            assertThat(address.is(addressClass)).as("is(%s)", addressClass)
                .isEqualTo(expected.contains(addressClass));
          }
        }));
  }

  @Test
  void classificationTableIsSubstantial() {
    assertThat(AddressCaseFile.read("bitcoin-core-classification.txt")).hasSizeGreaterThan(60);
  }

  @Test
  void classesAreUnmodifiable() {
    Set<AddressClass> classes = PeerAddress.parse("[2002:a00:1::]:1").classes();
    assertThat(classes).containsExactlyInAnyOrder(AddressClass.RFC3964, AddressClass.RFC1918);
    assertThatThrownBy(() -> classes.add(AddressClass.LOOPBACK))
        .isInstanceOf(UnsupportedOperationException.class);
    Set<AddressClass> none = PeerAddress.parse("8.8.8.8:1").classes();
    assertThatThrownBy(() -> none.add(AddressClass.LOOPBACK))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void onlyTunnelAndTranslationClassesLetRoutingThrough() {
    Set<AddressClass> passing = EnumSet.noneOf(AddressClass.class);
    for (AddressClass addressClass : AddressClass.values()) {
      if (!addressClass.blocksRouting()) {
        passing.add(addressClass);
      }
    }
    assertThat(passing).containsExactlyInAnyOrder(AddressClass.RFC3964, AddressClass.RFC4380,
        AddressClass.RFC6052, AddressClass.RFC6145, AddressClass.IPV4_MAPPED);
  }

  @Test
  void isRejectsNull() {
    assertThatThrownBy(() -> PeerAddress.parse("1.2.3.4:1").is(null))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node.example.org", "example.com", "myhost", "xn--bcher-kva.example",
      "notlocal", "testing.example", "localhost.example.org"})
  void ordinaryHostNamesAreRoutableWithoutClasses(String name) {
    PeerAddress address = PeerAddress.parse(name + ":1");
    assertThat(address.isRoutable()).isTrue();
    assertThat(address.isLocal()).isFalse();
    assertThat(address.classes()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "LOCALHOST.", "db.localhost", "printer.local", "local",
      "localhost.localdomain", "svc.internal", "router.home.arpa", "home.arpa", "foo.invalid",
      "example.test", "test"})
  void specialUseHostNamesAreNotRoutable(String name) {
    PeerAddress address = PeerAddress.parse(name + ":1");
    assertThat(address.isRoutable()).isFalse();
    assertThat(address.isLocal()).as("names are never local: they are not resolved").isFalse();
    assertThat(address.classes()).isEmpty();
  }
}
