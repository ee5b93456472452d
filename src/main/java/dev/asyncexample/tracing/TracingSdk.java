package dev.asyncexample.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the OpenTelemetry SDK from the standard {@code OTEL_*} variables (the SDK's autoconfigure)
 * when they ask for traces, once per application, and closes it with the ActorSystem so the last
 * spans are exported.
 */
public final class TracingSdk {

  private static final Logger log = LoggerFactory.getLogger(TracingSdk.class);

  /**
   * Our defaults under the user's variables: a service name, and no metrics or log exporters (this
   * service exports only traces through OpenTelemetry; autoconfigure would otherwise start OTLP
   * exporters for both and retry a collector that is not there).
   */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "otel.service.name", "async-example",
          "otel.metrics.exporter", "none",
          "otel.logs.exporter", "none");

  private static final Duration FLUSH_BUDGET = Duration.ofSeconds(5);

  /** The Java agent's entry class: the JVM puts the agent's jar on the system class path. */
  private static final String AGENT_CLASS = "io.opentelemetry.javaagent.OpenTelemetryAgent";

  private TracingSdk() {}

  /** The application's tracing: {@link Tracing#OFF} unless {@code settings} and the env ask. */
  public static Tracing start(ActorSystem<?> system, TracingSettings settings) {
    return start(system, settings, System.getenv(), systemProperties());
  }

  static Tracing start(
      ActorSystem<?> system,
      TracingSettings settings,
      Map<String, String> environment,
      Map<String, String> properties) {
    if (!settings.wanted(environment, properties)) {
      return Tracing.OFF;
    }
    if (agentAttached()) {
      // Both would trace every request and upstream call: two server spans, two client spans.
      log.warn("Tracing: the OpenTelemetry Java agent is attached, so the built-in tracing is off");
      return Tracing.OFF;
    }
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> DEFAULTS)
            // CoordinatedShutdown closes it, after the last requests were answered.
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "flush-traces",
            () -> close(sdk));
    String exporter = TracingSettings.lookup("OTEL_TRACES_EXPORTER", environment, properties);
    log.info("Tracing: on, exporter {}", exporter == null ? "otlp" : exporter);
    return Tracing.of(sdk);
  }

  private static CompletionStage<Done> close(OpenTelemetrySdk sdk) {
    CompletableFuture<Done> closed = new CompletableFuture<>();
    var result = sdk.shutdown();
    result.whenComplete(() -> closed.complete(Done.getInstance()));
    return closed.completeOnTimeout(
        Done.getInstance(), FLUSH_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
  }

  static boolean agentAttached() {
    try {
      Class.forName(AGENT_CLASS, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> properties = new HashMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(name -> properties.put(name, System.getProperty(name)));
    return properties;
  }
}
