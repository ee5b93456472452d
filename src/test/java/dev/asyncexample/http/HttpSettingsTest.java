package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.asyncexample.config.InvalidSettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edge's settings: their defaults, and start-up failing on a bad one with its key. */
class HttpSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    HttpSettings settings = load("");

    assertThat(settings.edge())
        .isEqualTo(
            new EdgeLimits(
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                500,
                Duration.ofSeconds(75),
                32 * 1024));
    assertThat(settings.maxInFlight()).isEqualTo(2048);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "header-timeout = 0s | async-example.http.header-timeout: must be 100ms..300s (was PT0S)",
        "header-timeout = 6m | async-example.http.header-timeout: must be 100ms..300s",
        "body-timeout = 50ms | async-example.http.body-timeout: must be 100ms..600s",
        "body-min-rate = 0 | async-example.http.body-min-rate: must be 1..1000000000 bytes per second",
        "keep-alive-timeout = 2h | async-example.http.keep-alive-timeout: must be 100ms..3600s",
        "max-head-size = 100 | async-example.http.max-head-size: must be 1k..1m (was 100)",
        "max-head-size = 2m | async-example.http.max-head-size: must be 1k..1m",
        "max-in-flight = 0 | async-example.http.max-in-flight: must be 1..1000000 (was 0)",
      })
  void aBadValueFailsStartUpNamingItsKey(String setting, String expected) {
    assertThatThrownBy(() -> load("async-example.http." + setting))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void theGuardChecksItsTimeoutsOftenEnoughForTheShortestButNotMoreThanNeeded() {
    EdgeLimits quick =
        new EdgeLimits(
            Duration.ofSeconds(1), Duration.ofSeconds(20), 500, Duration.ofSeconds(75), 32768);

    assertThat(EdgeGuard.tickFor(quick, Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(250));
    assertThat(EdgeGuard.tickFor(load("").edge(), Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(EdgeGuard.tickFor(quick, Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(100));
  }

  private static HttpSettings load(String override) {
    return HttpSettings.from(
        ConfigFactory.parseString(override)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .resolve());
  }
}
