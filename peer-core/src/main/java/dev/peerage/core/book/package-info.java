/**
 * The address book: the many addresses a node learns without anyone vouching for them, kept in
 * Bitcoin Core's bucketed new and tried tables so that an attacker cannot fill them.
 *
 * <p>Start reading at {@link dev.peerage.core.book.AddressBook} (the design and the operations) and
 * {@link dev.peerage.core.book.AddressBookConfig} (every constant, with where it comes from). Build a
 * book with {@code AddressBook.builder()}; the implementation is not API. Depends only on {@code
 * .address}.
 */
package dev.peerage.core.book;
