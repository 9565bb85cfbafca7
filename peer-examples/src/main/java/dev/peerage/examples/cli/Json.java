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

  /**
   * A JSON string literal: quotes, backslashes and the usual controls get their short escapes, and
   * every other character {@link TerminalText#isUnsafe} rejects becomes a {@code \}{@code uXXXX}
   * escape, so the document is safe on a terminal and still decodes to the same text.
   */
  static String string(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      int n = Character.charCount(c);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (TerminalText.isUnsafe(c)) {
            for (int k = i; k < i + n; k++) {
              TerminalText.unicodeEscape(b, value.charAt(k));
            }
          } else {
            b.append(value, i, i + n);
          }
        }
      }
      i += n;
    }
    return b.append('"').toString();
  }
}
