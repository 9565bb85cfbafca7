/**
 * Bans and misbehaviour: what is banned ({@link dev.peerage.core.ban.BanTarget}, a subnet or a node
 * id), each ban ({@link dev.peerage.core.ban.BanEntry}) and its history ({@link
 * dev.peerage.core.ban.BanRecord}), the bounds and durations ({@link dev.peerage.core.ban.BanPolicy})
 * and the kinds of misbehaviour a peer can be reported for ({@link
 * dev.peerage.core.ban.MisbehaviourKind}).
 *
 * <p>Start reading at {@code BanPolicy}. The peer manager owns the ban list itself and exposes it
 * through {@code PeerManager.ban}, {@code unban} and {@code bans}. Depends only on {@code .address}.
 */
package dev.peerage.core.ban;
