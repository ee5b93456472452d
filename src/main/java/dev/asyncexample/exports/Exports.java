package dev.asyncexample.exports;

import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.ExportMeters;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.tracing.RequestContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Exports of posts to one S3 bucket: write one, list them, read one back. Exists only when a bucket
 * is configured; its S3 client is built at start (no connection is opened until the first call) and
 * closed by CoordinatedShutdown.
 */
public final class Exports {

  private final S3Bucket bucket;
  private final ExportNames names;
  private final Exporter exporter;
  private final int pageSize;

  private Exports(S3Bucket bucket, ExportNames names, Exporter exporter, int pageSize) {
    this.bucket = bucket;
    this.names = names;
    this.exporter = exporter;
    this.pageSize = pageSize;
  }

  /** Exports with credentials from the SDK's default chain; empty when no bucket is configured. */
  public static Optional<Exports> create(
      ActorSystem<?> system, ExportSettings settings, PostsService posts, MeterRegistry registry) {
    if (!settings.configured()) {
      return Optional.empty();
    }
    return create(system, settings, posts, DefaultCredentialsProvider.builder().build(), registry);
  }

  /** Exports with the given credentials (tests pass static ones); empty without a bucket. */
  public static Optional<Exports> create(
      ActorSystem<?> system,
      ExportSettings settings,
      PostsService posts,
      AwsCredentialsProvider credentials) {
    return create(system, settings, posts, credentials, AppMetrics.discarding());
  }

  /** Exports with the given credentials, counted in {@code registry}; empty without a bucket. */
  public static Optional<Exports> create(
      ActorSystem<?> system,
      ExportSettings settings,
      PostsService posts,
      AwsCredentialsProvider credentials,
      MeterRegistry registry) {
    if (!settings.configured()) {
      return Optional.empty();
    }
    S3Bucket bucket =
        new S3Bucket(
            S3Clients.create(system, settings, credentials),
            settings.bucket(),
            system.executionContext());
    Exporter exporter =
        Exporter.create(system, posts, bucket, settings, new ExportMeters(registry));
    return Optional.of(new Exports(bucket, exporter.names(), exporter, settings.pageSize()));
  }

  int pageSize() {
    return pageSize;
  }

  CompletionStage<ExportResult> export(Optional<Integer> userId, RequestContext request) {
    return exporter.export(userId, request);
  }

  /** Up to {@code limit} exports in name (= creation) order, after the export {@code after}. */
  CompletionStage<ExportPage> list(Optional<String> after, int limit) {
    return bucket
        .list(names.keyPrefix(), after.map(names::key).orElse(""), limit)
        .thenApply(
            listing -> {
              List<ExportItem> items = new ArrayList<>();
              for (S3Bucket.Listed object : listing.objects()) {
                String name = names.nameOf(object.key());
                // Other objects under the prefix are not ours to show.
                if (name != null) {
                  items.add(
                      new ExportItem(name, object.key(), object.size(), object.lastModified()));
                }
              }
              String next =
                  listing.truncated() && !items.isEmpty()
                      ? items.get(items.size() - 1).name()
                      : null;
              return new ExportPage(items, next);
            });
  }

  /** Starts reading the export {@code name}; fails with a 404 when there is none. */
  CompletionStage<S3Bucket.Download> read(String name) {
    return bucket.get(names.key(name));
  }
}
