package dev.peerage.examples;

/** Entry point of the examples jar; replaced by the real demo once the core model lands. */
public final class Main {
  private Main() {}

  /**
   * Runs the examples.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("Peerage examples");
  }
}
