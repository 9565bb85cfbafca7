package dev.peerage.core.internal;

/**
 * Exponential decay by half-life, as a pure function of elapsed time: a value halves every
 * half-life, {@code value * 2^(-elapsed / halfLife)}.
 *
 * <p>Computed lazily from a stored value and timestamp rather than by a timer, so it costs nothing
 * between reads and gives the same answer on a virtual clock as on a real one. Whole half-lives
 * are applied with {@link Math#scalb(double, int)}, which is exact, so a value is exactly halved
 * after exactly one half-life and exactly quartered after two; only the fraction of a half-life
 * goes through {@link Math#pow(double, double)}.
 */
public final class HalfLifeDecay {

  private HalfLifeDecay() {}

  /**
   * Returns {@code value} decayed over {@code elapsedNanos}.
   *
   * @param value the value at the start, finite and not negative
   * @param elapsedNanos time since the start; zero or negative (a clock that stepped back)
   *     leaves the value unchanged
   * @param halfLifeNanos the half-life, positive
   * @return the decayed value: between 0 and {@code value}; 0 once it underflows
   */
  public static double decay(double value, long elapsedNanos, long halfLifeNanos) {
    if (elapsedNanos <= 0 || value == 0) {
      return value;
    }
    long wholeHalfLives = elapsedNanos / halfLifeNanos;
    if (wholeHalfLives > 2_000) {
      // Past 2^-2000 every double is 0; also keeps the int cast below in range.
      return 0;
    }
    double fraction = (double) (elapsedNanos % halfLifeNanos) / halfLifeNanos;
    double partial = fraction == 0 ? value : value * Math.pow(0.5, fraction);
    return Math.scalb(partial, (int) -wholeHalfLives);
  }
}
