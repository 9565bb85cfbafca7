/**
 * The peer manager behind {@code PeerManager.builder()}: start at {@code DefaultPeerManager}, which
 * owns the manager's lock and delegates each job to one collaborator.
 */
package dev.peerage.core.internal.manager;
