package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.peer.PeerTicket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketCommandTest {
  @TempDir
  Path dir;

  /** 'ticket show' reads an existing store; 'peers add' is one way to create it. */
  private String newStore(String name) {
    String store = dir.resolve(name).toString();
    CliRun add = CliRun.of("peers", "add", "--store", store, "198.51.100.200:8333");
    assertThat(add.exitCode()).as(add.err()).isZero();
    return store;
  }

  @Test
  void showPrintsTheTicketAndAQrCode() {
    String store = newStore("a");
    CliRun show = CliRun.of("ticket", "show", "--store", store, "--listen", "192.0.2.9:8333",
        "--label", "laptop");
    assertThat(show.exitCode()).as(show.err()).isZero();
    String[] lines = show.out().split("\n");
    PeerTicket ticket = PeerTicket.parse(lines[0]);
    assertThat(ticket.addresses()).extracting(Object::toString).containsExactly("192.0.2.9:8333");
    assertThat(ticket.label()).contains("laptop");
    // The QR code: square-ish block art below the ticket, all rows the same width.
    assertThat(lines[1]).isEmpty();
    assertThat(lines.length).isGreaterThan(12);
    assertThat(lines[2]).matches("[█▀▄ ]+");
    for (int i = 3; i < lines.length; i++) {
      assertThat(lines[i]).hasSameSizeAs(lines[2]);
    }
    // The same store gives the same node id next time.
    CliRun again = CliRun.of("ticket", "show", "--store", store, "--listen", "192.0.2.9:8333",
        "--no-qr");
    assertThat(PeerTicket.parse(again.out().strip()).nodeId()).isEqualTo(ticket.nodeId());
  }

  @Test
  void joinAddsThePeerFromAnotherNodesTicket() {
    CliRun show = CliRun.of("ticket", "show", "--store", newStore("a"),
        "--listen", "192.0.2.9:8333", "--label", "laptop", "--no-qr");
    String ticket = show.out().strip();
    String other = dir.resolve("b").toString();
    CliRun join = CliRun.of("ticket", "join", "--store", other, ticket, "--name", "My laptop");
    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(join.out()).contains("My laptop", "192.0.2.9:8333", "network main");
    assertThat(CliRun.of("peers", "list", "--store", other, "--json").out())
        .contains("\"TICKET\"", "\"label\": \"My laptop\"",
            PeerTicket.parse(ticket).nodeId().toString());
    // Joining again updates the same peer instead of adding a second one.
    CliRun twice = CliRun.of("ticket", "join", "--store", other, ticket);
    assertThat(twice.exitCode()).as(twice.err()).isZero();
    assertThat(CliRun.of("peers", "list", "--store", other).out()).contains("1 peer(s)");
  }

  @Test
  void invalidTicketsAreBadInput() {
    CliRun join = CliRun.of("ticket", "join", "--store", dir.resolve("b").toString(), "garbage");
    assertThat(join.exitCode()).isEqualTo(2);
    assertThat(join.err()).contains("not a Peerage ticket");
    CliRun show = CliRun.of("ticket", "show", "--store", newStore("a"),
        "--listen", "nowhere");
    assertThat(show.exitCode()).isEqualTo(2);
    assertThat(show.err()).contains("nowhere");
  }
}
