package dev.asyncexample.cluster;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Cluster mode's settings ({@code async-example.cluster}). Off, none but {@link #enabled()} is
 * used.
 *
 * @param contactPoints management {@code host:port} of each initial node (config discovery)
 * @param ownerBudget how long a request waits for the owning node to take it on before it fetches
 *     on its own
 * @param maxSharedAnswer largest encoded answer sent to another node, in bytes
 * @param stableAfter how long a partition lasts before the Split Brain Resolver acts
 * @param appVersion empty: the jar's own version
 */
public record ClusterSettings(
    boolean enabled,
    String host,
    int port,
    String managementHost,
    int managementPort,
    Discovery discovery,
    List<String> contactPoints,
    int requiredContactPoints,
    String serviceName,
    Duration joinDeadline,
    Duration ownerBudget,
    int activeEntityLimit,
    long maxSharedAnswer,
    Duration stableAfter,
    String appVersion) {

  private static final String PREFIX = "async-example.cluster.";

  /** How nodes find each other. */
  public enum Discovery {
    /** A fixed list of contact points. */
    CONFIG("config"),
    /** Pods with the service's label, through the Kubernetes API. */
    KUBERNETES_API("kubernetes-api");

    private final String method;

    Discovery(String method) {
      this.method = method;
    }

    /** Pekko Discovery's name for it. */
    public String method() {
      return method;
    }

    static Discovery parse(String value) {
      return Arrays.stream(values())
          .filter(d -> d.method.equals(value))
          .findFirst()
          .orElseThrow(
              () -> {
                require(false, PREFIX + "discovery", "must be config or kubernetes-api", value);
                return new IllegalStateException();
              });
    }
  }

  public ClusterSettings {
    contactPoints = List.copyOf(contactPoints);
    if (enabled) {
      require(!host.isBlank(), PREFIX + "host", "must not be empty", "\"" + host + "\"");
      require(port >= 0 && port <= 65535, PREFIX + "port", "must be 0..65535", port);
      require(
          managementPort >= 0 && managementPort <= 65535,
          PREFIX + "management-port",
          "must be 0..65535",
          managementPort);
      require(
          requiredContactPoints >= 1,
          PREFIX + "required-contact-points",
          "must be at least 1",
          requiredContactPoints);
      require(
          discovery != Discovery.CONFIG || !contactPoints.isEmpty(),
          PREFIX + "contact-points",
          "must list the initial nodes when discovery is config",
          "\"\"");
      for (String point : contactPoints) {
        require(
            point.matches("[^:\\s]+:\\d{1,5}"),
            PREFIX + "contact-points",
            "must be host:port",
            point);
      }
      require(
          !joinDeadline.isNegative() && !joinDeadline.isZero(),
          PREFIX + "join-deadline",
          "must be positive",
          joinDeadline);
      require(
          !ownerBudget.isNegative() && !ownerBudget.isZero(),
          PREFIX + "owner-budget",
          "must be positive",
          ownerBudget);
      require(
          activeEntityLimit >= 1,
          PREFIX + "active-entity-limit",
          "must be at least 1",
          activeEntityLimit);
      require(
          maxSharedAnswer >= 1, PREFIX + "max-shared-answer", "must be positive", maxSharedAnswer);
      require(
          !stableAfter.isNegative() && !stableAfter.isZero(),
          PREFIX + "stable-after",
          "must be positive",
          stableAfter);
    }
  }

  /** Reads {@code async-example.cluster} from the root config, so errors name the full key. */
  public static ClusterSettings from(Config root) {
    String points = root.getString(PREFIX + "contact-points").strip();
    return new ClusterSettings(
        root.getBoolean(PREFIX + "enabled"),
        root.getString(PREFIX + "host"),
        root.getInt(PREFIX + "port"),
        root.getString(PREFIX + "management-host"),
        root.getInt(PREFIX + "management-port"),
        Discovery.parse(root.getString(PREFIX + "discovery")),
        points.isEmpty() ? List.of() : Arrays.stream(points.split(",")).map(String::strip).toList(),
        root.getInt(PREFIX + "required-contact-points"),
        root.getString(PREFIX + "service-name"),
        root.getDuration(PREFIX + "join-deadline"),
        root.getDuration(PREFIX + "owner-budget"),
        root.getInt(PREFIX + "active-entity-limit"),
        root.getBytes(PREFIX + "max-shared-answer"),
        root.getDuration(PREFIX + "stable-after"),
        root.getString(PREFIX + "app-version"));
  }
}
