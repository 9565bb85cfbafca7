package dev.peerage.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The contract catches broken transports: each of {@link BrokenTransports} runs the whole suite in a
 * nested JUnit launcher, and the tests that guard the broken rule must fail while the rest pass.
 */
class TransportContractSelfTest {
  @Test
  void aDialFailureThatIsNotADialExceptionFailsTheDialTests() {
    Set<String> failed = failedTests(BrokenTransports.DialFailsWithoutDialException.class);
    assertTrue(failed.contains("aDialToAnAddressNobodyListensOnFailsWithRefused"), failed.toString());
    assertTrue(failed.contains("aDialToTheOwnListenAddressFailsWithSelf"), failed.toString());
    assertTrue(failed.contains("aDialBeforeStartFailsWithClosed"), failed.toString());
    assertFalse(failed.contains("messagesArriveInOrderOnTheirChannelsBothWays"), failed.toString());
  }

  @Test
  void aSecondOnClosedFailsTheCloseTests() {
    Set<String> failed = failedTests(BrokenTransports.ClosedTwice.class);
    assertTrue(failed.contains("aCloseReachesBothHandlersExactlyOnceWithTheReason"), failed.toString());
    // Every test that activates a handler finds the second onClosed after it.
    assertTrue(failed.contains("messagesArriveInOrderOnTheirChannelsBothWays"), failed.toString());
    assertFalse(failed.contains("aDialToTheOwnListenAddressFailsWithSelf"), failed.toString());
  }

  @Test
  void aReasonThatDoesNotReachTheRemoteFailsUnlessTheTransportSaysSo() {
    Set<String> failed = failedTests(BrokenTransports.DropsTheReason.class);
    assertEquals(Set.of("aCloseReachesBothHandlersExactlyOnceWithTheReason"), failed);
    assertEquals(Set.of(), failedTests(BrokenTransports.DropsTheReasonAndSaysSo.class));
  }

  @Test
  void theInMemoryTransportPassesEveryTest() {
    assertEquals(Set.of(), failedTests(InMemoryTransportContractTest.class));
  }

  private static Set<String> failedTests(Class<?> testClass) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    assertTrue(summary.getTestsFoundCount() >= 20, "found " + summary.getTestsFoundCount() + " tests");
    Set<String> failed = new TreeSet<>();
    for (TestExecutionSummary.Failure failure : summary.getFailures()) {
      String name = failure.getTestIdentifier().getDisplayName();
      failed.add(name.endsWith("()") ? name.substring(0, name.length() - 2) : name);
    }
    return failed;
  }
}
