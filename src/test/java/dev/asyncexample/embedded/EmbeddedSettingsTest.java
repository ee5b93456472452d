package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.asyncexample.config.InvalidSettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone embedded upstream's settings come from conf/application.conf and are checked. */
class EmbeddedSettingsTest {

  @Test
  void defaultsAnswerAtOnceOnPort8001WithoutControl() {
    assertThat(EmbeddedSettings.from(ConfigFactory.parseResources("application.conf").resolve()))
        .isEqualTo(new EmbeddedSettings("127.0.0.1", 8001, 100, Duration.ZERO, false, 8002));
  }

  @Test
  void controlIsSwitchedOnByEnvironmentVariables() {
    // What EMBEDDED_UPSTREAM_CONTROL=on EMBEDDED_UPSTREAM_CONTROL_PORT=18301 would do.
    EmbeddedSettings settings =
        load("EMBEDDED_UPSTREAM_CONTROL = on, EMBEDDED_UPSTREAM_CONTROL_PORT = \"18301\"");

    assertThat(settings.control()).isTrue();
    assertThat(settings.controlPort()).isEqualTo(18_301);
  }

  @Test
  void environmentVariablesOverrideTheDefaults() {
    // What EMBEDDED_UPSTREAM_LATENCY=100ms EMBEDDED_UPSTREAM_POSTS=2500 would do.
    EmbeddedSettings settings =
        load("EMBEDDED_UPSTREAM_LATENCY = 100ms, EMBEDDED_UPSTREAM_POSTS = \"2500\"");

    assertThat(settings.latency()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.posts()).isEqualTo(2_500);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "async-example.embedded-upstream.latency = -1ms | async-example.embedded-upstream.latency: must be 0s..10s",
        "async-example.embedded-upstream.latency = 11s | async-example.embedded-upstream.latency: must be 0s..10s (was PT11S)",
        "async-example.embedded-upstream.latency = soon | async-example.embedded-upstream.latency",
        "async-example.embedded-upstream.port = 70000 | async-example.embedded-upstream.port: must be 0..65535 (was 70000)",
        "async-example.embedded-upstream.posts = -1 | async-example.embedded-upstream.posts: must not be negative (was -1)",
        "async-example.embedded-upstream.control-port = -2 | async-example.embedded-upstream.control-port: must be 0..65535 (was -2)",
        "async-example.embedded-upstream { control = on, control-port = 8001 } | async-example.embedded-upstream.control-port: must differ from the upstream's port (was 8001)",
        "async-example.embedded-upstream.control = maybe | async-example.embedded-upstream.control"
      })
  void badValueFailsWithOneLineNamingTheKey(String setting, String expected) {
    assertThatThrownBy(() -> load(setting))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static EmbeddedSettings load(String override) {
    return EmbeddedSettings.from(
        ConfigFactory.parseString(override)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .resolve());
  }
}
