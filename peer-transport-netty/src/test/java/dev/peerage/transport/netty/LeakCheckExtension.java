package dev.peerage.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class in which Netty's leak detector found a buffer that was never released.
 *
 * <p>How: this extension is registered for every test through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled}, so its static initializer runs before any
 * test touches Netty. It installs a {@link ResourceLeakDetectorFactory} whose detectors record each
 * leak report (the reports Netty would otherwise only log) and sets the level to {@code PARANOID}
 * (surefire also passes {@code -Dio.netty.leakDetection.level=paranoid}), so every buffer is
 * tracked. After each test class it collects garbage and allocates tracked buffers, which makes the
 * detectors process the references the collector found, then fails if any leak was recorded.
 * Reports that carry {@link #EXPECTED_LEAK_HINT} are a self-test's deliberate leak and are set
 * aside for it.
 */
public final class LeakCheckExtension implements AfterAllCallback {
  /** A touch hint that marks a buffer leaked on purpose by the self-test. */
  static final String EXPECTED_LEAK_HINT = "deliberate-leak-for-the-leak-check-self-test";

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static final List<String> EXPECTED = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    collect();
    List<String> found = new ArrayList<>(LEAKS);
    LEAKS.clear();
    if (!found.isEmpty()) {
      throw new AssertionError(found.size() + " Netty buffer leak(s) in "
          + context.getDisplayName() + ":\n" + String.join("\n----\n", found));
    }
  }

  /** Runs the collector and makes the detectors report what it found. */
  static void collect() {
    for (int round = 0; round < 5; round++) {
      System.gc();
      for (int i = 0; i < 64; i++) {
        // Each tracked allocation polls the detector's reference queue.
        ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(8);
        probe.release();
      }
    }
  }

  /** Reports of the deliberate leak, taken by the caller. */
  static List<String> takeExpected() {
    List<String> taken = new ArrayList<>(EXPECTED);
    EXPECTED.clear();
    return taken;
  }

  private static void record(String report) {
    if (report.contains(EXPECTED_LEAK_HINT)) {
      EXPECTED.add(report);
    } else {
      LEAKS.add(report);
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record("LEAK of " + resourceType + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record("LEAK of " + resourceType + " (no records)");
    }
  }
}
