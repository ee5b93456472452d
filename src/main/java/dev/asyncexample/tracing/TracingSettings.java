package dev.asyncexample.tracing;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether the built-in tracing runs, and how log lines are written.
 *
 * @param mode {@code auto}: traced when the standard {@code OTEL_*} variables ask for an exporter;
 *     {@code off}: never (for the OpenTelemetry Java agent, which traces Pekko HTTP itself)
 * @param logFormat {@code text} or {@code json}; logback reads it, this only refuses a typo
 */
public record TracingSettings(String mode, String logFormat) {

  private static final String PREFIX = "async-example.";
  private static final Set<String> MODES = Set.of("auto", "off");
  private static final Set<String> LOG_FORMATS = Set.of("text", "json");

  /**
   * The variables that make {@code auto} trace: an exporter chosen, or an OTLP endpoint given. Any
   * other {@code OTEL_*} (a service name, a sampler) only tunes tracing that one of these turned
   * on.
   */
  private static final Set<String> SELECTORS =
      Set.of(
          "OTEL_TRACES_EXPORTER",
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

  public TracingSettings {
    require(MODES.contains(mode), PREFIX + "tracing", "must be auto or off", mode);
    require(
        LOG_FORMATS.contains(logFormat), PREFIX + "log-format", "must be text or json", logFormat);
  }

  public static TracingSettings from(Config root) {
    return new TracingSettings(
        root.getString(PREFIX + "tracing"), root.getString(PREFIX + "log-format"));
  }

  /**
   * Whether to build the SDK, given the environment (and system properties in their {@code otel.*}
   * form, as autoconfigure reads both).
   */
  boolean wanted(Map<String, String> environment, Map<String, String> properties) {
    if (mode.equals("off")
        || "true".equalsIgnoreCase(lookup("OTEL_SDK_DISABLED", environment, properties))) {
      return false;
    }
    return SELECTORS.stream().anyMatch(name -> lookup(name, environment, properties) != null);
  }

  /** A variable's value, its {@code otel.*} system property first (autoconfigure's order). */
  static String lookup(
      String variable, Map<String, String> environment, Map<String, String> properties) {
    String property = properties.get(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
    return property != null ? property : environment.get(variable);
  }
}
