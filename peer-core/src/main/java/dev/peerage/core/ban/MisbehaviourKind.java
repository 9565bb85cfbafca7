package dev.peerage.core.ban;

/**
 * What a remote peer did wrong, as reported through {@link
 * dev.peerage.core.PeerManager#reportMisbehaviour} or a transport's connection handler. Each kind has a default
 * weight in points; at the tracker's default threshold of 100 points a weight of 100 bans at once,
 * and a weight of 20 bans after five or six faults close together in time
 * (points decay with a half-life, see {@link BanPolicy}).
 *
 * <p>The weights follow the scores Bitcoin Core gave its {@code Misbehaving()} calls (versions
 * 0.20 to 24): 100 for data that breaks the rules outright (an invalid block or transaction) and
 * 20 for over-long messages ({@code addr}, {@code inv}, {@code getdata} or {@code headers} above
 * their limits) and for protocol breaches such as a non-continuous headers sequence. Kinds Core
 * has no score for are graded on the same scale, by how likely an honest peer is to commit them.
 */
public enum MisbehaviourKind {
  /**
   * The peer broke a rule of the protocol's state machine, for example sent a message that is
   * not allowed in the current state or a sequence that does not connect. Weight 20, like Core's
   * non-continuous headers.
   */
  PROTOCOL_VIOLATION(20),
  /**
   * A message could not be decoded: bad framing, a bad checksum, a field out of range. Weight 20:
   * a buggy but honest implementation can do it occasionally, a stream of them is an attack.
   */
  MALFORMED_MESSAGE(20),
  /**
   * The peer belongs to another network (a different network id, genesis or magic). Weight 25: one
   * contact is a misconfiguration more often than an attack (a testnet entry in a mainnet list), so it
   * is refused with a clear error; four within the decay (a node that keeps dialling us, or that we
   * keep dialling) reach the ban threshold and stop both sides wasting slots on it.
   */
  WRONG_NETWORK(25),
  /**
   * The handshake failed for a reason other than a timeout: wrong order, bad version, a proof that
   * does not verify. Weight 50: rarer than a malformed message for an honest peer, but can follow
   * a software upgrade on either side, so it takes two.
   */
  BAD_HANDSHAKE(50),
  /**
   * The peer sent more addresses than allowed, in one message or over time. Weight 20, Core's
   * score for an {@code addr} message over 1,000 entries.
   */
  ADDRESS_FLOOD(20),
  /**
   * A message exceeded its size or count limit. Weight 20, Core's score for oversized
   * {@code inv}, {@code getdata} and {@code headers} messages.
   */
  OVERSIZED_MESSAGE(20),
  /**
   * The peer sent a response nobody asked for. Weight 10: races after a request timed out make
   * honest peers do this now and then.
   */
  UNSOLICITED_MESSAGE(10),
  /**
   * The peer claimed a node id it could not prove, or one that belongs to someone else. Weight
   * 100: never an accident.
   */
  IMPERSONATION(100),
  /**
   * The peer sent data that is invalid by the application's rules (an invalid block, transaction
   * or signature). Weight 100, Core's score for consensus-invalid blocks and transactions.
   */
  INVALID_DATA(100),
  /**
   * The peer exceeded a request rate limit. Weight 10: a busy honest peer can touch a limit; a
   * peer that keeps hammering it is banned after ten reports close together.
   */
  RATE_LIMIT_EXCEEDED(10),
  /**
   * Anything else the host wants to count; give a weight that fits. Weight 10 by default.
   */
  OTHER(10);

  private final double defaultWeight;

  MisbehaviourKind(double defaultWeight) {
    this.defaultWeight = defaultWeight;
  }

  /**
   * Returns the points a report of this kind adds unless {@link BanPolicy.Builder#misbehaviourWeight}
   * sets another weight.
   *
   * @return a positive number of points; see each constant
   */
  public double defaultWeight() {
    return defaultWeight;
  }
}
