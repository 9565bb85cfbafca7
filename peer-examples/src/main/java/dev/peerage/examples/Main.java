package dev.peerage.examples;

import dev.peerage.examples.cli.DemoCommand;
import dev.peerage.examples.cli.ExitCodes;
import dev.peerage.examples.cli.NodeCommand;
import dev.peerage.examples.cli.PeersCommand;
import dev.peerage.examples.cli.TicketCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code peer-examples.jar}: a command line with the subcommands {@code demo} (what
 * runs without arguments), {@code node}, {@code peers} and {@code ticket}. {@code help COMMAND} or
 * {@code COMMAND --help} describes each.
 */
@Command(name = "peer-examples", mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Peerage examples. Without a command, runs 'demo'.",
    subcommands = {DemoCommand.class, NodeCommand.class, PeersCommand.class, TicketCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 done, 1 failure, 2 bad input."})
public final class Main implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Creates the top-level command; picocli fills in its fields. */
  public Main() {}

  /**
   * Runs a command and exits with its exit code.
   *
   * @param args the command line; empty runs the demo
   */
  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null
        && (args.length == 0 || args[0].equals("demo"))) {
      // The demo prints its own story; the nodes' info logs would drown it.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, args));
  }

  /**
   * Runs a command, writing to the given streams.
   *
   * @param out where the command's output goes
   * @param err where error messages go
   * @param args the command line; empty runs the demo
   * @return the exit code: 0 done, 1 failure, 2 bad input
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  /**
   * The configured command line, for callers that want picocli's own API.
   *
   * @param out where the command's output goes
   * @param err where error messages go
   * @return the command line
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    ExitCodes exitCodes = new ExitCodes();
    cli.setExecutionExceptionHandler(exitCodes);
    cli.setParameterExceptionHandler(exitCodes);
    useBuildVersion(cli, new BuildVersion());
    return cli;
  }

  /** Gives every command the same {@code --version}: each has the option, from the mixin. */
  private static void useBuildVersion(CommandLine command, BuildVersion version) {
    command.getCommandSpec().versionProvider(version);
    for (CommandLine sub : command.getSubcommands().values()) {
      useBuildVersion(sub, version);
    }
  }

  @Override
  public Integer call() {
    // No subcommand: run the demo, as the README's first command promises.
    CommandLine demo = spec.commandLine().getSubcommands().get("demo");
    return demo.execute();
  }
}
