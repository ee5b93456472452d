package dev.asyncexample.exports;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.json.Json;
import dev.asyncexample.metrics.ExportMeters;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.tracing.LogContext;
import dev.asyncexample.tracing.RequestContext;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams posts from the upstream into one S3 object as NDJSON: decoded one by one, rendered a line
 * at a time, cut into parts and uploaded while the next part fills, so an export holds about two
 * parts in memory whatever its size. A failure on either side aborts the upload.
 */
final class Exporter {

  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private final ActorSystem<?> system;
  private final PostsService posts;
  private final S3Bucket bucket;
  private final ExportNames names;
  private final long partSize;
  private final ExportMeters meters;

  Exporter(
      ActorSystem<?> system,
      PostsService posts,
      S3Bucket bucket,
      ExportNames names,
      long partSize,
      ExportMeters meters) {
    this.system = system;
    this.meters = meters;
    this.posts = posts;
    this.bucket = bucket;
    this.names = names;
    this.partSize = partSize;
  }

  static Exporter create(
      ActorSystem<?> system,
      PostsService posts,
      S3Bucket bucket,
      ExportSettings s,
      ExportMeters meters) {
    return new Exporter(
        system,
        posts,
        bucket,
        new ExportNames(s.keyPrefix(), Clock.systemUTC()),
        s.partSizeBytes(),
        meters);
  }

  ExportNames names() {
    return names;
  }

  /** Completes the upload, or after a failure aborts it and fails with that failure. */
  private static CompletableFuture<Void> settle(Upload upload, Throwable failure) {
    if (failure == null) {
      // A completion S3 refuses leaves the parts behind too.
      return upload
          .finish()
          .handle((done, refused) -> refused)
          .thenCompose(
              refused ->
                  refused == null
                      ? CompletableFuture.completedFuture(null)
                      : abortThenFail(upload, refused));
    }
    return abortThenFail(upload, failure);
  }

  private static CompletableFuture<Void> abortThenFail(Upload upload, Throwable failure) {
    return upload.abort().thenCompose(aborted -> CompletableFuture.failedFuture(failure));
  }

  CompletionStage<ExportResult> export(Optional<Integer> userId, RequestContext request) {
    String name = names.newName();
    String key = names.key(name);
    AtomicLong postCount = new AtomicLong();
    AtomicLong byteCount = new AtomicLong();
    Upload upload = new Upload(bucket, key, meters);
    long started = System.nanoTime();
    CompletableFuture<?> streamed =
        StageBridge.completeOn(
            posts.stream(userId, request)
                .map(
                    post -> {
                      ByteString line = Json.bytes(post).concat(NEWLINE);
                      postCount.incrementAndGet();
                      byteCount.addAndGet(line.size());
                      return line;
                    })
                .via(Parts.ofSize(partSize))
                // The next part fills while this one uploads: one part waiting, one in flight.
                .buffer(1, OverflowStrategy.backpressure())
                .mapAsync(1, upload::accept)
                .runWith(Sink.ignore(), system),
            system.executionContext());
    CompletableFuture<Void> settled =
        streamed
            .handle((done, failure) -> failure)
            .thenCompose(failure -> settle(upload, failure))
            .whenComplete(
                (finished, failure) -> {
                  if (failure == null) {
                    meters.succeeded();
                  } else {
                    meters.failed();
                  }
                });
    return settled.thenApply(
        finished -> {
          LogContext.run(
              request,
              () ->
                  log.info(
                      "Exported {} posts ({} bytes{}) to {} in {} ms",
                      postCount.get(),
                      byteCount.get(),
                      upload.multipart() ? ", multipart" : "",
                      key,
                      (System.nanoTime() - started) / 1_000_000));
          return new ExportResult(bucket.name(), key, postCount.get(), byteCount.get(), name);
        });
  }
}
