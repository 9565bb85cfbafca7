/**
 * A network simulator on virtual time: thousands of real peer managers on an in-memory network, with
 * scenarios for bootstrap, churn, warm restart, an eclipse attempt and an outage; run
 * {@link dev.peerage.benchmarks.sim.Simulator}. See {@code docs/simulation.md}.
 */
package dev.peerage.benchmarks.sim;
