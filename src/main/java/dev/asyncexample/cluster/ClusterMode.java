package dev.asyncexample.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a node's configuration into a cluster node's: when {@code async-example.cluster.enabled} is
 * on, {@code async-example.cluster.pekko} is laid over {@code pekko}, with what only code can
 * derive (the contact point list, the discovery method, the build's version). Off, the config is
 * returned as it was, so nothing of the cluster starts.
 */
public final class ClusterMode {

  private ClusterMode() {}

  /** {@code root} (already resolved) as this node should run it. */
  public static Config apply(Config root) {
    ClusterSettings settings = ClusterSettings.from(root);
    if (!settings.enabled()) {
      return root;
    }
    Map<String, Object> derived = new HashMap<>();
    derived.put("pekko.discovery.method", settings.discovery().method());
    derived.put(
        "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method",
        settings.discovery().method());
    derived.put("pekko.cluster.app-version", appVersion(settings));
    derived.put("pekko.remote.artery.canonical.hostname", settings.host());
    derived.put("pekko.remote.artery.canonical.port", settings.port());
    derived.put("pekko.management.http.hostname", settings.managementHost());
    derived.put("pekko.management.http.port", settings.managementPort());
    derived.put(
        "pekko.management.cluster.bootstrap.contact-point-discovery.service-name",
        settings.serviceName());
    derived.put(
        "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
        settings.requiredContactPoints());
    derived.put(
        "pekko.cluster.split-brain-resolver.stable-after",
        settings.stableAfter().toMillis() + "ms");
    derived.put(
        "pekko.cluster.sharding.passivation.default-strategy.active-entity-limit",
        settings.activeEntityLimit());
    Config overlay =
        ConfigFactory.parseMap(derived)
            .withValue(
                "pekko.discovery.config.services",
                ConfigValueFactory.fromMap(
                    Map.of(
                        settings.serviceName(),
                        Map.of("endpoints", endpoints(settings.contactPoints())))));
    return overlay
        .withFallback(root.getConfig("async-example.cluster.pekko").atKey("pekko"))
        .withFallback(root);
  }

  private static List<Map<String, Object>> endpoints(List<String> contactPoints) {
    return contactPoints.stream()
        .map(
            point -> {
              int colon = point.lastIndexOf(':');
              return Map.<String, Object>of(
                  "host",
                  point.substring(0, colon),
                  "port",
                  Integer.parseInt(point.substring(colon + 1)));
            })
        .toList();
  }

  /** The configured version, else the jar's; classes run from a directory have none. */
  private static String appVersion(ClusterSettings settings) {
    if (!settings.appVersion().isBlank()) {
      return settings.appVersion();
    }
    return Optional.ofNullable(ClusterMode.class.getPackage().getImplementationVersion())
        .orElse("0.0.0");
  }
}
