package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersCommandTest {
  @TempDir
  Path dir;

  private String store() {
    return dir.resolve("store").toString();
  }

  private CliRun peers(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "peers";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.of(all);
  }

  private String addedId(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().split(" ")[1];
  }

  @Test
  void addThenListAsTableAndJson() {
    CliRun add = peers("add", "--store", store(), "203.0.113.7:8333", "--label", "Home",
        "--persistent");
    assertThat(add.out()).startsWith("added p-").contains("203.0.113.7:8333");

    CliRun table = peers("list", "--store", store());
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("ADDRESS", "203.0.113.7:8333", "MANUAL", "persistent",
        "Home", "1 peer(s) on network main");

    CliRun json = peers("list", "--store", store(), "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).contains("\"addresses\": [\"203.0.113.7:8333\"]", "\"label\": \"Home\"",
        "\"PERSISTENT\"");
  }

  @Test
  void listsAreKeptPerNetwork() {
    peers("add", "--store", store(), "--network", "testnet", "198.51.100.1:18333");
    peers("add", "--store", store(), "203.0.113.7:8333");
    assertThat(peers("list", "--store", store()).out())
        .contains("203.0.113.7:8333").doesNotContain("198.51.100.1");
    assertThat(peers("list", "--store", store(), "--network", "testnet").out())
        .contains("198.51.100.1:18333").doesNotContain("203.0.113.7");
  }

  @Test
  void removeEnableDisable() {
    String id = addedId(peers("add", "--store", store(), "203.0.113.7:8333"));
    assertThat(peers("disable", "--store", store(), id).out()).contains("disabled " + id);
    assertThat(peers("list", "--store", store(), "--json").out()).contains("\"enabled\": false");
    assertThat(peers("enable", "--store", store(), id).out()).contains("enabled " + id);
    assertThat(peers("list", "--store", store(), "--json").out()).contains("\"enabled\": true");
    assertThat(peers("remove", "--store", store(), id).exitCode()).isZero();
    assertThat(peers("list", "--store", store()).out()).contains("0 peer(s)");
  }

  @Test
  void badInputGivesExitCode2AndAMessage() {
    CliRun badAddress = peers("add", "--store", store(), "bad:addr");
    assertThat(badAddress.exitCode()).isEqualTo(2);
    assertThat(badAddress.err()).contains("error:", "'bad:addr'");

    CliRun duplicate = peers("add", "--store", store(), "203.0.113.7:8333");
    assertThat(duplicate.exitCode()).isZero();
    assertThat(peers("add", "--store", store(), "203.0.113.7:8333").exitCode()).isEqualTo(2);

    CliRun unknownId = peers("remove", "--store", store(), "nope");
    assertThat(unknownId.exitCode()).isEqualTo(2);
    assertThat(unknownId.err()).contains("'nope'");

    CliRun unknownPeer = peers("disable", "--store", store(), "nope");
    assertThat(unknownPeer.exitCode()).isEqualTo(2);
    assertThat(unknownPeer.err()).contains("nope");

    CliRun missingStore = peers("list");
    assertThat(missingStore.exitCode()).isEqualTo(2);
    assertThat(missingStore.err()).contains("--store");

    CliRun badSubnet = peers("ban", "--store", store(), "300.1.1.1/8");
    assertThat(badSubnet.exitCode()).isEqualTo(2);
    assertThat(badSubnet.err()).contains("300.1.1.1");
  }

  @Test
  void storeOfARunningNodeIsAFailureNotBadInput() throws IOException {
    Path file = dir.resolve("store");
    Files.writeString(file, "not a directory");
    CliRun run = peers("list", "--store", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("error:");
  }

  @Test
  void banListAndUnban() {
    CliRun ban = peers("ban", "--store", store(), "203.0.113.0/24", "--reason", "spam",
        "--duration", "PT1H");
    assertThat(ban.exitCode()).as(ban.err()).isZero();
    assertThat(ban.out()).contains("banned 203.0.113.0/24 until");
    assertThat(peers("bans", "--store", store()).out()).contains("203.0.113.0/24", "spam",
        "1 ban(s)");
    assertThat(peers("unban", "--store", store(), "203.0.113.0/24").out())
        .contains("unbanned 203.0.113.0/24");
    assertThat(peers("bans", "--store", store()).out()).contains("0 ban(s)");
    CliRun again = peers("unban", "--store", store(), "203.0.113.0/24");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("not banned");
  }

  @Test
  void importExportRoundTrip() throws IOException {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, "# old settings\n198.51.100.1:8333\nnot an address\n\n"
        + "203.0.113.7:8333\n203.0.113.7:8333\n");
    CliRun imported = peers("import", "--store", store(), list.toString());
    assertThat(imported.exitCode()).isEqualTo(2);
    assertThat(imported.out()).contains("added 2, duplicates 1, rejected 1");
    assertThat(imported.err()).contains("line 3: 'not an address'");

    CliRun exported = peers("export", "--store", store());
    assertThat(exported.exitCode()).isZero();
    assertThat(exported.out()).contains("198.51.100.1:8333\n", "203.0.113.7:8333\n");

    Path back = dir.resolve("back.txt");
    Files.writeString(back, exported.out());
    String other = dir.resolve("other").toString();
    CliRun reimported = peers("import", "--store", other, back.toString());
    assertThat(reimported.exitCode()).isZero();
    assertThat(reimported.out()).contains("added 2, duplicates 0, rejected 0");

    assertThat(peers("export", "--store", store(), "--json").out()).contains("\"IMPORT\"");
    CliRun missing = peers("import", "--store", store(), dir.resolve("none.txt").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("none.txt");
  }

  @Test
  void anExportWithLabelsImportsBack() throws IOException {
    peers("add", "--store", store(), "203.0.113.7:8333", "--label", "Home # 2");
    CliRun exported = peers("export", "--store", store());
    assertThat(exported.out()).contains("203.0.113.7:8333  # Home # 2");
    Path back = dir.resolve("back.txt");
    Files.writeString(back, exported.out());
    CliRun imported = peers("import", "--store", dir.resolve("other").toString(), back.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("added 1, duplicates 0, rejected 0");
  }

  @Test
  void resetDefaultsAndNodeArguments() throws IOException {
    peers("add", "--store", store(), "203.0.113.7:8333");
    Path defaults = dir.resolve("defaults.txt");
    Files.writeString(defaults, "# bootstrap\n192.0.2.1:8333\n192.0.2.2:8333  # second\n");
    CliRun reset = peers("reset-defaults", "--store", store(), "--defaults", defaults.toString());
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("removed 1 custom peer(s)", "2 default peer(s)");

    CliRun args = peers("node-args", "--store", store());
    assertThat(args.out().strip()).isEqualTo("--peer 192.0.2.1:8333 --peer 192.0.2.2:8333");
    CliRun flagged = peers("node-args", "--store", store(), "--flag", "-addnode");
    assertThat(flagged.out().strip()).isEqualTo("-addnode 192.0.2.1:8333 -addnode 192.0.2.2:8333");

    // The defaults stay in the store for the next offline edit, protected.
    assertThat(peers("list", "--store", store()).out()).contains("DEFAULT_BOOTSTRAP");
    assertThat(peers("remove", "--store", store(), "default-main-192.0.2.1_8333").exitCode())
        .isEqualTo(2);
  }
}
