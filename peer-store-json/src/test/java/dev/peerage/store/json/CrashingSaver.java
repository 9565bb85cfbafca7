package dev.peerage.store.json;

import java.nio.file.Path;

/**
 * The crash test's child: loads the store, then saves numbered snapshots in a loop and prints
 * {@code saved k} after each save returns, until it is killed.
 */
public final class CrashingSaver {
  private CrashingSaver() {}

  /**
   * Runs the loop.
   *
   * @param args the store directory and the first number to save
   * @throws Exception on any failure, which the parent sees as an early end of output
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    long k = Long.parseLong(args[1]);
    try (JsonPeerStore store = JsonPeerStore.open(directory)) {
      store.load();
      System.out.println("ready");
      System.out.flush();
      while (true) {
        store.save(Snapshots.numbered(k));
        System.out.println("saved " + k);
        System.out.flush();
        k++;
      }
    }
  }
}
