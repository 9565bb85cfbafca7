package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from files, tickets and the store reaches the terminal escaped at every print site: no
 * control, format or separator character gets through raw.
 */
class TerminalEscapingTest {
  /** Escape sequences, bell, NUL, C1 CSI, RLO, line separator, DEL. */
  private static final String HOSTILE = "\u001B[2J\u0007\u0000\u009B31m\u202Eevil\u2028x\u007F";

  @TempDir
  Path dir;

  /** Fails if the output holds an unsafe character other than the line feeds the CLI prints. */
  private static void assertPrintable(String output) {
    output.codePoints().filter(c -> c != '\n').forEach(c ->
        assertThat(TerminalText.isUnsafe(c)).as("U+%04X reached the terminal in:%n%s", c, output)
            .isFalse());
  }

  private static CliRun run(String... args) {
    CliRun run = CliRun.of(args);
    assertPrintable(run.out());
    assertPrintable(run.err());
    return run;
  }

  @Test
  void rejectedImportLinesAreEscaped() throws IOException {
    Path list = dir.resolve("list.txt");
    Files.write(list, ("198.51.100.1:8333\n" + HOSTILE + "\n1.2.3.4:" + HOSTILE + "\n")
        .getBytes(StandardCharsets.UTF_8));
    CliRun imported = run("peers", "import", "--store", dir.resolve("s").toString(),
        list.toString());
    assertThat(imported.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(imported.err()).contains("line 2: '\\u001B[2J\\u0007\\u0000\\u009B31m\\u202Eevil"
        + "\\u2028x\\u007F'", "line 3:");
  }

  @Test
  void labelsFromARemoteTicketAreEscapedWhereverTheyArePrinted() {
    // Labels may not hold controls, but bidi overrides and separators pass the core's rules.
    String label = "\u202Egnp.exe\u2066\u2028\u200Bok";
    String a = dir.resolve("a").toString();
    run("peers", "add", "--store", a, "198.51.100.200:8333");
    CliRun show = run("ticket", "show", "--store", a, "--listen", "192.0.2.9:8333", "--label",
        label, "--no-qr");
    assertThat(show.exitCode()).as(show.err()).isZero();
    String ticket = show.out().strip();
    String escaped = "\\u202Egnp.exe\\u2066\\u2028\\u200Bok";

    String other = dir.resolve("b").toString();
    CliRun join = run("ticket", "join", "--store", other, ticket);
    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(join.out()).contains(escaped);

    assertThat(run("peers", "list", "--store", other).out()).contains(escaped);
    assertThat(run("peers", "list", "--store", other, "--json").out())
        .contains("\"label\": \"" + escaped + "\"");
    assertThat(run("peers", "export", "--store", other).out()).contains("  # " + escaped);
    assertThat(run("peers", "export", "--store", other, "--json").out()).contains(escaped);
  }

  @Test
  void banReasonsFromTheStoreAreEscaped() {
    String store = dir.resolve("s").toString();
    CliRun ban = run("peers", "ban", "--store", store, "203.0.113.0/24", "--reason",
        "\u001B]0;owned\u0007" + HOSTILE);
    assertThat(ban.exitCode()).as(ban.err()).isZero();
    CliRun bans = run("peers", "bans", "--store", store);
    assertThat(bans.out()).contains("\\u001B]0;owned\\u0007\\u001B[2J");
  }

  @Test
  void errorMessagesQuotingInputAreEscaped() {
    String store = dir.resolve("s").toString();
    run("peers", "add", "--store", store, "203.0.113.7:8333");
    CliRun remove = run("peers", "remove", "--store", store, "p-" + HOSTILE);
    assertThat(remove.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(remove.err()).contains("\\u001B[2J");

    CliRun join = run("ticket", "join", "--store", store, "PEERAGE1" + HOSTILE);
    assertThat(join.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);

    CliRun badOption = run("peers", "list", "--store", store, "--frob" + HOSTILE);
    assertThat(badOption.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(badOption.err()).contains("--frob\\u001B[2J");
  }
}
