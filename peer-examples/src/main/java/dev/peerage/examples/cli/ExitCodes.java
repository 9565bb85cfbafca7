package dev.peerage.examples.cli;

import static dev.peerage.examples.cli.TerminalText.escape;

import dev.peerage.core.PeerManagerException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a command's exception into a message on standard error and an exit code: {@value #BAD_INPUT}
 * for input the user can fix (a bad address, an unknown id, a peer that already exists, a protected
 * peer, a value out of range, a file over a size limit, a read-only command's missing store),
 * {@value #FAILURE} for everything else (a locked or unreadable store, a network error). Errors
 * picocli finds while parsing (unknown options, missing parameters, values that do not convert)
 * are {@value #BAD_INPUT} too, followed by the command's usage. Messages quote input, so they are
 * printed through {@link TerminalText}. Stateless and thread-safe.
 */
public final class ExitCodes implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /** Something other than the input went wrong. */
  public static final int FAILURE = 1;

  /** The input was wrong; the message says what was expected. */
  public static final int BAD_INPUT = 2;

  /** Creates the handler. */
  public ExitCodes() {}

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    boolean badInput = isBadInput(e);
    // Messages quote input (file lines, ids, paths, store contents): print them escaped.
    err.println("error: " + escape(e.getMessage() == null ? e.toString() : e.getMessage()));
    if (!badInput && e.getCause() != null && e.getCause().getMessage() != null) {
      err.println("  caused by: " + escape(e.getCause().getMessage()));
    }
    err.flush();
    return badInput ? BAD_INPUT : FAILURE;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(escape(e.getMessage()));
    if (!UnmatchedArgumentException.printSuggestions(e, err)) {
      command.usage(err);
    }
    err.flush();
    return BAD_INPUT;
  }

  /**
   * Whether an exception means the user's input was wrong.
   *
   * @param e the exception
   * @return true for input errors
   */
  static boolean isBadInput(Throwable e) {
    if (e instanceof IllegalArgumentException) {
      return true;
    }
    // The subclasses name input problems (not found, duplicate, protected, wrong network, limit);
    // the base class is used for store and transport failures.
    return e instanceof PeerManagerException && e.getClass() != PeerManagerException.class;
  }
}
