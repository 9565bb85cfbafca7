package dev.peerage.store.json;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.internal.ContentMigration;
import dev.peerage.store.json.internal.CorruptDocumentException;
import dev.peerage.store.json.internal.DurableFileWriter;
import dev.peerage.store.json.internal.FileOperations;
import dev.peerage.store.json.internal.KeyFile;
import dev.peerage.store.json.internal.NioFileOperations;
import dev.peerage.store.json.internal.RefusedFileException;
import dev.peerage.store.json.internal.SaveStepException;
import dev.peerage.store.json.internal.SnapshotReader;
import dev.peerage.store.json.internal.SnapshotWriter;
import dev.peerage.store.json.internal.StoreLock;
import dev.peerage.store.json.internal.StorePermissions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crash-safe {@link PeerStore} that keeps a node's {@link PeerSnapshot} as a human-readable JSON
 * document in a directory of its own. A power cut or a killed process at any instant leaves the
 * last or the previous complete snapshot; a damaged file is set aside, never deleted, and the store
 * falls back to its backup or to empty so the node always starts, and it says so.
 *
 * <h2>How to use it</h2>
 *
 * <pre>{@code
 * try (JsonPeerStore store = JsonPeerStore.open(Path.of("/var/lib/mynode/peers"))) {
 *   PeerManager manager = PeerManager.builder()...store(store)...build();
 *   ...
 * }
 * }</pre>
 *
 * <p>or, to set a size limit and be told about fallbacks:
 *
 * <pre>{@code
 * JsonPeerStore store = JsonPeerStore.builder(directory)
 *     .maxFileSize(128L << 20)
 *     .listener(warning -> ui.showBanner(warning.message()))
 *     .open();
 * }</pre>
 *
 * <h2>Files in the directory</h2>
 *
 * <ul>
 *   <li>{@value #SNAPSHOT_FILE}: the snapshot (see {@code docs/persistence-format.md}): format
 *       name, version, write time, content, and a SHA-256 checksum.
 *   <li>{@value #BACKUP_FILE}: the snapshot before the last save, kept as a fallback.
 *   <li>{@value #KEY_FILE}: the node's private key, only if the snapshot has an identity. A key
 *       file is never overwritten: one that is replaced is kept as {@code node.key.replaced-<UTC
 *       time>}.
 *   <li>{@value #LOCK_FILE}: holds the operating-system lock that keeps a second store off the
 *       directory, and the owner's process id.
 *   <li>{@code *.corrupt-<UTC time>}: damaged files, set aside for a person to inspect.
 *   <li>{@code *.tmp}: a save in progress; one left over by a crash is removed at the next open.
 * </ul>
 *
 * <p>Where the file system has POSIX permissions, every file the store creates, temporaries
 * included, is created readable and writable by its owner only ({@code rw-------}), and a store
 * directory the store creates is {@code rwx------}; the permissions are part of the call that
 * creates the file, so no other user can open it at any instant. An existing directory, and files
 * that already exist, keep their permissions. Elsewhere (Windows) files inherit the directory's
 * access rules, so put the store in a directory only the node's user can read.
 *
 * <h2>Saving</h2>
 *
 * <p>{@link #save} streams the snapshot into {@code peers.json.tmp}, flushes and {@code fsync}s it,
 * keeps the current file as {@value #BACKUP_FILE} (a hard link, or a synced copy), renames the new
 * file over {@value #SNAPSHOT_FILE} atomically, and {@code fsync}s the directory. A failure at any
 * step (disk full, read-only directory, permission denied) throws a {@link PeerStoreException} that
 * names the step and the file; {@value #SNAPSHOT_FILE} is then the previous save. {@code
 * PeerManager} reports it as a {@code StoreFailed} event and saves again later.
 *
 * <h2>Loading</h2>
 *
 * <ul>
 *   <li>No files: an empty snapshot.
 *   <li>A damaged {@value #SNAPSHOT_FILE} (does not parse, wrong checksum, not a regular file): it
 *       is renamed to {@code peers.json.corrupt-<UTC time>} and the backup is loaded; if the backup
 *       is damaged too, it is set aside the same way and the snapshot is empty but for the
 *       identity in {@value #KEY_FILE}, if that holds a valid key, so the node keeps its node id.
 *       Each step is a {@link StoreWarning}.
 *   <li>A file written by a newer major format version, or larger than {@link Builder#maxFileSize}:
 *       {@link #load()} throws and leaves the file untouched; {@link #save} then refuses to
 *       overwrite it.
 *   <li>A file that cannot be read at all (permission denied, a device error): {@link #load()}
 *       throws a {@link PeerStoreException} naming the file and the cause, and changes nothing.
 *       This holds for {@value #KEY_FILE} too, and for a directory or a broken symbolic link in its
 *       place: the key in it may be fine, so it is neither replaced nor set aside.
 *   <li>A {@value #KEY_FILE} whose content is proven wrong (not a key file, a key of the wrong
 *       length, a key that does not derive the node id it states): the snapshot loads without an
 *       identity, with a {@link StoreWarning.Kind#IDENTITY_LOST} warning that says what was wrong;
 *       the file is kept (the next save renames it to {@code node.key.replaced-<UTC time>}).
 *   <li>An older format version: converted, with a {@link StoreWarning.Kind#MIGRATED} warning.
 *   <li>An invalid entry: dropped with a warning; the rest loads.
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * <p>Thread-safe: every method takes the store's lock, so a save and a load never overlap. The
 * listener runs on the thread that called {@link #load()} or {@link #save}, after the files are
 * dealt with; an exception it throws is logged and ignored. Only one store, in any process, may
 * have a directory open at a time.
 */
public final class JsonPeerStore implements PeerStore {
  /** The snapshot's file name. */
  public static final String SNAPSHOT_FILE = "peers.json";

  /** The backup's file name: the snapshot before the last save. */
  public static final String BACKUP_FILE = "peers.json.bak";

  /** The private key's file name. */
  public static final String KEY_FILE = "node.key";

  /** The lock file's name. */
  public static final String LOCK_FILE = "peers.lock";

  /**
   * The default largest snapshot file a store loads, 64 MiB. A default 80k-address book with a few
   * thousand bans and scores takes about 15 MiB; reading takes a few times the file's size in heap,
   * so the limit also bounds what a damaged or hostile file can make the node allocate.
   */
  public static final long DEFAULT_MAX_FILE_SIZE = 64L << 20;

  private static final Logger log = LoggerFactory.getLogger(JsonPeerStore.class);
  private static final String REPLACED_KEY_PREFIX = KEY_FILE + ".replaced-";

  /** Set-aside key files searched for a snapshot's key; more would mean something else is wrong. */
  private static final int MAX_REPLACED_KEYS = 1000;

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What is known about {@value #SNAPSHOT_FILE}, which decides what a save may do with it. */
  private enum MainFile {
    /** Not looked at since open: a save verifies it first. */
    UNVERIFIED,
    /** Absent. */
    ABSENT,
    /** Loaded or written by this store: a save keeps it as the backup. */
    GOOD,
    /** Damaged and could not be set aside: a save must set it aside first. */
    DAMAGED,
    /** From a newer version or too large: never overwritten. */
    REFUSED
  }

  private final Object lock = new Object();
  private final Path directory;
  private final Path snapshotFile;
  private final Path backupFile;
  private final Path keyFile;
  private final long maxFileSize;
  private final Consumer<StoreWarning> listener;
  private final InstantSource clock;
  private final FileOperations ops;
  private final DurableFileWriter files;
  private final SnapshotWriter writer = new SnapshotWriter();
  private final SnapshotReader reader;
  private final StoreLock directoryLock;

  private volatile List<StoreWarning> lastLoadWarnings = List.of();
  private boolean closed;
  private MainFile mainFile = MainFile.UNVERIFIED;
  private String refusal;

  /** The identity {@value #KEY_FILE} is known to hold, or null if not known. */
  private NodeId keyOnDisk;

  private JsonPeerStore(Builder b, StoreLock directoryLock) {
    this.directory = b.directory;
    this.snapshotFile = directory.resolve(SNAPSHOT_FILE);
    this.backupFile = directory.resolve(BACKUP_FILE);
    this.keyFile = directory.resolve(KEY_FILE);
    this.maxFileSize = b.maxFileSize;
    this.listener = b.listener;
    this.clock = b.clock;
    this.ops = b.ops;
    this.files = new DurableFileWriter(ops);
    this.reader = new SnapshotReader(b.migrations);
    this.directoryLock = directoryLock;
  }

  /**
   * Opens the store in {@code directory} with the default settings, creating the directory if it
   * does not exist, and takes its lock.
   *
   * @param directory the store's own directory
   * @return the open store; close it to release the directory
   * @throws PeerStoreException if the directory cannot be created or is in use by another store (in
   *     this or another process); the message names the holder's process id when it can
   */
  public static JsonPeerStore open(Path directory) throws PeerStoreException {
    return builder(directory).open();
  }

  /**
   * Returns a builder for a store in {@code directory}.
   *
   * @param directory the store's own directory
   * @return a builder with the default settings
   * @throws NullPointerException if {@code directory} is null
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /**
   * Returns the store's directory.
   *
   * @return the directory, as given to the builder
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the warnings of the last {@link #load()}: what was set aside, dropped, migrated or
   * recovered. Empty before the first load and after a clean one. Safe to call from any thread.
   *
   * @return an unmodifiable list, in the order the events happened
   */
  public List<StoreWarning> lastLoadWarnings() {
    return lastLoadWarnings;
  }

  /**
   * Reads the last saved snapshot, falling back as the class documentation describes.
   *
   * @return the snapshot; empty if the store holds nothing or nothing usable
   * @throws PeerStoreException if the store is closed, a file is from a newer format version or
   *     over the size limit (the file is left untouched), or a file cannot be read at all
   *     (permission denied, device error; for {@value #KEY_FILE} and the key files set aside, also
   *     a directory or a broken symbolic link in the file's place): the message names the file and
   *     the cause, and nothing on disk was changed by reading it (a damaged snapshot file set aside
   *     before the failure is still reported as a {@link StoreWarning})
   */
  @Override
  public PeerSnapshot load() throws PeerStoreException {
    List<StoreWarning> warnings = new ArrayList<>();
    try {
      synchronized (lock) {
        requireOpen();
        try {
          return loadLocked(warnings);
        } finally {
          lastLoadWarnings = List.copyOf(warnings);
        }
      }
    } finally {
      // Also when the load fails: a file set aside before the failure must still be reported.
      publish(warnings);
    }
  }

  private PeerSnapshot loadLocked(List<StoreWarning> warnings) throws PeerStoreException {
    SnapshotReader.Loaded loaded = null;
    boolean snapshotExists = Files.exists(snapshotFile, LinkOption.NOFOLLOW_LINKS);
    if (snapshotExists) {
      loaded = attempt(snapshotFile, warnings);
      mainFile =
          loaded != null
              ? MainFile.GOOD
              : Files.exists(snapshotFile, LinkOption.NOFOLLOW_LINKS)
                  ? MainFile.DAMAGED
                  : MainFile.ABSENT;
    } else {
      mainFile = MainFile.ABSENT;
    }
    if (loaded == null && Files.exists(backupFile, LinkOption.NOFOLLOW_LINKS)) {
      loaded = attempt(backupFile, warnings);
      if (loaded != null) {
        warnings.add(
            new StoreWarning(
                StoreWarning.Kind.BACKUP_LOADED,
                backupFile,
                "loaded the backup "
                    + backupFile
                    + " because "
                    + snapshotFile
                    + (snapshotExists ? " could not be used" : " is missing")
                    + "; changes of the last save are lost"));
      }
    }
    if (loaded == null) {
      Optional<NodeIdentity> identity = keyWithoutSnapshot();
      if (snapshotExists
          || Files.exists(backupFile, LinkOption.NOFOLLOW_LINKS)
          || !warnings.isEmpty()) {
        warnings.add(
            new StoreWarning(
                StoreWarning.Kind.EMPTY_FALLBACK,
                snapshotFile,
                "no usable snapshot in "
                    + directory
                    + "; starting with an empty store"
                    + identity
                        .map(id -> " under node " + id.nodeId().shortString() + " from " + keyFile)
                        .orElse("")
                    + " (the damaged files are kept)"));
      }
      return identity.isEmpty()
          ? PeerSnapshot.empty()
          : new PeerSnapshot(
              Optional.empty(),
              identity,
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              List.of(),
              List.of());
    }
    warnings.addAll(loaded.warnings());
    PeerSnapshot content = loaded.content().snapshot();
    Optional<NodeIdentity> identity = findIdentity(loaded.content().identity(), warnings);
    return new PeerSnapshot(
        content.savedAt(),
        identity,
        content.peers(),
        content.addressBook(),
        content.bans(),
        content.scores(),
        content.anchors(),
        content.cachedPeers());
  }

  /**
   * Reads one snapshot file; on damage, sets it aside and returns null. A refused or unreadable
   * file throws, leaving the file as it is.
   */
  private SnapshotReader.Loaded attempt(Path file, List<StoreWarning> warnings)
      throws PeerStoreException {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CorruptDocumentException("it is not a regular file");
      }
      return reader.read(file, maxFileSize);
    } catch (CorruptDocumentException e) {
      setAside(file, e.getMessage(), warnings);
      return null;
    } catch (RefusedFileException e) {
      if (file.equals(snapshotFile)) {
        mainFile = MainFile.REFUSED;
        refusal = e.getMessage();
      }
      throw new PeerStoreException("cannot load the peer store: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PeerStoreException(
          "cannot read " + file + ": " + SaveStepException.describe(e) + "; nothing was changed",
          e);
    }
  }

  /** Renames a damaged file to a unique {@code .corrupt-} name; returns whether it worked. */
  private boolean setAside(Path file, String reason, List<StoreWarning> warnings) {
    String name = file.getFileName() + ".corrupt-" + FILE_TIME.format(clock.instant());
    try {
      Path target = unusedName(name);
      ops.moveAtomically(file, target);
      warnings.add(
          new StoreWarning(
              StoreWarning.Kind.CORRUPT_MOVED_ASIDE,
              target,
              file
                  + " could not be used ("
                  + reason
                  + "); renamed to "
                  + target.getFileName()
                  + " and kept"));
      return true;
    } catch (IOException | RuntimeException e) {
      warnings.add(
          new StoreWarning(
              StoreWarning.Kind.CORRUPT_LEFT_IN_PLACE,
              file,
              file
                  + " could not be used ("
                  + reason
                  + ") and could not be renamed ("
                  + SaveStepException.describe(e)
                  + "); left in place and not used"));
      return false;
    }
  }

  private Path unusedName(String name) throws IOException {
    Path candidate = directory.resolve(name);
    for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
      if (i > 1000) {
        throw new IOException("too many files named " + name + "-N in " + directory);
      }
      candidate = directory.resolve(name + "-" + i);
    }
    return candidate;
  }

  /**
   * Finds the private key of the snapshot's identity: in {@value #KEY_FILE}, or in a key file set
   * aside when the identity last changed. A key file proven damaged (its content is wrong) counts
   * as no key; one that cannot be read at all fails the load, because the key in it may be fine.
   */
  private Optional<NodeIdentity> findIdentity(Optional<NodeId> wanted, List<StoreWarning> warnings)
      throws PeerStoreException {
    keyOnDisk = null;
    String keyProblem;
    if (!Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
      keyProblem = keyFile + " is missing";
    } else {
      try {
        NodeIdentity identity = readKey(keyFile);
        keyOnDisk = identity.nodeId();
        if (wanted.isEmpty() || identity.nodeId().equals(wanted.get())) {
          return wanted.map(id -> identity);
        }
        keyProblem = keyFile + " holds the key of node " + identity.nodeId().shortString();
      } catch (CorruptDocumentException e) {
        keyProblem = e.getMessage();
      }
    }
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    NodeId id = wanted.get();
    for (Path replaced : replacedKeys()) {
      try {
        NodeIdentity identity = readKey(replaced);
        if (identity.nodeId().equals(id)) {
          warnings.add(
              new StoreWarning(
                  StoreWarning.Kind.IDENTITY_RECOVERED,
                  replaced,
                  "the key of node "
                      + id.shortString()
                      + " was recovered from "
                      + replaced
                      + " ("
                      + keyProblem
                      + "); the next save makes it "
                      + KEY_FILE
                      + " again"));
          return Optional.of(identity);
        }
      } catch (CorruptDocumentException e) {
        log.debug("{} is not a usable key file: {}", replaced, e.getMessage());
      }
    }
    warnings.add(
        new StoreWarning(
            StoreWarning.Kind.IDENTITY_LOST,
            keyFile,
            "the snapshot's node "
                + id.shortString()
                + " has no usable private key ("
                + keyProblem
                + "); loading without an identity, so a new one will be created. Key files found"
                + " are kept"));
    return Optional.empty();
  }

  /**
   * The identity in {@value #KEY_FILE} when no snapshot can be used: the key file is written
   * before every snapshot and never overwritten, so it is still the node's own key, and a node whose
   * peer files were lost keeps its node id instead of making up a new one. A key file proven damaged
   * counts as none (the next save sets it aside), and so does anything but a regular file; a regular
   * file that cannot be read fails the load.
   */
  private Optional<NodeIdentity> keyWithoutSnapshot() throws PeerStoreException {
    keyOnDisk = null;
    if (!Files.isRegularFile(keyFile, LinkOption.NOFOLLOW_LINKS)) {
      // Missing, or a directory or link in its place, as before: the next save moves it aside.
      return Optional.empty();
    }
    try {
      NodeIdentity identity = readKey(keyFile);
      keyOnDisk = identity.nodeId();
      return Optional.of(identity);
    } catch (CorruptDocumentException e) {
      log.debug("{} is not a usable key file: {}", keyFile, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reads a key file; a file that cannot be read fails the load, naming the file and the cause,
   * before anything is changed.
   */
  private NodeIdentity readKey(Path file) throws PeerStoreException, CorruptDocumentException {
    try {
      return KeyFile.read(file, ops);
    } catch (IOException | RuntimeException e) {
      throw new PeerStoreException(
          "cannot read the private key file "
              + file
              + ": "
              + SaveStepException.describe(e)
              + "; nothing was changed (the key is not replaced or set aside while it cannot be"
              + " read: fix the file's access and load again)",
          e);
    }
  }

  /** Set-aside key files, newest first (their names end in a sortable UTC time). */
  private List<Path> replacedKeys() {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> stream =
        Files.newDirectoryStream(directory, REPLACED_KEY_PREFIX + "*")) {
      for (Path path : stream) {
        if (found.size() >= MAX_REPLACED_KEYS) {
          break;
        }
        found.add(path);
      }
    } catch (IOException e) {
      log.debug("cannot list {}: {}", directory, e.getMessage());
    }
    found.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
    return found;
  }

  /**
   * Stores {@code snapshot} atomically and durably, keeping the previous one as the backup. The
   * private key, if the snapshot has an identity, is written to {@value #KEY_FILE} first, and only
   * when it changed.
   *
   * @param snapshot the snapshot
   * @throws PeerStoreException if the store is closed, the current file may not be replaced (it is
   *     from a newer version, or damaged and cannot be set aside), or a step of the save failed:
   *     the message names the step, the file and the cause; the previous save is intact
   * @throws NullPointerException if {@code snapshot} is null
   */
  @Override
  public void save(PeerSnapshot snapshot) throws PeerStoreException {
    Objects.requireNonNull(snapshot, "snapshot");
    List<StoreWarning> warnings = new ArrayList<>();
    try {
      synchronized (lock) {
        requireOpen();
        saveLocked(snapshot, warnings);
      }
    } finally {
      publish(warnings);
    }
  }

  private void saveLocked(PeerSnapshot snapshot, List<StoreWarning> warnings)
      throws PeerStoreException {
    prepareSnapshotFile(warnings);
    if (snapshot.identity().isPresent()) {
      saveKey(snapshot.identity().get());
    }
    Path backup = mainFile == MainFile.GOOD ? backupFile : null;
    Instant written = clock.instant();
    try {
      files.replace(snapshotFile, backup, out -> writer.write(snapshot, written, out));
      mainFile = MainFile.GOOD;
    } catch (SaveStepException e) {
      // Before the rename the old file (good or absent) is untouched; after it, the new one is in
      // place and only its directory entry may not be durable yet.
      mainFile =
          Files.exists(snapshotFile, LinkOption.NOFOLLOW_LINKS) ? MainFile.GOOD : MainFile.ABSENT;
      throw new PeerStoreException(
          "saving the peer store in "
              + directory
              + " failed: "
              + e.getMessage()
              + "; "
              + SNAPSHOT_FILE
              + " still holds the previous save",
          e);
    }
  }

  /** Makes sure the current snapshot file may be replaced, and how. */
  private void prepareSnapshotFile(List<StoreWarning> warnings) throws PeerStoreException {
    if (mainFile == MainFile.UNVERIFIED) {
      // A save before any load: find out whether the file on disk deserves to become the backup.
      if (!Files.exists(snapshotFile, LinkOption.NOFOLLOW_LINKS)) {
        mainFile = MainFile.ABSENT;
      } else {
        try {
          if (!Files.isRegularFile(snapshotFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new CorruptDocumentException("it is not a regular file");
          }
          reader.read(snapshotFile, maxFileSize);
          mainFile = MainFile.GOOD;
        } catch (CorruptDocumentException e) {
          mainFile =
              setAside(snapshotFile, e.getMessage(), warnings) ? MainFile.ABSENT : MainFile.DAMAGED;
        } catch (RefusedFileException e) {
          mainFile = MainFile.REFUSED;
          refusal = e.getMessage();
        } catch (IOException e) {
          throw new PeerStoreException(
              "cannot read "
                  + snapshotFile
                  + " before replacing it: "
                  + SaveStepException.describe(e)
                  + "; nothing was changed",
              e);
        }
      }
    }
    if (mainFile == MainFile.DAMAGED) {
      if (!setAside(snapshotFile, "it was found damaged earlier", warnings)) {
        throw new PeerStoreException(
            "cannot save the peer store: "
                + snapshotFile
                + " is damaged and cannot be renamed out of the way; nothing was changed");
      }
      mainFile = MainFile.ABSENT;
    }
    if (mainFile == MainFile.REFUSED) {
      throw new PeerStoreException("refusing to overwrite " + snapshotFile + ": " + refusal);
    }
    if (Files.exists(backupFile, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(backupFile, LinkOption.NOFOLLOW_LINKS)
        && !setAside(backupFile, "it is not a regular file", warnings)) {
      throw new PeerStoreException(
          "cannot save the peer store: "
              + backupFile
              + " is not a regular file and cannot be renamed out of the way; nothing was changed");
    }
  }

  private void saveKey(NodeIdentity identity) throws PeerStoreException {
    NodeId id = identity.nodeId();
    if (id.equals(keyOnDisk)) {
      return;
    }
    Path replaced = null;
    if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
      try {
        if (KeyFile.read(keyFile, ops).nodeId().equals(id)) {
          keyOnDisk = id;
          return;
        }
      } catch (CorruptDocumentException | IOException | RuntimeException e) {
        log.debug("{} is not a usable key file, keeping it aside: {}", keyFile, e.getMessage());
      }
      try {
        replaced = unusedName(REPLACED_KEY_PREFIX + FILE_TIME.format(clock.instant()));
      } catch (IOException e) {
        throw new PeerStoreException("cannot save the private key: " + e.getMessage(), e);
      }
    }
    try {
      files.replaceRenamingOld(keyFile, replaced, out -> KeyFile.write(identity, out));
      keyOnDisk = id;
    } catch (SaveStepException e) {
      keyOnDisk = null;
      throw new PeerStoreException(
          "saving the private key in "
              + directory
              + " failed: "
              + e.getMessage()
              + "; the previous save is intact",
          e);
    }
  }

  /** Releases the directory lock; idempotent. Does not save. */
  @Override
  public void close() {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        directoryLock.close();
      }
    }
  }

  @Override
  public String toString() {
    return "JsonPeerStore[" + directory + "]";
  }

  private void requireOpen() throws PeerStoreException {
    if (closed) {
      throw new PeerStoreException("the peer store in " + directory + " is closed");
    }
  }

  private void publish(List<StoreWarning> warnings) {
    for (StoreWarning warning : warnings) {
      log.warn("{}", warning.message());
      try {
        listener.accept(warning);
      } catch (RuntimeException e) {
        log.warn("the store warning listener failed on {}: {}", warning.kind(), e.toString());
      }
    }
  }

  private static void removeStaleTemporaries(Path directory, FileOperations ops) {
    List<Path> stale = new ArrayList<>();
    for (String name : List.of(SNAPSHOT_FILE, BACKUP_FILE, KEY_FILE)) {
      stale.add(DurableFileWriter.temporaryFor(directory.resolve(name)));
    }
    try (DirectoryStream<Path> stream =
        Files.newDirectoryStream(directory, SNAPSHOT_FILE + ".migrating-*")) {
      stream.forEach(stale::add);
    } catch (IOException e) {
      log.debug("cannot list {}: {}", directory, e.getMessage());
    }
    for (Path path : stale) {
      try {
        ops.deleteIfExists(path);
      } catch (IOException e) {
        // A read-only directory: harmless, the next writable open removes it.
        log.debug("cannot remove the stale temporary file {}: {}", path, e.getMessage());
      }
    }
  }

  /**
   * Configures and opens a {@link JsonPeerStore}. Each setter checks its value at once and names a
   * bad one in its exception. Not thread-safe; a builder can open several stores in turn (on
   * different directories, or one after another is closed).
   */
  public static final class Builder {
    private final Path directory;
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private Consumer<StoreWarning> listener = warning -> {};
    private InstantSource clock = InstantSource.system();
    private FileOperations ops = new NioFileOperations();
    private final Map<Integer, ContentMigration> migrations = new HashMap<>();

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Sets the largest snapshot file {@link #load()} reads; a larger one is refused before any of
     * it is read. Default {@value JsonPeerStore#DEFAULT_MAX_FILE_SIZE} bytes (64 MiB).
     *
     * @param bytes the limit in bytes, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public Builder maxFileSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxFileSize must be at least 1 byte, was " + bytes);
      }
      this.maxFileSize = bytes;
      return this;
    }

    /**
     * Sets who is told about each {@link StoreWarning}, in addition to the log. The listener runs
     * on the thread that called {@code load} or {@code save}; it should return quickly. Default:
     * nobody.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(Consumer<StoreWarning> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the clock that dates saved documents and the names of set-aside files. Default: the
     * system clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For tests: file system steps that can be made to fail. */
    Builder fileOperations(FileOperations ops) {
      this.ops = Objects.requireNonNull(ops, "ops");
      return this;
    }

    /** For tests, until a real older version exists: a migration from {@code fromVersion}. */
    Builder migration(int fromVersion, ContentMigration migration) {
      migrations.put(fromVersion, Objects.requireNonNull(migration, "migration"));
      return this;
    }

    /**
     * Creates the directory if needed ({@code rwx------} on POSIX file systems; missing parents get
     * the defaults), takes its lock and returns the store. Temporary files a crashed save left
     * behind are removed. Nothing is read until {@link JsonPeerStore#load()}.
     *
     * @return the open store
     * @throws PeerStoreException if the directory cannot be created, is not a directory, or is in
     *     use by another store (in this or another process)
     */
    public JsonPeerStore open() throws PeerStoreException {
      try {
        StorePermissions.createDirectory(directory);
      } catch (IOException e) {
        throw new PeerStoreException(
            "cannot create the store directory " + directory + ": " + SaveStepException.describe(e),
            e);
      }
      StoreLock directoryLock;
      try {
        directoryLock = StoreLock.acquire(directory.resolve(LOCK_FILE));
      } catch (IOException e) {
        throw new PeerStoreException(
            "cannot open the peer store in " + directory + ": " + e.getMessage(), e);
      }
      removeStaleTemporaries(directory, ops);
      return new JsonPeerStore(this, directoryLock);
    }
  }
}
