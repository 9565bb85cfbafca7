package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.peer.PeerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PeerManager#status()} serialised the way a host's UI endpoint would: a plain
 * {@code new ObjectMapper()}, no modules registered, against real managers on the in-memory network.
 */
class NodeStatusJsonTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();
  private final ObjectMapper mapper = new ObjectMapper();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  @Test
  void theRecordsAStatusPageUsedBeforeNeedAJavaTimeModule() {
    // Why status() exists: PeerStatus and PeerStats carry Instants, Optionals and Durations.
    PeerManager a = kit.manager(1);
    a.start();
    assertThatThrownBy(() -> mapper.writeValueAsString(a.stats()))
        .isInstanceOf(InvalidDefinitionException.class);
  }

  @Test
  void aPlainObjectMapperWritesPeersStatesNextAttemptsConnectionsAndStats() throws Exception {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry up = a.addPeer(a.newPeer(NetworkId.MAIN, PeerManagerTestKit.address(2)).label("bob")
        .build());
    kit.network.setDown(PeerManagerTestKit.address(9), true);
    PeerEntry down = a.addPeer(a.newPeer(NetworkId.MAIN, PeerManagerTestKit.address(9)).build());
    kit.run(a.config().dialTimeout().plusSeconds(1));

    NodeStatus status = a.status();
    String json = mapper.writeValueAsString(status);
    JsonNode root = mapper.readTree(json);

    assertThat(root.get("nodeId").asText()).isEqualTo(a.localNodeId().toString());
    assertThat(root.get("network").asText()).isEqualTo("main");
    assertThat(root.get("running").asBoolean()).isTrue();
    assertThat(Instant.parse(root.get("at").asText())).isEqualTo(kit.time.instant());

    JsonNode peers = root.get("peers");
    assertThat(peers).hasSize(2);
    JsonNode bob = peers.get(0);
    assertThat(bob.get("id").asText()).isEqualTo(up.id());
    assertThat(bob.get("label").asText()).isEqualTo("bob");
    assertThat(bob.get("address").asText()).isEqualTo("10.0.0.2:9000");
    assertThat(bob.get("state").asText()).isEqualTo("CONNECTED");
    assertThat(bob.get("direction").asText()).isEqualTo("OUTBOUND");
    assertThat(bob.get("remoteAddress").asText()).isEqualTo("10.0.0.2:9000");
    assertThat(bob.get("nodeId").asText()).isEqualTo(b.localNodeId().toString());
    assertThat(bob.get("nextAttempt").isNull()).isTrue();
    assertThat(bob.get("enabled").asBoolean()).isTrue();
    assertThat(bob.get("protected").asBoolean()).isFalse();
    assertThat(bob.get("source").asText()).isEqualTo("MANUAL");
    JsonNode backoff = peers.get(1);
    assertThat(backoff.get("id").asText()).isEqualTo(down.id());
    assertThat(backoff.get("label").isNull()).isTrue();
    assertThat(backoff.get("state").asText()).isEqualTo("BACKOFF");
    assertThat(backoff.get("failures").asInt()).isEqualTo(1);
    assertThat(backoff.get("lastError").asText()).isNotEmpty();
    assertThat(Instant.parse(backoff.get("nextAttempt").asText())).isAfter(kit.time.instant());
    assertThat(backoff.get("nextAttempt").asText())
        .isEqualTo(a.peerState(down.id()).orElseThrow().nextAttempt().orElseThrow().toString());
    assertThat(backoff.get("direction").isNull()).isTrue();

    JsonNode connections = root.get("connections");
    assertThat(connections).hasSize(1);
    JsonNode link = connections.get(0);
    assertThat(link.get("peerId").asText()).isEqualTo(up.id());
    assertThat(link.get("nodeId").asText()).isEqualTo(b.localNodeId().toString());
    assertThat(link.get("direction").asText()).isEqualTo("OUTBOUND");
    assertThat(link.get("remoteAddress").asText()).isEqualTo("10.0.0.2:9000");
    assertThat(link.get("network").asText()).isEqualTo("main");
    assertThat(link.get("bytesIn").asLong()).isPositive();

    JsonNode stats = root.get("stats");
    assertThat(stats.get("outbound").asInt()).isEqualTo(1);
    assertThat(stats.get("inbound").asInt()).isZero();
    assertThat(stats.get("connections").asInt()).isEqualTo(1);
    assertThat(stats.get("dialsInFlight").asInt()).isZero();
    assertThat(stats.get("managedByState").get("CONNECTED").asInt()).isEqualTo(1);
    assertThat(stats.get("managedByState").get("BACKOFF").asInt()).isEqualTo(1);
    assertThat(stats.get("dialsByOutcome").get("CONNECTED").asLong()).isEqualTo(1);
    assertThat(stats.get("dialsByPurpose").get("MANAGED").asLong()).isEqualTo(2);
    // The kit's nodes have an outbound target of 0, reached with the first connection.
    assertThat(stats.get("warmStart").get("timeToTargetMillis").isNumber()).isTrue();
    assertThat(stats.get("warmStart").get("timeToFirstConnectionMillis").asLong()).isPositive();
    assertThat(Instant.parse(stats.get("at").asText())).isEqualTo(kit.time.instant());

    // Every other remote sees its side: b lists the connection as inbound from a discovered peer.
    JsonNode remote = mapper.readTree(mapper.writeValueAsString(b.status()));
    assertThat(remote.get("connections").get(0).get("direction").asText()).isEqualTo("INBOUND");
    assertThat(remote.get("connections").get(0).get("peerId").isNull()).isTrue();
    assertThat(remote.get("stats").get("inbound").asInt()).isEqualTo(1);
  }

  @Test
  void beforeStartTheStatusHasNoNodeIdAndSaysItIsNotRunning() throws Exception {
    PeerManager a = kit.manager(1);

    JsonNode root = mapper.readTree(mapper.writeValueAsString(a.status()));

    assertThat(root.get("nodeId").isNull()).isTrue();
    assertThat(root.get("running").asBoolean()).isFalse();
    assertThat(root.get("peers")).isEmpty();
    assertThat(root.get("connections")).isEmpty();
    assertThat(root.get("stats").get("connections").asInt()).isZero();
  }

  @Test
  void theSnapshotIsOneValueEqualToAnotherOfTheSameMoment() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    a.addPeer(a.newPeer(NetworkId.MAIN, PeerManagerTestKit.address(2)).build());
    kit.settle();

    NodeStatus first = a.status();
    NodeStatus second = a.status();

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first.getPeers()).hasSize(1);
    List<NodeStatus.PeerView> copy = new ArrayList<>(first.getPeers());
    assertThat(copy).isEqualTo(second.getPeers());
    assertThatThrownBy(() -> first.getPeers().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.getStats().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }
}
