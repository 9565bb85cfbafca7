package dev.peerage.core.peer;

import java.util.List;
import java.util.Objects;

/**
 * What an import did: the peers added, the input refused (with why), and how many duplicates were merged.
 * Nothing is dropped silently: every input line or entry is in exactly one of the three.
 *
 * @param added the peers that were added, in input order
 * @param rejected the inputs that were refused
 * @param duplicates inputs that matched a peer already present (or earlier in the same input) and were
 *     merged into it
 */
public record ImportResult(List<PeerEntry> added, List<Rejected> rejected, int duplicates) {
  /**
   * Copies and checks the components.
   *
   * @param added the added peers
   * @param rejected the refused inputs
   * @param duplicates the merged duplicates, 0 or more
   */
  public ImportResult {
    added = List.copyOf(added);
    rejected = List.copyOf(rejected);
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates must not be negative, was " + duplicates);
    }
  }

  /**
   * One refused input.
   *
   * @param line the 1-based line (or entry) number in the input
   * @param input the refused text (or a description of the entry)
   * @param reason why it was refused, naming the bad value
   */
  public record Rejected(int line, String input, String reason) {
    /**
     * Checks the components.
     *
     * @param line the 1-based position
     * @param input the refused input
     * @param reason why
     */
    public Rejected {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
