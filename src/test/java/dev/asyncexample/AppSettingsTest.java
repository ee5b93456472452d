package dev.asyncexample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.asyncexample.cache.CacheSettings;
import dev.asyncexample.config.InvalidSettingsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings are read once from conf/application.conf, and a bad value names its key. */
class AppSettingsTest {

  @Test
  void defaultsMatchThePythonOriginal() {
    AppSettings settings =
        AppSettings.from(ConfigFactory.parseResources("application.conf").resolve());

    assertThat(settings.http().host()).isEqualTo("127.0.0.1");
    assertThat(settings.http().port()).isEqualTo(8000);
    assertThat(settings.upstream().baseUrl()).isEqualTo("https://jsonplaceholder.typicode.com");
    assertThat(settings.upstream().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.upstream().embedded()).isFalse();
    assertThat(settings.upstream().breakerFailures()).isEqualTo(5);
    assertThat(settings.upstream().breakerReset()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.cache())
        .isEqualTo(
            new CacheSettings(
                true,
                "",
                "async-example:",
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                10_000,
                Duration.ofMinutes(10)));
    assertThat(settings.cache().backend()).isEqualTo("in-process");
  }

  @Test
  void cacheEnvironmentVariablesOverrideTheDefaults() {
    AppSettings settings =
        AppSettings.from(
            ConfigFactory.parseString(
                    "CACHE_ENABLED = \"off\", REDIS_URL = \"redis://127.0.0.1:6379/2\","
                        + " CACHE_KEY_PREFIX = \"mine:\", CACHE_TTL = 5m, CACHE_NOT_FOUND_TTL = 3s,"
                        + " CACHE_TIMEOUT = 20ms, CACHE_MAX_ENTRIES = \"42\","
                        + " CACHE_STALE_IF_ERROR = 0s")
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .resolve());

    assertThat(settings.cache())
        .isEqualTo(
            new CacheSettings(
                false,
                "redis://127.0.0.1:6379/2",
                "mine:",
                Duration.ofMinutes(5),
                Duration.ofSeconds(3),
                Duration.ofMillis(20),
                42,
                Duration.ZERO));
    assertThat(settings.cache().backend()).isEqualTo("disabled");
  }

  @Test
  void aBadRedisUrlIsReportedWithoutItsPassword() {
    assertThatThrownBy(() -> load("async-example.cache.redis-url = \"http://:s3cret@cache:6379\""))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("async-example.cache.redis-url: must be a redis:// or rediss:// URL")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void environmentVariablesOverrideTheDefaults() {
    // What HTTP_PORT=9000 UPSTREAM_BASE_URL=embedded UPSTREAM_TIMEOUT=2s would do.
    // Substitutions like ${?HTTP_PORT} find root keys the same way they find environment variables.
    AppSettings settings =
        AppSettings.from(
            ConfigFactory.parseString(
                    "HTTP_HOST = \"0.0.0.0\", HTTP_PORT = \"9000\", UPSTREAM_BASE_URL = embedded,"
                        + " UPSTREAM_TIMEOUT = 2s, UPSTREAM_BREAKER_FAILURES = \"3\","
                        + " UPSTREAM_BREAKER_RESET = 2s")
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .resolve());

    assertThat(settings.upstream().breakerFailures()).isEqualTo(3);
    assertThat(settings.upstream().breakerReset()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.http().host()).isEqualTo("0.0.0.0");
    assertThat(settings.http().port()).isEqualTo(9000);
    assertThat(settings.upstream().embedded()).isTrue();
    assertThat(settings.upstream().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void trailingSlashOfTheBaseUrlIsDropped() {
    assertThat(
            load("async-example.upstream.base-url = \"http://127.0.0.1:9/api//\"")
                .upstream()
                .baseUrl())
        .isEqualTo("http://127.0.0.1:9/api");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "async-example.http.port = 70000 | async-example.http.port: must be 0..65535 (was 70000)",
        "async-example.http.port = abc | async-example.http.port has type STRING rather than NUMBER",
        "async-example.http.host = \"\" | async-example.http.host: must not be empty",
        "async-example.upstream.timeout = 0s | async-example.upstream.timeout: must be positive",
        "async-example.upstream.timeout = soon | async-example.upstream.timeout",
        "async-example.upstream.base-url = \"ftp://x\" | async-example.upstream.base-url: must be an http(s) URL",
        "async-example.upstream.max-response-size = -1 | async-example.upstream.max-response-size",
        "async-example.http.shutdown-deadline = 0s | async-example.http.shutdown-deadline: must be more than 0s",
        "async-example.http.shutdown-deadline = 31s | async-example.http.shutdown-deadline: must be more than 0s and at most 30s",
        "async-example.http.unready-delay = 31s | async-example.http.unready-delay: must be 0s..30s",
        "async-example.http.unready-delay = -1s | async-example.http.unready-delay: must be 0s..30s",
        "async-example.cache.enabled = maybe | async-example.cache.enabled has type STRING rather than BOOLEAN",
        "async-example.cache.redis-url = \"localhost:6379\" | async-example.cache.redis-url: must be a redis:// or rediss:// URL",
        "async-example.cache.key-prefix = \"\" | async-example.cache.key-prefix: must not be empty",
        "async-example.cache.ttl = 0s | async-example.cache.ttl: must be positive",
        "async-example.cache.not-found-ttl = -1s | async-example.cache.not-found-ttl: must be positive",
        "async-example.cache.timeout = 0ms | async-example.cache.timeout: must be positive",
        "async-example.cache.max-entries = 0 | async-example.cache.max-entries: must be positive"
      })
  void badValueFailsWithOneLineNamingTheKey(String setting, String expected) {
    assertThatThrownBy(() -> load(setting))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static AppSettings load(String override) {
    return AppSettings.from(
        ConfigFactory.parseString(override)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .resolve());
  }
}
