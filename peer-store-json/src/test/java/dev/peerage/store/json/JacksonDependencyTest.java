package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

/**
 * The store uses Jackson's streaming parser and generator only, so it brings jackson-core to a host and
 * nothing else of Jackson: neither databind nor the annotations are on this module's class path, which
 * Maven builds from the same dependencies a host gets.
 */
class JacksonDependencyTest {
  @Test
  void onlyJacksonsStreamingCoreIsOnTheClassPath() {
    assertThat(JsonFactory.class.getPackageName()).isEqualTo("com.fasterxml.jackson.core");
    for (String absent : new String[] {
        "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.annotation.JsonProperty"}) {
      assertThatThrownBy(() -> Class.forName(absent, false, getClass().getClassLoader()))
          .as(absent).isInstanceOf(ClassNotFoundException.class);
    }
  }
}
