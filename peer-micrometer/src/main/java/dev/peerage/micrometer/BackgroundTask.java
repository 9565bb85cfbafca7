package dev.peerage.micrometer;

import dev.peerage.core.PeerStats;
import java.util.Locale;

/**
 * The values of the {@code task} tag of {@link PeerageMeter#TASKS}: the manager's background tasks, as
 * {@link PeerStats#tasks()} names them (the tag value is the lower-case name, for example
 * {@code maintenance}). A fixed set; a task not listed is counted under {@link #OTHER}.
 */
public enum BackgroundTask {
  /** The maintenance tick: backoffs, limits, the outbound target. */
  MAINTENANCE,
  /** A save to the store. */
  SAVE,
  /** A feeler round. */
  FEELER,
  /** An outbound rotation round. */
  ROTATION,
  /** A discovery round. */
  DISCOVERY,
  /** Any task not listed above. */
  OTHER;

  /**
   * The tag value, which is also the task's key in {@link PeerStats#tasks()}.
   *
   * @return the lower-case name
   */
  public String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
