/** JMH benchmarks of the Peerage modules; run them with {@code java -jar peer-benchmarks/target/benchmarks.jar}. */
package dev.peerage.benchmarks;
