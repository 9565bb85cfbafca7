package dev.peerage.benchmarks;

import dev.peerage.core.internal.Ed25519;
import dev.peerage.core.internal.Ed25519Engine;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 signing and verification of a handshake-sized message (the transcript a PROOF signs is
 * about 150 bytes), on both engines peer-core can use, in one run: the JDK's {@code SunEC} and Bouncy
 * Castle's low-level {@code org.bouncycastle.math.ec.rfc8032.Ed25519}. Single-threaded.
 *
 * <p>Run: {@code java -jar peer-benchmarks/target/benchmarks.jar Ed25519Benchmark}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519Benchmark {
  /** The engine: {@code jdk} (SunEC) or {@code bc} (Bouncy Castle). */
  @Param({"jdk", "bc"})
  public String engine;

  private Ed25519Engine implementation;
  private Ed25519Engine.Signer signer;
  private byte[] publicKey;
  private byte[] message;
  private byte[] signature;

  /** Makes a key, a message and its signature. */
  @Setup
  public void setUp() {
    implementation = engine.equals("bc") ? Ed25519.bouncyCastle() : Ed25519.jdk();
    if (implementation == null) {
      throw new IllegalStateException("Bouncy Castle is not on the class path");
    }
    Random random = new Random(25519);
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    message = new byte[150];
    random.nextBytes(message);
    publicKey = implementation.publicKey(seed);
    signer = implementation.signer(seed, publicKey);
    signature = signer.sign(message);
  }

  /**
   * One signature.
   *
   * @return the signature
   */
  @Benchmark
  public byte[] sign() {
    return signer.sign(message);
  }

  /**
   * One verification of a valid signature.
   *
   * @return whether it verified (always true)
   */
  @Benchmark
  public boolean verify() {
    return implementation.verify(publicKey, message, signature);
  }
}
