package dev.peerage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsEverySubcommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "node", "peers", "ticket", "Without a command");
  }

  @Test
  void helpCommandDescribesASubcommand() {
    assertThat(run("help", "peers")).isZero();
    assertThat(out.toString()).contains("list", "add", "remove", "enable", "disable", "ban",
        "unban", "import", "export", "reset-defaults", "node-args");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command : new String[] {"demo", "node", "peers", "ticket"}) {
      StringWriter text = new StringWriter();
      int code = Main.commandLine(new PrintWriter(text, true), new PrintWriter(err, true))
          .execute(command, "--help");
      assertThat(code).as(command).isZero();
      assertThat(text.toString()).as(command).startsWith("Usage: peer-examples " + command);
    }
  }

  @Test
  void versionIsTheProjectVersionAsBuilt() {
    String expected = System.getProperty("peerage.expectedVersion");
    assertThat(expected).as("surefire passes the POM's version").isNotBlank()
        .doesNotContain("${");
    for (String[] args : new String[][] {{"--version"}, {"-V"}, {"peers", "--version"},
        {"peers", "list", "--version"}, {"ticket", "show", "-V"}, {"node", "--version"},
        {"demo", "--version"}}) {
      StringWriter text = new StringWriter();
      int code = Main.commandLine(new PrintWriter(text, true), new PrintWriter(err, true))
          .execute(args);
      assertThat(code).as(String.join(" ", args)).isZero();
      assertThat(text.toString()).as(String.join(" ", args))
          .isEqualTo("Peerage examples " + expected + System.lineSeparator());
    }
  }

  @Test
  void unknownCommandIsBadInput() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }
}
