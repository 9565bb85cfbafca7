/**
 * The bucketed address book behind {@code AddressBook.builder()}: start at {@code BucketedAddressBook},
 * whose class comment explains the buckets, the key, the quality rules and how it differs from
 * Bitcoin Core's addrman.cpp.
 */
package dev.peerage.core.internal.book;
