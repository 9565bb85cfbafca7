package dev.peerage.examples.cli;

import static dev.peerage.examples.cli.TerminalText.escape;

import dev.peerage.core.PeerManager;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.peer.ImportResult;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.spi.PeerStoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peers}: edits a node's store directory while the node is stopped. Every edit goes through
 * a {@link PeerManager}, so the same rules apply as in a running node. Not thread-safe; picocli runs
 * one command at a time.
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
    description = "Manage the peers in a store directory while the node is stopped.",
    footer = {"", "Commands that only read (list, bans, export, node-args) or change existing peers "
        + "and bans (remove, enable, disable, unban) refuse a --store that holds no store; add, "
        + "import, ban and reset-defaults create it.",
        "", "Exit codes: 0 done, 1 the store could not be used, 2 bad input (including no store "
        + "at --store, or a file over a size limit)."})
public final class PeersCommand {
  @Spec
  CommandSpec spec;

  /** Creates the command; picocli fills in its fields. */
  public PeersCommand() {}

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the managed peers of a network, as a table or as JSON.")
  int list(@Mixin StoreOptions store,
      @Option(names = "--json", description = "Print a JSON array instead of a table.")
      boolean json) throws PeerStoreException {
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      List<PeerEntry> peers = offline.manager().peers(PeerQuery.all().network(store.networkId()));
      PrintWriter out = out();
      if (json) {
        out.println(Json.peers(peers));
      } else {
        out.printf("%-28s %-26s %-18s %-8s %-24s %s%n", "ID", "ADDRESS", "SOURCE", "ENABLED",
            "FLAGS", "LABEL");
        for (PeerEntry peer : peers) {
          out.printf("%-28s %-26s %-18s %-8s %-24s %s%n", escape(peer.id()),
              escape(peer.address()), peer.source(), peer.enabled() ? "yes" : "no", flags(peer),
              escape(peer.label().orElse("")));
        }
        out.println(peers.size() + " peer(s) on network " + escape(store.network));
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a peer by address.")
  int add(@Mixin StoreOptions store,
      @Parameters(paramLabel = "ADDRESS", description = "host:port, [ipv6]:port or ip:port")
      String address,
      @Option(names = "--label", paramLabel = "LABEL", description = "A name to show.")
      String label,
      @Option(names = "--persistent", description = "Keep reconnecting to it.")
      boolean persistent) throws PeerStoreException {
    PeerAddress parsed = PeerAddress.parse(address);
    try (OfflineStore offline = OfflineStore.openOrCreate(store.store, store.networkId(), null)) {
      PeerManager manager = offline.manager();
      PeerEntry.Builder peer = manager.newPeer(store.networkId(), parsed)
          .flag(PeerFlag.PERSISTENT, persistent);
      if (label != null) {
        peer.label(label);
      }
      PeerEntry added = manager.addPeer(peer.build());
      offline.changed();
      out().println("added " + escape(added.id()) + " " + escape(added.address()));
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a peer.")
  int remove(@Mixin StoreOptions store, @Parameters(paramLabel = "ID") String id)
      throws PeerStoreException {
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      if (!offline.manager().removePeer(id)) {
        throw new IllegalArgumentException("no peer has the id '" + id + "'; see 'peers list'");
      }
      offline.changed();
      out().println("removed " + escape(id));
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a peer.")
  int enable(@Mixin StoreOptions store, @Parameters(paramLabel = "ID") String id)
      throws PeerStoreException {
    return setEnabled(store, id, true);
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Disable a peer: it is kept but never dialled.")
  int disable(@Mixin StoreOptions store, @Parameters(paramLabel = "ID") String id)
      throws PeerStoreException {
    return setEnabled(store, id, false);
  }

  private int setEnabled(StoreOptions store, String id, boolean enabled)
      throws PeerStoreException {
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      PeerManager manager = offline.manager();
      boolean was = manager.peer(id).map(PeerEntry::enabled).orElse(!enabled);
      manager.setEnabled(id, enabled);
      if (was != enabled) {
        offline.changed();
      }
      out().println((enabled ? "enabled " : "disabled ") + escape(id));
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "ban", mixinStandardHelpOptions = true,
      description = "Ban an address or subnet, for example 203.0.113.7 or 203.0.113.0/24.")
  int ban(@Mixin StoreOptions store, @Parameters(paramLabel = "SUBNET") String subnet,
      @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "PT24H",
          converter = DurationOption.BanDuration.class,
          description = "How long: ISO-8601 (PT1H, P7D) or a number with ms, s, m, h or d "
              + "(90m, 7d); PT0S for permanent, at most P36500D (default: ${DEFAULT-VALUE}).")
      Duration duration,
      @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "banned by the operator",
          description = "Why (default: ${DEFAULT-VALUE}).")
      String reason) throws PeerStoreException {
    Subnet parsed = Subnet.parse(subnet);
    try (OfflineStore offline = OfflineStore.openOrCreate(store.store, store.networkId(), null)) {
      BanEntry ban = offline.manager().ban(parsed, duration, reason);
      offline.changed();
      out().println("banned " + escape(ban.target()) + ban.until().map(t -> " until " + t).orElse(
          " permanently"));
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lift a ban.")
  int unban(@Mixin StoreOptions store, @Parameters(paramLabel = "SUBNET") String subnet)
      throws PeerStoreException {
    Subnet parsed = Subnet.parse(subnet);
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      if (!offline.manager().unban(parsed)) {
        throw new IllegalArgumentException("'" + subnet + "' is not banned; see 'peers bans'");
      }
      offline.changed();
      out().println("unbanned " + escape(parsed));
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "bans", mixinStandardHelpOptions = true, description = "List the bans.")
  int bans(@Mixin StoreOptions store) throws PeerStoreException {
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      List<BanEntry> bans = offline.manager().bans();
      for (BanEntry ban : bans) {
        out().printf("%-28s %-30s %s%n", escape(ban.target()),
            ban.until().map(Object::toString).orElse("permanent"), escape(ban.reason()));
      }
      out().println(bans.size() + " ban(s)");
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import a plain address list: one address per line; blank lines and lines "
          + "starting with # are skipped, and # after white space starts a comment. At most 16 MiB, 100000 lines and 4096 characters a "
          + "line; a larger file is refused and nothing is imported.")
  int importFile(@Mixin StoreOptions store, @Parameters(paramLabel = "FILE") Path file)
      throws PeerStoreException {
    // A label after an address ("203.0.113.7:8333  # Home", as 'export' writes) is a comment.
    List<String> lines = AddressListFile.readLines(file).stream()
        .map(AddressListFile::withoutComment).toList();
    try (OfflineStore offline = OfflineStore.openOrCreate(store.store, store.networkId(), null)) {
      ImportResult result = offline.manager().importAddresses(store.networkId(), lines);
      if (!result.added().isEmpty()) {
        offline.changed(); // the accepted lines are kept even when others were rejected
      }
      PrintWriter out = out();
      out.println("added " + result.added().size() + ", duplicates " + result.duplicates()
          + ", rejected " + result.rejected().size());
      for (ImportResult.Rejected rejected : result.rejected()) {
        spec.commandLine().getErr().println("line " + rejected.line() + ": '"
            + escape(rejected.input()) + "': " + escape(rejected.reason()));
      }
      out.flush();
      spec.commandLine().getErr().flush();
      return result.rejected().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Print a network's peers as a plain address list (the format 'import' reads), "
          + "or as JSON with --json.")
  int export(@Mixin StoreOptions store,
      @Option(names = "--json", description = "Print a JSON array with every field.")
      boolean json) throws PeerStoreException {
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      List<PeerEntry> peers = offline.manager().exportPeers(store.networkId());
      PrintWriter out = out();
      if (json) {
        out.println(Json.peers(peers));
      } else {
        out.println("# peers of network " + escape(store.network));
        for (PeerEntry peer : peers) {
          out.println(escape(peer.address())
              + peer.label().map(l -> "  # " + escape(l)).orElse(""));
        }
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "reset-defaults", mixinStandardHelpOptions = true,
      description = "Reset a network's list to its default bootstrap peers, read from a file "
          + "(one address per line): custom peers are removed, every default is enabled.")
  int resetDefaults(@Mixin StoreOptions store,
      @Option(names = "--defaults", required = true, paramLabel = "FILE") Path defaults)
      throws PeerStoreException {
    List<PeerAddress> addresses = AddressListFile.readAddresses(defaults);
    try (OfflineStore offline = OfflineStore.openOrCreate(store.store, store.networkId(), null)) {
      PeerManager manager = offline.manager();
      manager.registerDefaults(store.networkId(), addresses);
      int removed = manager.resetToDefaults(store.networkId());
      offline.changed();
      out().println("removed " + removed + " custom peer(s); network " + escape(store.network)
          + " now has its " + addresses.size() + " default peer(s)");
      out().flush();
    }
    return ExitCodes.OK;
  }

  @Command(name = "node-args", mixinStandardHelpOptions = true,
      description = "Print the enabled peers as command-line arguments for a node process.")
  int nodeArgs(@Mixin StoreOptions store,
      @Option(names = "--flag", paramLabel = "FLAG", defaultValue = "--peer",
          description = "The flag before each address (default: ${DEFAULT-VALUE}).")
      String flag) throws PeerStoreException {
    try (OfflineStore offline = OfflineStore.openExisting(store.store, store.networkId(), null)) {
      out().println(escape(String.join(" ",
          offline.manager().launchArguments(store.networkId(), flag))));
      out().flush();
    }
    return ExitCodes.OK;
  }

  private static String flags(PeerEntry peer) {
    if (peer.flags().isEmpty()) {
      return "-";
    }
    return peer.flags().stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
        .sorted().collect(Collectors.joining(","));
  }
}
