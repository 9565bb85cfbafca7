package dev.peerage.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the benchmark JVM's read and write system calls per operation, from
 * Linux's {@code /proc/self/io} ({@code syscr}, {@code syscw}): every socket read and write, and
 * every event-loop wake-up (a write and a read of an eventfd), counted by the kernel. Unlike the
 * time per operation, the counts do not depend on how busy the machine is, so they show a change
 * in flushes or wake-ups on a shared machine. Linux only; elsewhere it reports nothing. Use: {@code
 * -prof dev.peerage.benchmarks.SyscallProfiler}.
 */
public final class SyscallProfiler implements InternalProfiler {
  private static final Path PROC_IO = Path.of("/proc/self/io");

  private long[] before;

  /** Creates the profiler; JMH calls this. */
  public SyscallProfiler() {}

  @Override
  public String getDescription() {
    return "read and write system calls per operation, from /proc/self/io (Linux)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    before = counts();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmark,
      IterationParams iteration, IterationResult result) {
    long[] after = counts();
    long ops = result.getMetadata().getAllOps();
    if (before == null || after == null || ops == 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("syscalls.read.norm", (double) (after[0] - before[0]) / ops, "calls/op",
            AggregationPolicy.AVG),
        new ScalarResult("syscalls.write.norm", (double) (after[1] - before[1]) / ops,
            "calls/op", AggregationPolicy.AVG));
  }

  /** {@code syscr} and {@code syscw}, or null where the file does not exist. */
  private static long[] counts() {
    if (!Files.isReadable(PROC_IO)) {
      return null;
    }
    try {
      long[] counts = new long[2];
      for (String line : Files.readAllLines(PROC_IO)) {
        if (line.startsWith("syscr:")) {
          counts[0] = Long.parseLong(line.substring(6).trim());
        } else if (line.startsWith("syscw:")) {
          counts[1] = Long.parseLong(line.substring(6).trim());
        }
      }
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
