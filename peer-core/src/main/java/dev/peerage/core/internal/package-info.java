/**
 * Implementation, not API: the code behind the public packages, each sub-package serving the public
 * package of the same name ({@code internal.book} holds the bucketed address book, {@code
 * internal.manager} the peer manager and its collaborators, and so on). This package itself holds
 * small building blocks with no Peerage dependencies (SipHash, Bech32m, Ed25519, token buckets,
 * quoting). Nothing here is exported from the module; it may change in any release.
 */
package dev.peerage.core.internal;
