package dev.asyncexample.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.config.InvalidSettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the built-in tracing starts: only when the standard variables ask for an exporter. */
class TracingSettingsTest {

  private static final TracingSettings AUTO = new TracingSettings("auto", "text");

  @Test
  void nothingSetMeansNoTracing() {
    assertThat(AUTO.wanted(Map.of(), Map.of())).isFalse();
    // A service name alone exports nothing, so it turns nothing on.
    assertThat(AUTO.wanted(Map.of("OTEL_SERVICE_NAME", "api"), Map.of())).isFalse();
  }

  @Test
  void anExporterOrAnEndpointTurnsItOn() {
    assertThat(AUTO.wanted(Map.of("OTEL_TRACES_EXPORTER", "otlp"), Map.of())).isTrue();
    assertThat(AUTO.wanted(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"), Map.of()))
        .isTrue();
    assertThat(AUTO.wanted(Map.of(), Map.of("otel.traces.exporter", "logging"))).isTrue();
  }

  @Test
  void offOrADisabledSdkWins() {
    Map<String, String> exporter = Map.of("OTEL_TRACES_EXPORTER", "otlp");
    assertThat(new TracingSettings("off", "text").wanted(exporter, Map.of())).isFalse();
    assertThat(
            AUTO.wanted(
                Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true"), Map.of()))
        .isFalse();
  }

  @Test
  void typosAreRefusedWithTheirKey() {
    assertThatThrownBy(() -> new TracingSettings("on", "text"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("async-example.tracing");
    assertThatThrownBy(() -> new TracingSettings("auto", "JSON"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("async-example.log-format");
  }
}
