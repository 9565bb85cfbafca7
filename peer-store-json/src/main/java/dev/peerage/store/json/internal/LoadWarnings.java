package dev.peerage.store.json.internal;

import dev.peerage.store.json.StoreWarning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the warnings of reading one file. Dropped entries and clamped values are bounded: the
 * first {@value #MAX_ENTRY_WARNINGS} of each are listed one by one, the rest summed up in one
 * warning, so a file with a million bad entries cannot flood the log or the heap. Not thread-safe.
 */
public final class LoadWarnings {
  /** Dropped entries listed individually; more are counted. */
  public static final int MAX_ENTRY_WARNINGS = 100;

  private final Path file;
  private final List<StoreWarning> warnings = new ArrayList<>();
  private int entriesDropped;
  private int valuesClamped;

  /**
   * Creates an empty collection for warnings about {@code file}.
   *
   * @param file the file being read
   */
  public LoadWarnings(Path file) {
    this.file = file;
  }

  /**
   * Records a dropped entry.
   *
   * @param where the entry's position, such as {@code peers[3]}
   * @param reason why it was dropped
   */
  public void entryDropped(String where, String reason) {
    entriesDropped++;
    if (entriesDropped <= MAX_ENTRY_WARNINGS) {
      warnings.add(
          new StoreWarning(
              StoreWarning.Kind.ENTRY_DROPPED,
              file,
              file.getFileName() + ": dropped invalid entry " + where + ": " + reason));
    }
  }

  /**
   * Records a value that was out of range and was replaced by the nearest value in range.
   *
   * @param where the entry's position, such as {@code addressBook.entries[3]}, or the section
   * @param what the member, its value, the range, and what was loaded instead
   */
  public void valueClamped(String where, String what) {
    valuesClamped++;
    if (valuesClamped <= MAX_ENTRY_WARNINGS) {
      warnings.add(
          new StoreWarning(
              StoreWarning.Kind.VALUE_CLAMPED,
              file,
              file.getFileName() + ": " + where + ": " + what));
    }
  }

  /**
   * Records a dropped section.
   *
   * @param section the section's name
   * @param reason why it was dropped
   */
  public void sectionDropped(String section, String reason) {
    warnings.add(
        new StoreWarning(
            StoreWarning.Kind.SECTION_DROPPED,
            file,
            file.getFileName() + ": dropped invalid section " + section + ": " + reason));
  }

  /**
   * Records any other warning.
   *
   * @param warning the warning
   */
  public void add(StoreWarning warning) {
    warnings.add(warning);
  }

  /**
   * Returns how many entries were dropped in all.
   *
   * @return the count, including those not listed
   */
  public int entriesDropped() {
    return entriesDropped;
  }

  /**
   * Returns the warnings, with a summary of the dropped entries and of the clamped values that were
   * not listed.
   *
   * @return a new list
   */
  public List<StoreWarning> toList() {
    List<StoreWarning> all = new ArrayList<>(warnings);
    if (entriesDropped > MAX_ENTRY_WARNINGS) {
      all.add(
          new StoreWarning(
              StoreWarning.Kind.ENTRY_DROPPED,
              file,
              file.getFileName()
                  + ": dropped "
                  + (entriesDropped - MAX_ENTRY_WARNINGS)
                  + " more invalid entries ("
                  + entriesDropped
                  + " in all)"));
    }
    if (valuesClamped > MAX_ENTRY_WARNINGS) {
      all.add(
          new StoreWarning(
              StoreWarning.Kind.VALUE_CLAMPED,
              file,
              file.getFileName()
                  + ": clamped "
                  + (valuesClamped - MAX_ENTRY_WARNINGS)
                  + " more out-of-range values ("
                  + valuesClamped
                  + " in all)"));
    }
    return all;
  }
}
