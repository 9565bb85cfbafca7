/** The score board that keeps each peer's decayed counters, and the calculator of scores. */
package dev.peerage.core.internal.score;
