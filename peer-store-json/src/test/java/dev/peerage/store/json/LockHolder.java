package dev.peerage.store.json;

import java.nio.file.Path;

/** The lock test's child: opens a store, says so, and keeps it open until its input ends. */
public final class LockHolder {
  private LockHolder() {}

  /**
   * Holds the store open.
   *
   * @param args the store directory
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    try (JsonPeerStore store = JsonPeerStore.open(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the parent to close our input.
      }
    }
    System.out.println("released");
    System.out.flush();
  }
}
