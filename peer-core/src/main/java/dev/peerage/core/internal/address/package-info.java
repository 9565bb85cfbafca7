/** Parsing and classification behind {@code dev.peerage.core.address}: IP literals, host names, ports. */
package dev.peerage.core.internal.address;
