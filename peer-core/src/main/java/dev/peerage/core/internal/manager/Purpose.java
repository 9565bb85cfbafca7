package dev.peerage.core.internal.manager;

/** Why a dial was made; statistics count dials by it. */
enum Purpose {
  MANAGED, BOOTSTRAP, ANCHOR, CACHE, BOOK, FEELER, CRAWL, INBOUND
}
