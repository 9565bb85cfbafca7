package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped {@code --store} must not make up a new identity and store: commands that read refuse
 * it with exit 2 and a message naming the path, and create nothing. Commands that add create it.
 */
class MissingStoreTest {
  @TempDir
  Path dir;

  private static List<String[]> readingCommands(String store) {
    return List.of(
        new String[] {"peers", "list", "--store", store},
        new String[] {"peers", "list", "--store", store, "--json"},
        new String[] {"peers", "bans", "--store", store},
        new String[] {"peers", "export", "--store", store},
        new String[] {"peers", "node-args", "--store", store},
        new String[] {"peers", "remove", "--store", store, "p-1"},
        new String[] {"peers", "enable", "--store", store, "p-1"},
        new String[] {"peers", "disable", "--store", store, "p-1"},
        new String[] {"peers", "unban", "--store", store, "203.0.113.0/24"},
        new String[] {"ticket", "show", "--store", store, "--listen", "192.0.2.9:8333"});
  }

  @Test
  void aPathThatDoesNotExistIsRefusedAndNotCreated() {
    Path typo = dir.resolve("nodes").resolve("mian");
    for (String[] command : readingCommands(typo.toString())) {
      CliRun run = CliRun.of(command);
      String what = String.join(" ", command);
      assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err()).as(what).contains(typo.toString(), "does not exist", "--store");
      assertThat(run.out()).as(what).isEmpty();
      assertThat(typo.getParent()).as(what).doesNotExist();
    }
  }

  @Test
  void aDirectoryWithoutAStoreIsRefusedAndLeftEmpty() throws IOException {
    Path home = Files.createDirectory(dir.resolve("home"));
    for (String[] command : readingCommands(home.toString())) {
      CliRun run = CliRun.of(command);
      String what = String.join(" ", command);
      assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err()).as(what).contains(home.toString(), "is not a Peerage store",
          "peers.json");
      try (Stream<Path> files = Files.list(home)) {
        assertThat(files).as(what).isEmpty();
      }
    }
  }

  @Test
  void commandsThatAddCreateTheStore() throws IOException {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, "198.51.100.1:8333\n");
    Path defaults = dir.resolve("defaults.txt");
    Files.writeString(defaults, "192.0.2.1:8333\n");
    String ticket = CliRun.of("node", "--store", dir.resolve("other").toString(),
        "--run-for", "1ms").out().lines().filter(l -> l.startsWith("ticket "))
        .findFirst().orElseThrow().substring("ticket ".length());
    List<String[]> commands = List.of(
        new String[] {"peers", "add", "--store", dir.resolve("a").toString(), "203.0.113.7:8333"},
        new String[] {"peers", "import", "--store", dir.resolve("b").toString(), list.toString()},
        new String[] {"peers", "ban", "--store", dir.resolve("c").toString(), "203.0.113.0/24"},
        new String[] {"peers", "reset-defaults", "--store", dir.resolve("d").toString(),
            "--defaults", defaults.toString()},
        new String[] {"ticket", "join", "--store", dir.resolve("e").toString(), ticket});
    for (String[] command : commands) {
      CliRun run = CliRun.of(command);
      assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isZero();
      assertThat(Path.of(command[3]).resolve("peers.json")).exists();
    }
    // The store made by 'peers add' is a store: reading it works now.
    CliRun list2 = CliRun.of("peers", "list", "--store", dir.resolve("a").toString());
    assertThat(list2.exitCode()).as(list2.err()).isZero();
    assertThat(list2.out()).contains("203.0.113.7:8333");
  }
}
