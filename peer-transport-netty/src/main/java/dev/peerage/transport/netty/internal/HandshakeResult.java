package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.spi.Direction;

/**
 * What a completed handshake proved about the remote side.
 *
 * @param direction which side opened the connection
 * @param remoteNodeId the node id the remote proved with its signature
 * @param network the network the remote declared
 * @param listenPort the remote's listen port, 0 if it does not listen
 * @param version the protocol version both sides now speak
 */
public record HandshakeResult(
    Direction direction, NodeId remoteNodeId, NetworkId network, int listenPort, int version) {}
