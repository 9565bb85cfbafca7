package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/persistence-example/} and {@code docs/persistence-format.md} honest: the
 * example files load into the example snapshot, and are byte for byte what the code writes today.
 * If this fails after a deliberate format change, run {@link ExampleFiles#main} from the module
 * directory and update the format document.
 */
class DocumentedExampleTest {
  @TempDir Path copy;
  @TempDir Path fresh;

  @Test
  void theExampleFilesLoadIntoTheExampleSnapshot() throws Exception {
    for (String name : List.of(JsonPeerStore.SNAPSHOT_FILE, JsonPeerStore.KEY_FILE)) {
      Files.copy(ExampleFiles.DIRECTORY.resolve(name), copy.resolve(name));
    }
    try (JsonPeerStore store = JsonPeerStore.open(copy)) {
      Snapshots.assertSame(store.load(), ExampleFiles.snapshot());
      assertThat(store.lastLoadWarnings()).isEmpty();
    }
  }

  @Test
  void theExampleFilesAreWhatTheCodeWrites() throws Exception {
    ExampleFiles.write(fresh);
    for (String name : List.of(JsonPeerStore.SNAPSHOT_FILE, JsonPeerStore.KEY_FILE)) {
      assertThat(Files.readString(ExampleFiles.DIRECTORY.resolve(name)))
          .as("docs/persistence-example/%s; regenerate with ExampleFiles.main", name)
          .isEqualTo(Files.readString(fresh.resolve(name)));
    }
  }

  @Test
  void theFormatDocumentShowsTheExampleAndNamesEveryMember() throws Exception {
    String doc = Files.readString(ExampleFiles.DIRECTORY.resolveSibling("persistence-format.md"));
    String example = Files.readString(ExampleFiles.DIRECTORY.resolve(JsonPeerStore.SNAPSHOT_FILE));
    // The document quotes the example file's first lines verbatim.
    assertThat(doc)
        .contains(example.lines().limit(11).reduce((a, b) -> a + "\n" + b).orElseThrow());
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("\"([A-Za-z]+)\":").matcher(example);
    int checked = 0;
    while (names.find()) {
      assertThat(doc)
          .as("member %s is documented", names.group(1))
          .contains("`" + names.group(1) + "`");
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
  }
}
