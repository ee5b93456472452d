package dev.asyncexample.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.testing.TestConfig;
import org.junit.jupiter.api.Test;

/** What cluster mode changes in a node's configuration, and what it refuses. */
class ClusterModeTest {

  private static final String ON =
      """
      async-example.cluster {
        enabled = on
        host = "10.1.2.3"
        port = 25600
        management-host = "10.1.2.3"
        management-port = 7700
        contact-points = "10.1.2.3:7700, 10.1.2.4:7700"
        required-contact-points = 2
        stable-after = 3s
        active-entity-limit = 500
        app-version = "2.3.4"
      }
      """;

  @Test
  void offLeavesTheConfigurationAsItWas() {
    Config config = TestConfig.base();

    assertThat(ClusterMode.apply(config)).isSameAs(config);
    assertThat(config.getString("pekko.actor.provider")).isEqualTo("local");
  }

  @Test
  void onMakesAClusterNodeFromTheSettings() {
    Config node = ClusterMode.apply(TestConfig.with(ON));

    assertThat(node.getString("pekko.actor.provider")).isEqualTo("cluster");
    assertThat(node.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("10.1.2.3");
    assertThat(node.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25600);
    assertThat(node.getString("pekko.management.http.hostname")).isEqualTo("10.1.2.3");
    assertThat(node.getInt("pekko.management.http.port")).isEqualTo(7700);
    assertThat(node.getString("pekko.discovery.method")).isEqualTo("config");
    assertThat(node.getConfigList("pekko.discovery.config.services.async-example.endpoints"))
        .extracting(endpoint -> endpoint.getString("host") + ":" + endpoint.getInt("port"))
        .containsExactly("10.1.2.3:7700", "10.1.2.4:7700");
    String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertThat(node.getInt(bootstrap + "required-contact-point-nr")).isEqualTo(2);
    assertThat(node.getString(bootstrap + "service-name")).isEqualTo("async-example");
    assertThat(node.getString("pekko.cluster.downing-provider-class")).contains("SplitBrain");
    assertThat(node.getDuration("pekko.cluster.split-brain-resolver.stable-after").toSeconds())
        .isEqualTo(3);
    assertThat(
            node.getInt("pekko.cluster.sharding.passivation.default-strategy.active-entity-limit"))
        .isEqualTo(500);
    assertThat(node.getString("pekko.cluster.app-version")).isEqualTo("2.3.4");
    assertThat(node.getBytes("pekko.remote.artery.advanced.maximum-frame-size"))
        .isGreaterThan(node.getBytes("async-example.cluster.max-shared-answer"));
  }

  @Test
  void kubernetesDiscoveryNeedsNoContactPoints() {
    Config node =
        ClusterMode.apply(
            TestConfig.with(
                "async-example.cluster { enabled = on, discovery = kubernetes-api,"
                    + " contact-points = \"\" }"));

    assertThat(node.getString("pekko.discovery.method")).isEqualTo("kubernetes-api");
  }

  @Test
  void badSettingsAreRefusedWithTheirKeyNamed() {
    assertThatThrownBy(
            () ->
                ClusterSettings.from(
                    TestConfig.with(ON + "async-example.cluster.contact-points = \"\"")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageStartingWith("async-example.cluster.contact-points: must list");
    assertThatThrownBy(
            () ->
                ClusterSettings.from(
                    TestConfig.with(ON + "async-example.cluster.contact-points = \"10.1.2.3\"")))
        .hasMessageStartingWith("async-example.cluster.contact-points: must be host:port");
    assertThatThrownBy(
            () ->
                ClusterSettings.from(TestConfig.with(ON + "async-example.cluster.discovery = dns")))
        .hasMessageStartingWith(
            "async-example.cluster.discovery: must be config or kubernetes-api");
    assertThatThrownBy(
            () ->
                ClusterSettings.from(
                    TestConfig.with(ON + "async-example.cluster.owner-budget = 0s")))
        .hasMessageStartingWith("async-example.cluster.owner-budget: must be positive");
  }
}
