package dev.peerage.examples.cli;

import dev.peerage.core.address.NetworkId;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every offline store command takes: the store directory and the network. */
public final class StoreOptions {
  @Option(names = "--store", required = true, paramLabel = "DIR",
      description = "The node's store directory (created if missing by commands that add).")
  Path store;

  @Option(names = "--network", paramLabel = "NAME", defaultValue = "main",
      description = "The network whose peer list to use (default: ${DEFAULT-VALUE}).")
  String network;

  /** Creates empty options; picocli fills them in. */
  public StoreOptions() {}

  NetworkId networkId() {
    return NetworkId.of(network);
  }
}
