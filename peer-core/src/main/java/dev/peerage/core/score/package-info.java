/**
 * Peer scores: how well each peer served us (successes, failures, latency, throughput, uptime,
 * misbehaviour), combined by a {@link dev.peerage.core.score.ScoringPolicy} into a {@link
 * dev.peerage.core.score.PeerScore} and a {@link dev.peerage.core.score.ScoreStanding}.
 *
 * <p>Start reading at {@code ScoringPolicy}: its Javadoc gives the formula, the weights and the
 * half-lives. {@link dev.peerage.core.score.ScoreState} is the persisted form. Depends only on {@code
 * .address}.
 */
package dev.peerage.core.score;
