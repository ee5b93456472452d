package dev.asyncexample.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.testing.TestConfig;
import org.junit.jupiter.api.Test;

/** Export settings: read from conf/application.conf, refused with the key named when unusable. */
class ExportSettingsTest {

  @Test
  void defaultsLeaveExportsUnconfigured() {
    ExportSettings settings = ExportSettings.from(TestConfig.base());
    assertThat(settings.configured()).isFalse();
    assertThat(settings.keyPrefix()).isEqualTo("exports/");
    assertThat(settings.partSizeBytes()).isEqualTo(8L * 1024 * 1024);
  }

  @Test
  void aBucketConfiguresThem() {
    ExportSettings settings =
        ExportSettings.from(
            TestConfig.with(
                """
                async-example.exports.bucket = my-exports
                async-example.exports.endpoint = "http://127.0.0.1:9090"
                async-example.exports.path-style = on
                """));
    assertThat(settings.configured()).isTrue();
    assertThat(settings.endpointUri())
        .hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9090));
  }

  @Test
  void partsBelowS3sMinimumAreRefused() {
    assertThatThrownBy(
            () -> ExportSettings.from(TestConfig.with("async-example.exports.part-size = 4m")))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageStartingWith("async-example.exports.part-size: must be between 5 MiB");
  }

  @Test
  void unusableValuesNameTheirKey() {
    assertThatThrownBy(
            () ->
                ExportSettings.from(
                    TestConfig.with("async-example.exports.bucket = \"Not_A_Bucket\"")))
        .hasMessageStartingWith("async-example.exports.bucket:");
    assertThatThrownBy(
            () ->
                ExportSettings.from(
                    TestConfig.with("async-example.exports.endpoint = \"minio:9000\"")))
        .hasMessageStartingWith("async-example.exports.endpoint:");
    assertThatThrownBy(
            () ->
                ExportSettings.from(TestConfig.with("async-example.exports.key-prefix = exports")))
        .hasMessageStartingWith("async-example.exports.key-prefix:");
    assertThatThrownBy(
            () -> ExportSettings.from(TestConfig.with("async-example.exports.page-size = 1001")))
        .hasMessageStartingWith("async-example.exports.page-size:");
  }
}
