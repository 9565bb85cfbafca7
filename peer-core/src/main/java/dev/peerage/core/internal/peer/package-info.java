/** Validation of managed peers and the binary payload of pairing tickets. */
package dev.peerage.core.internal.peer;
