package dev.peerage.examples.cli;

import dev.peerage.core.peer.PeerEntry;
import java.util.List;
import java.util.stream.Collectors;

/** Writes the small JSON documents the commands print. Stateless. */
final class Json {
  private Json() {}

  static String peers(List<PeerEntry> peers) {
    return peers.stream().map(Json::peer).collect(Collectors.joining(",\n  ", "[\n  ", "\n]"))
        .replace("[\n  \n]", "[]");
  }

  static String peer(PeerEntry peer) {
    StringBuilder b = new StringBuilder("{");
    field(b, "id", peer.id()).append(", ");
    b.append("\"addresses\": ").append(peer.addresses().stream()
        .map(a -> string(a.toString())).collect(Collectors.joining(", ", "[", "]"))).append(", ");
    field(b, "network", peer.network().toString()).append(", ");
    field(b, "source", peer.source().name()).append(", ");
    b.append("\"enabled\": ").append(peer.enabled()).append(", ");
    b.append("\"protected\": ").append(peer.isProtected()).append(", ");
    b.append("\"flags\": ").append(peer.flags().stream().map(f -> string(f.name()))
        .sorted().collect(Collectors.joining(", ", "[", "]")));
    peer.label().ifPresent(l -> field(b.append(", "), "label", l));
    peer.nodeId().ifPresent(n -> field(b.append(", "), "nodeId", n.toString()));
    field(b.append(", "), "addedAt", peer.addedAt().toString());
    return b.append('}').toString();
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    return b.append(string(name)).append(": ").append(string(value));
  }

  static String string(String value) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
