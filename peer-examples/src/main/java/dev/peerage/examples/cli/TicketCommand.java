package dev.peerage.examples.cli;

import static dev.peerage.examples.cli.TerminalText.escape;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.spi.PeerStoreException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ticket}: shows this node's pairing ticket as text and as a QR code, and adds a peer from
 * someone else's ticket. Works on a stopped node's store directory. Not thread-safe.
 */
@Command(name = "ticket", mixinStandardHelpOptions = true,
    description = "Pair two nodes with a ticket: 'show' prints this node's, 'join' adds a peer.",
    footer = {"", "'show' needs an existing store (run 'node' or 'peers add' once to create one); "
        + "'join' creates it.",
        "", "Exit codes: 0 done, 1 the store could not be used, 2 bad input (including no store "
        + "at --store)."})
public final class TicketCommand {
  @Spec
  CommandSpec spec;

  /** Creates the command; picocli fills in its fields. */
  public TicketCommand() {}

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print this node's ticket and the same ticket as a QR code.")
  int show(@Mixin StoreOptions store,
      @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
          description = "The address others reach this node at.")
      String listen,
      @Option(names = "--label", paramLabel = "LABEL",
          description = "A name for the other side to show.")
      String label,
      @Option(names = "--no-qr", description = "Print the text only.")
      boolean noQr,
      @Option(names = "--invert", description = "Print the QR code for a terminal with dark "
          + "text on a light background (default: light text on a dark background).")
      boolean invert) throws PeerStoreException {
    PeerAddress address = PeerAddress.parse(listen);
    try (OfflineStore offline =
        OfflineStore.openExisting(store.store, store.networkId(), address)) {
      PeerTicket ticket = offline.manager().ticket(Optional.ofNullable(label));
      if (!offline.hadIdentity()) {
        offline.changed(); // keep the identity the ticket hands out
      }
      String text = ticket.encode();
      PrintWriter out = spec.commandLine().getOut();
      out.println(escape(text));
      if (!noQr) {
        out.println();
        out.print(TerminalQrCode.render(text, invert));
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "join", mixinStandardHelpOptions = true,
      description = "Add the node a ticket names as a persistent peer.")
  int join(@Mixin StoreOptions store,
      @Parameters(paramLabel = "TICKET", description = "The ticket text (PEERAGE1...).")
      String ticketText,
      @Option(names = "--name", paramLabel = "NAME",
          description = "The label to give the peer (default: the ticket's label).")
      String name) throws PeerStoreException {
    PeerTicket ticket = PeerTicket.parse(ticketText.strip());
    String label = name != null ? name
        : ticket.label().orElse("node " + ticket.nodeId().shortString());
    try (OfflineStore offline = OfflineStore.openOrCreate(store.store, ticket.network(), null)) {
      PeerEntry peer = offline.manager().addPeer(ticket, label);
      offline.changed();
      PrintWriter out = spec.commandLine().getOut();
      out.println("added " + escape(peer.id()) + " " + escape(peer.label().orElse("")) + " at "
          + escape(peer.address()) + " on network " + escape(peer.network()) + " (node "
          + ticket.nodeId().shortString() + ")");
      out.flush();
    }
    return ExitCodes.OK;
  }
}
