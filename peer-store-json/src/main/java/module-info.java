/**
 * Peerage's crash-safe JSON persistence: {@link dev.peerage.store.json.JsonPeerStore}. Only the API
 * package is exported; the readers and writers in {@code dev.peerage.store.json.internal} are not.
 */
module dev.peerage.store.json {
  requires transitive dev.peerage.core;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports dev.peerage.store.json;
}
