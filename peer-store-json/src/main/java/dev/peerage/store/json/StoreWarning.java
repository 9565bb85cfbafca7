package dev.peerage.store.json;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something a {@link JsonPeerStore} had to work around while loading: a damaged file it set aside,
 * a backup it fell back to, an entry it dropped, a file it migrated. The node still starts; the
 * warning tells the host what was lost or repaired so it can tell a person.
 *
 * <p>Every warning is also logged through SLF4J at level WARN (logger {@code
 * dev.peerage.store.json.JsonPeerStore}), given to the listener set with {@link
 * JsonPeerStore.Builder#listener}, and kept in {@link JsonPeerStore#lastLoadWarnings()} until the
 * next load. Immutable.
 *
 * @param kind what happened
 * @param file the file it happened to (for {@link Kind#CORRUPT_MOVED_ASIDE}, the file's new name)
 * @param message one line for people: what happened, to which file, and what the store did
 */
public record StoreWarning(Kind kind, Path file, String message) {

  /** What a {@link StoreWarning} reports. */
  public enum Kind {
    /**
     * A file did not parse, failed its checksum or was not a regular file; it was renamed to {@code
     * <name>.corrupt-<UTC timestamp>} in the same directory, never deleted.
     */
    CORRUPT_MOVED_ASIDE,
    /**
     * A file was damaged as for {@link #CORRUPT_MOVED_ASIDE} but could not be renamed (for example,
     * the directory is read-only); it was left in place and not used.
     */
    CORRUPT_LEFT_IN_PLACE,
    /** The snapshot file was missing or damaged, and the backup of the previous save was loaded. */
    BACKUP_LOADED,
    /**
     * Neither the snapshot file nor the backup could be used, and the store loaded as empty, with
     * the node identity of {@code node.key} if that file holds a valid key. The damaged files are
     * kept under their {@code .corrupt-} names.
     */
    EMPTY_FALLBACK,
    /**
     * One entry (a peer, an address, a ban, a score...) was invalid and was dropped; the rest
     * loaded.
     */
    ENTRY_DROPPED,
    /**
     * A whole section was invalid (for example, an address book whose key has the wrong length) and
     * was dropped; the other sections loaded.
     */
    SECTION_DROPPED,
    /**
     * A value was outside the range the store hands to the node, and the nearest value inside it
     * was loaded instead; the rest of its entry is read as usual. A count above its maximum (an
     * address book entry's {@code attempts} above 1,000,000) loads as the maximum; a time before
     * 1970-01-01T00:00:00Z or after 9999-12-31T23:59:59.999999999Z loads as that end of the range.
     * The message names the entry, the member, the value and the range. A working node with a sane
     * clock does not write such values: the file was edited, or written from bad data.
     */
    VALUE_CLAMPED,
    /** The file was written by an older format version and was converted on load. */
    MIGRATED,
    /**
     * The node's private key file was missing, damaged (its content was read and is wrong: the
     * message says what) or held another identity, so the snapshot loaded without an identity and
     * the host will create a new one. Any key file found is kept. A key file that cannot be read at
     * all (permission denied, a device error, a directory in its place) is never reported this way:
     * {@link JsonPeerStore#load()} throws instead and changes nothing.
     */
    IDENTITY_LOST,
    /**
     * The snapshot's private key was not in {@code node.key} but in a key file set aside when the
     * identity last changed ({@code node.key.replaced-<UTC time>}): the snapshot loaded is older
     * than {@code node.key} (the backup was loaded, or a save was interrupted between the key and
     * the snapshot). That key was used; the next save makes it {@code node.key} again.
     */
    IDENTITY_RECOVERED
  }

  /**
   * Checks the components.
   *
   * @param kind what happened
   * @param file the file it happened to
   * @param message one line for people
   * @throws NullPointerException if a component is null
   */
  public StoreWarning {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }
}
