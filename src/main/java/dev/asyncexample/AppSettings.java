package dev.asyncexample;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.asyncexample.bookmarks.BookmarksSettings;
import dev.asyncexample.cache.CacheSettings;
import dev.asyncexample.cluster.ClusterSettings;
import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.exports.ExportSettings;
import dev.asyncexample.http.HttpSettings;
import dev.asyncexample.metrics.MetricsSettings;
import dev.asyncexample.store.DatabaseSettings;
import dev.asyncexample.summary.SummarySettings;
import dev.asyncexample.tracing.TracingSettings;
import dev.asyncexample.upstream.UpstreamSettings;

/** Everything the application reads from configuration, read once at start and validated. */
public record AppSettings(
    HttpSettings http,
    UpstreamSettings upstream,
    CacheSettings cache,
    DatabaseSettings database,
    BookmarksSettings bookmarks,
    SummarySettings summary,
    ExportSettings exports,
    ClusterSettings cluster,
    TracingSettings tracing,
    MetricsSettings metrics) {

  /**
   * Reads the {@code async-example} namespace; a missing or bad value fails with its full key
   * named.
   */
  public static AppSettings from(Config root) {
    try {
      return new AppSettings(
          HttpSettings.from(root),
          UpstreamSettings.from(root),
          CacheSettings.from(root),
          DatabaseSettings.from(root),
          BookmarksSettings.from(root),
          SummarySettings.from(root),
          ExportSettings.from(root),
          ClusterSettings.from(root),
          TracingSettings.from(root),
          MetricsSettings.from(root));
    } catch (ConfigException e) {
      // Typesafe Config already names the key and the file; we only flatten it to one line.
      throw new InvalidSettingsException(e.getMessage(), e);
    }
  }
}
