package dev.peerage.core.internal.address;

import dev.peerage.core.address.PeerAddress;

/**
 * The result of {@link HostPortParser}: a checked host in binary or canonical text form and a port.
 *
 * @param type what the host is
 * @param hi for IPv6, bytes 0-7 of the address in network order; otherwise 0
 * @param lo for IPv6, bytes 8-15; for IPv4, the four address bytes in the low 32 bits; otherwise 0
 * @param name for host names, the canonical lower-case name; otherwise {@code null}
 * @param port the port, 1 to 65535
 */
public record ParsedHostPort(PeerAddress.Type type, long hi, long lo, String name, int port) {}
