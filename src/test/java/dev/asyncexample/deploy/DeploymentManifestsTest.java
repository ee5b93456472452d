package dev.asyncexample.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deployment artifacts (deploy/kubernetes and compose.yaml) agree with what the service reads
 * (conf/application.conf) and with the image it runs in (Dockerfile). Nothing here needs a cluster
 * or Docker: the manifests are read into fabric8's typed Kubernetes objects, which refuse a field
 * Kubernetes would not know, so a typo fails here rather than at {@code kubectl apply}.
 */
class DeploymentManifestsTest {

  private static final Path KUBERNETES = Path.of("deploy/kubernetes");
  private static final Path COMPOSE = Path.of("compose.yaml");
  private static final Path APPLICATION_CONF = Path.of("conf/application.conf");
  private static final Path DOCKERFILE = Path.of("Dockerfile");

  /** Read by the JVM launcher rather than by application.conf. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

  /** CoordinatedShutdown phases a node passes through while it leaves the cluster. */
  private static final List<String> LEAVE_PHASES =
      List.of("cluster-sharding-shutdown-region", "cluster-leave", "cluster-exiting");

  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern COLON = Pattern.compile(":");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * fabric8 binds the parsed YAML. Its classes keep unknown fields in additionalProperties, so
   * their any-setter is removed: an unknown field then fails like in any strict bean. Kubernetes
   * also rejects a number or a boolean where it expects a string (an env value of 3 or on).
   */
  private static final JsonMapper MODEL =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .withCoercionConfig(
              LogicalType.Textual,
              coercion ->
                  coercion
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .addModule(
              new SimpleModule("no-additional-properties")
                  .setDeserializerModifier(new NoAnySetter()))
          .build();

  /** Drops every bean's any-setter, so that nothing lands in additionalProperties. */
  private static final class NoAnySetter extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public BeanDeserializerBuilder updateBuilder(
        DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
      builder.setAnySetter(null);
      return builder;
    }
  }

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "ServiceAccount", ServiceAccount.class,
          "Role", Role.class,
          "RoleBinding", RoleBinding.class,
          "Deployment", Deployment.class,
          "Service", Service.class,
          "PodDisruptionBudget", PodDisruptionBudget.class);

  // ---------------------------------------------------------------------------------------------
  // Kubernetes

  @Test
  void theKustomizationListsOneOfEachResourceAndFabric8KnowsEveryField() {
    List<HasMetadata> resources = resources(KUBERNETES);

    assertThat(resources)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrderElementsOf(KINDS.keySet());
  }

  @Test
  void anUnknownFieldIsRejected() {
    // The check the other tests rely on: a misspelt field must not pass silently.
    assertThatThrownBy(
            () ->
                bind(
                    "misspelt.yaml",
                    YAML.readTree(
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        spec:
                          template:
                            spec:
                              terminationGracePeriodSecond: 45
                        """),
                    Deployment.class))
        .hasMessageContaining("terminationGracePeriodSecond");
    assertThatThrownBy(
            () ->
                bind(
                    "unquoted.yaml",
                    YAML.readTree("name: CLUSTER_REQUIRED_CONTACT_POINTS\nvalue: 3\n"),
                    EnvVar.class))
        .hasMessageContaining("value");
  }

  @Test
  void managementPortAndProbesAreManagements() {
    Container app = container(deployment());
    Config config = effectiveConfig();
    int managementPort = config.getInt("async-example.cluster.management-port");

    assertThat(env(app)).doesNotContainKey("MANAGEMENT_PORT");
    assertThat(containerPort(app, "management")).isEqualTo(managementPort);

    String base = config.getString("pekko.management.http.base-path");
    String prefix = base.isEmpty() ? "/" : "/" + base + "/";
    String alive = prefix + config.getString("pekko.management.health-checks.liveness-path");
    String ready = prefix + config.getString("pekko.management.health-checks.readiness-path");
    assertThat(alive).isEqualTo("/alive");
    assertThat(ready).isEqualTo("/ready");

    assertProbe(app, app.getLivenessProbe(), "liveness", alive, managementPort);
    assertProbe(app, app.getReadinessProbe(), "readiness", ready, managementPort);
    assertProbe(app, app.getStartupProbe(), "startup", alive, managementPort);
  }

  @Test
  void prometheusScrapesTheManagementPortsMetrics() {
    Deployment deployment = deployment();
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    Config config = effectiveConfig();

    assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
    assertThat(Integer.parseInt(annotations.get("prometheus.io/port")))
        .isEqualTo(containerPort(container(deployment), "management"))
        .isEqualTo(config.getInt("async-example.cluster.management-port"));
    // Management serves the metrics route at its root, not under its base path.
    assertThat(config.getString("pekko.management.http.base-path")).isEmpty();
    assertThat(annotations).containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void remotingAndHttpPortsAreTheConfiguredOnes() {
    Container app = container(deployment());
    Config config = effectiveConfig();

    assertThat(env(app)).doesNotContainKeys("CLUSTER_PORT", "HTTP_PORT");
    assertThat(containerPort(app, "remoting"))
        .isEqualTo(config.getInt("async-example.cluster.port"));
    // The image sets HTTP_PORT, so the container's HTTP port is the Dockerfile's, not the default.
    assertThat(containerPort(app, "http")).isEqualTo(dockerfileHttpPort());
    assertThat(app.getPorts())
        .extracting(ContainerPort::getName)
        .containsExactlyInAnyOrder("http", "management", "remoting");
  }

  @Test
  void podsCarryTheLabelThatDiscoveryLooksFor() {
    Deployment deployment = deployment();
    Config config = effectiveConfig();
    String serviceName = config.getString("async-example.cluster.service-name");
    String selector = config.getString("pekko.discovery.kubernetes-api.pod-label-selector");

    assertThat(selector).isEqualTo("app=%s");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app", serviceName);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("app", serviceName);
    EnvVar fromLabel = envVar(container(deployment), "CLUSTER_SERVICE_NAME");
    if (fromLabel != null) {
      assertThat(fromLabel.getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.labels['app']");
    }
    assertThat(
            config.getString(
                "pekko.management.cluster.bootstrap.contact-point-discovery.port-name"))
        .isEqualTo("management");
  }

  @Test
  void clusterModeFindsItsNodesThroughTheKubernetesApi() {
    Container app = container(deployment());
    Map<String, String> env = env(app);

    assertThat(env).containsEntry("CLUSTER_ENABLED", "on");
    assertThat(env).containsEntry("CLUSTER_DISCOVERY", "kubernetes-api");
    for (String podIp : List.of("CLUSTER_HOST", "MANAGEMENT_HOST")) {
      assertThat(env).containsKey(podIp);
      assertThat(envVar(app, podIp).getValueFrom().getFieldRef().getFieldPath())
          .as(podIp)
          .isEqualTo("status.podIP");
    }
  }

  @Test
  void requiredContactPointsAreAMajorityOfTheReplicas() {
    Deployment deployment = deployment();
    int replicas = deployment.getSpec().getReplicas();
    int required =
        Integer.parseInt(
            env(container(deployment))
                .getOrDefault(
                    "CLUSTER_REQUIRED_CONTACT_POINTS",
                    effectiveConfig().getString("async-example.cluster.required-contact-points")));

    // More would never form a cluster; half or fewer could form two at the first start.
    assertThat(required).isLessThanOrEqualTo(replicas).isGreaterThan(replicas / 2);
  }

  @Test
  void everyEnvironmentVariableIsOneTheServiceReads() {
    Set<String> names = new TreeSet<>(env(container(deployment())).keySet());
    for (Deployment patch : componentPatches().values()) {
      names.addAll(env(container(patch)).keySet());
    }

    assertThat(names).isNotEmpty().allSatisfy(DeploymentManifestsTest::assertReadByTheService);
  }

  @Test
  void theComponentsTakeTheirUrlsFromSecrets() {
    Map<String, Deployment> patches = componentPatches();

    assertThat(patches).containsOnlyKeys("postgres", "redis");
    Map<String, String> expected = Map.of("postgres", "DATABASE_URL", "redis", "REDIS_URL");
    patches.forEach(
        (component, patch) -> {
          List<EnvVar> env = container(patch).getEnv();
          assertThat(env).as(component).hasSize(1);
          EnvVar url = env.get(0);
          assertThat(url.getName()).as(component).isEqualTo(expected.get(component));
          assertThat(url.getValue()).as(component + ": never a literal URL").isNull();
          assertThat(url.getValueFrom().getSecretKeyRef().getName())
              .as(component)
              .startsWith("async-example-");
          assertThat(url.getValueFrom().getSecretKeyRef().getKey()).as(component).isEqualTo("url");
        });
  }

  @Test
  void theRoleLetsDiscoveryReadPodsAndIsBoundToThePods() {
    Role role = resource(Role.class);
    RoleBinding binding = resource(RoleBinding.class);
    String account = deployment().getSpec().getTemplate().getSpec().getServiceAccountName();

    assertThat(role.getRules())
        .anySatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).contains("");
              assertThat(rule.getResources()).contains("pods");
              assertThat(rule.getVerbs()).contains("get", "watch", "list");
            });
    // Discovery needs to read pods, nothing more.
    assertThat(role.getRules())
        .flatExtracting(PolicyRule::getVerbs)
        .containsOnly("get", "watch", "list");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(account).isEqualTo(resource(ServiceAccount.class).getMetadata().getName());
    assertThat(binding.getSubjects())
        .anySatisfy(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(account);
            });
  }

  @Test
  void theServiceExposesHttpOnly() {
    Service service = resource(Service.class);
    Container app = container(deployment());
    Set<Object> internal =
        Set.of(
            "management",
            "remoting",
            containerPort(app, "management"),
            containerPort(app, "remoting"));

    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment().getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .isNotEmpty()
        .allSatisfy(
            port -> {
              assertThat(internal).doesNotContain(port.getName(), port.getPort());
              assertThat(targetPort(app, port)).isEqualTo(containerPort(app, "http"));
            });
  }

  @Test
  void disruptionsAndUpdatesTakeOneNodeAtATime() {
    Deployment deployment = deployment();
    PodDisruptionBudget budget = resource(PodDisruptionBudget.class);

    assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge())
        .isEqualTo(new IntOrString(1));
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable())
        .isEqualTo(new IntOrString(0));
  }

  @Test
  void cpuIsRequestedButNeverLimited() {
    Container app = container(deployment());

    assertThat(app.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(app.getResources().getLimits()).doesNotContainKey("cpu");
  }

  @Test
  void theGracePeriodCoversTheDrainAndTheClusterLeave() {
    Deployment deployment = deployment();
    Duration needed = shutdownTime(env(container(deployment)));

    assertThat(
            Duration.ofSeconds(
                deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()))
        .isGreaterThan(needed);
    assertThat(env(container(deployment))).containsEntry("HTTP_UNREADY_DELAY", "5s");
  }

  @Test
  void thePodRunsAsTheImageUserOnAReadOnlyRoot() {
    PodSpec pod = deployment().getSpec().getTemplate().getSpec();
    Container app = container(deployment());
    var podSecurity = pod.getSecurityContext();
    var security = app.getSecurityContext();

    assertThat(
            security.getRunAsNonRoot() != null
                ? security.getRunAsNonRoot()
                : podSecurity.getRunAsNonRoot())
        .isTrue();
    assertThat(
            security.getRunAsUser() != null ? security.getRunAsUser() : podSecurity.getRunAsUser())
        .isEqualTo(dockerfileUid());
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    // The JVM writes to /tmp (hsperfdata), which the read-only root would refuse.
    VolumeMount tmp =
        app.getVolumeMounts().stream()
            .filter(mount -> mount.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume mounted at /tmp"));
    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getName().equals(tmp.getName()))
        .singleElement()
        .extracting(Volume::getEmptyDir)
        .isNotNull();
  }

  // ---------------------------------------------------------------------------------------------
  // compose.yaml

  @Test
  void composeRunsThreeNodesThatListEachOther() {
    Map<String, Map<String, String>> nodes = composeNodes();
    Config config = effectiveConfig();

    assertThat(nodes).hasSize(3);
    Set<String> everyNode =
        nodes.entrySet().stream()
            .map(
                node ->
                    node.getKey()
                        + ":"
                        + node.getValue()
                            .getOrDefault(
                                "MANAGEMENT_PORT",
                                config.getString("async-example.cluster.management-port")))
            .collect(Collectors.toSet());
    nodes.forEach(
        (name, env) -> {
          assertThat(env).as(name).containsEntry("CLUSTER_ENABLED", "on");
          assertThat(env).as(name).containsEntry("CLUSTER_DISCOVERY", "config");
          // Other nodes reach this one by its service name, the only name they can resolve.
          assertThat(env).as(name).containsEntry("CLUSTER_HOST", name);
          assertThat(env).as(name).doesNotContainKey("MANAGEMENT_HOST");
          assertThat(Set.of(COMMA.split(env.getOrDefault("CLUSTER_CONTACT_POINTS", ""), -1)))
              .as(name)
              .isEqualTo(everyNode);
          assertThat(env).as(name).containsEntry("CLUSTER_REQUIRED_CONTACT_POINTS", "3");
        });
  }

  @Test
  void composeNodesUseTheBackingServicesAndVariablesTheServiceReads() {
    JsonNode services = compose().path("services");

    composeNodes()
        .forEach(
            (name, env) -> {
              assertThat(env.keySet())
                  .as(name)
                  .allSatisfy(DeploymentManifestsTest::assertReadByTheService);
              assertThat(env.get("DATABASE_URL")).as(name).startsWith("postgresql://");
              assertThat(env).as(name).containsEntry("REDIS_URL", "redis://redis:6379");
              assertThat(services.has(host(env.get("DATABASE_URL")))).as(name).isTrue();
              assertThat(services.has(host(env.get("REDIS_URL")))).as(name).isTrue();
            });
  }

  @Test
  void composePublishesOnlyTheNodesHttpPort() {
    JsonNode services = compose().path("services");
    int httpPort = dockerfileHttpPort();
    Set<String> published = new TreeSet<>();

    services
        .properties()
        .forEach(
            service -> {
              JsonNode ports = service.getValue().path("ports");
              if (!service.getValue().has("build")) {
                assertThat(ports.isMissingNode()).as(service.getKey()).isTrue();
                return;
              }
              assertThat(service.getValue().path("build").asText()).isEqualTo(".");
              assertThat(ports.size()).as(service.getKey()).isEqualTo(1);
              String[] hostAndContainer = COLON.split(ports.get(0).asText(), -1);
              assertThat(hostAndContainer).as(service.getKey()).hasSize(2);
              assertThat(Integer.parseInt(hostAndContainer[1]))
                  .as(service.getKey())
                  .isEqualTo(httpPort);
              published.add(hostAndContainer[0]);
            });
    assertThat(published).containsExactly("8001", "8002", "8003");
    composeNodes().values().forEach(env -> assertThat(env).doesNotContainKey("HTTP_PORT"));
  }

  @Test
  void composeStopsNoNodeBeforeItHasDrainedAndLeft() {
    JsonNode services = compose().path("services");

    composeNodes()
        .forEach(
            (name, env) -> {
              JsonNode grace = services.path(name).path("stop_grace_period");
              assertThat(grace.isTextual()).as(name + ": stop_grace_period").isTrue();
              assertThat(duration(grace.asText())).as(name).isGreaterThan(shutdownTime(env));
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static void assertProbe(
      Container app, Probe probe, String kind, String path, int managementPort) {
    assertThat(probe).as(kind + " probe").isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as(kind + " probe is an HTTP GET").isNotNull();
    assertThat(get.getPath()).as(kind + " probe path").isEqualTo(path);
    assertThat(resolvePort(app, get.getPort())).as(kind + " probe port").isEqualTo(managementPort);
  }

  /** How long a node needs from SIGTERM to exit: the HTTP drain, then leaving the cluster. */
  private static Duration shutdownTime(Map<String, String> env) {
    Config config = effectiveConfig();
    Duration unready =
        env.containsKey("HTTP_UNREADY_DELAY")
            ? duration(env.get("HTTP_UNREADY_DELAY"))
            : config.getDuration("async-example.http.unready-delay");
    Duration deadline =
        env.containsKey("HTTP_SHUTDOWN_DEADLINE")
            ? duration(env.get("HTTP_SHUTDOWN_DEADLINE"))
            : config.getDuration("async-example.http.shutdown-deadline");
    Config shutdown = config.getConfig("pekko.coordinated-shutdown");
    Duration leave = Duration.ZERO;
    for (String phase : LEAVE_PHASES) {
      String timeout = "phases." + phase + ".timeout";
      leave =
          leave.plus(
              shutdown.hasPath(timeout)
                  ? shutdown.getDuration(timeout)
                  : shutdown.getDuration("default-phase-timeout"));
    }
    return unready.plus(deadline).plus(leave);
  }

  private static void assertReadByTheService(String name) {
    if (LAUNCHER_VARIABLES.contains(name)) {
      return;
    }
    assertThat(read(APPLICATION_CONF))
        .as("%s is set for the service, but conf/application.conf never reads it", name)
        .contains("${?" + name + "}");
  }

  private static int resolvePort(Container app, IntOrString port) {
    return port.getIntVal() != null ? port.getIntVal() : containerPort(app, port.getStrVal());
  }

  private static int targetPort(Container app, ServicePort port) {
    return port.getTargetPort() == null ? port.getPort() : resolvePort(app, port.getTargetPort());
  }

  private static int containerPort(Container app, String name) {
    return app.getPorts().stream()
        .filter(port -> name.equals(port.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  private static EnvVar envVar(Container app, String name) {
    return app.getEnv().stream().filter(var -> var.getName().equals(name)).findFirst().orElse(null);
  }

  /** Name to literal value ("" when it comes from a reference); names must not repeat. */
  private static Map<String, String> env(Container app) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : app.getEnv()) {
      String previous = env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
      assertThat(previous).as("%s is set twice", var.getName()).isNull();
    }
    return env;
  }

  private static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Deployment deployment() {
    return resource(Deployment.class);
  }

  private static <T extends HasMetadata> T resource(Class<T> type) {
    List<HasMetadata> all = resources(KUBERNETES);
    assertThat(all).filteredOn(type::isInstance).as(type.getSimpleName()).hasSize(1);
    return all.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  /** Every resource a kustomization (directory) lists, following directories it names. */
  private static List<HasMetadata> resources(Path kustomizationDir) {
    JsonNode kustomization = yaml(kustomizationDir.resolve("kustomization.yaml"));
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    List<HasMetadata> resources = new ArrayList<>();
    for (JsonNode entry : kustomization.path("resources")) {
      Path path = kustomizationDir.resolve(entry.asText());
      if (Files.isDirectory(path)) {
        resources.addAll(resources(path));
        continue;
      }
      JsonNode document = yaml(path);
      String kind = document.path("kind").asText();
      Class<? extends HasMetadata> type = KINDS.get(kind);
      if (type == null) {
        fail("%s: kind %s is not one this test checks", path, kind);
      }
      resources.add(bind(path.toString(), document, type));
    }
    return resources;
  }

  /** Each component's Deployment patch, by component name (the directory). */
  private static Map<String, Deployment> componentPatches() {
    Map<String, Deployment> patches = new LinkedHashMap<>();
    for (Path component : list(KUBERNETES.resolve("components"))) {
      JsonNode kustomization = yaml(component.resolve("kustomization.yaml"));
      assertThat(kustomization.path("kind").asText()).isEqualTo("Component");
      for (JsonNode patch : kustomization.path("patches")) {
        Path path = component.resolve(patch.path("path").asText());
        patches.put(
            component.getFileName().toString(),
            bind(path.toString(), yaml(path), Deployment.class));
      }
    }
    for (Path overlay : list(KUBERNETES.resolve("overlays"))) {
      // An overlay builds on the base, never on the directory that contains it (kustomize's rule).
      assertThat(resources(overlay)).extracting(HasMetadata::getKind).contains("Deployment");
    }
    return patches;
  }

  private static <T> T bind(String source, JsonNode document, Class<T> type) {
    try {
      return MODEL.treeToValue(document, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new AssertionError(
          source + ": not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode compose() {
    return yaml(COMPOSE);
  }

  /** The app's services (those built from this repository), each with its environment. */
  private static Map<String, Map<String, String>> composeNodes() {
    Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
    compose()
        .path("services")
        .properties()
        .forEach(
            service -> {
              if (!service.getValue().has("build")) {
                return;
              }
              JsonNode environment = service.getValue().path("environment");
              assertThat(environment.isObject())
                  .as(service.getKey() + ": environment map")
                  .isTrue();
              Map<String, String> env = new LinkedHashMap<>();
              environment
                  .properties()
                  .forEach(
                      var -> {
                        // Compose takes YAML's on, 3 and the like as something else than a string.
                        assertThat(var.getValue().isTextual())
                            .as("%s: %s must be a string", service.getKey(), var.getKey())
                            .isTrue();
                        env.put(var.getKey(), var.getValue().asText());
                      });
              nodes.put(service.getKey(), env);
            });
    return nodes;
  }

  private static String host(String url) {
    Matcher matcher = Pattern.compile("^[a-z]+://(?:[^@/]*@)?([^:/]+)").matcher(url);
    assertThat(matcher.find()).as(url).isTrue();
    return matcher.group(1);
  }

  /**
   * application.conf as shipped (no environment), with the cluster block laid over pekko as in
   * cluster mode and every library's reference.conf below it.
   */
  private static Config effectiveConfig() {
    Config application =
        ConfigFactory.parseFile(APPLICATION_CONF.toFile()).resolve(ConfigResolveOptions.noSystem());
    return application
        .getConfig("async-example.cluster.pekko")
        .atKey("pekko")
        .withFallback(application)
        .withFallback(ConfigFactory.defaultReference());
  }

  private static int dockerfileHttpPort() {
    Matcher matcher = Pattern.compile("\\bHTTP_PORT=(\\d+)").matcher(read(DOCKERFILE));
    assertThat(matcher.find()).as("Dockerfile sets HTTP_PORT").isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static long dockerfileUid() {
    Matcher matcher = Pattern.compile("useradd --uid (\\d+)").matcher(read(DOCKERFILE));
    assertThat(matcher.find()).as("Dockerfile creates its user").isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static Duration duration(String value) {
    return ConfigFactory.parseMap(Map.of("d", value)).getDuration("d");
  }

  private static JsonNode yaml(Path path) {
    try {
      return YAML.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }

  private static List<Path> list(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toString(), e);
    }
  }
}
