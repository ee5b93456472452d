package dev.asyncexample.exports;

import dev.asyncexample.metrics.ExportMeters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The upload of one object, fed part by part, one at a time: a single PUT when the first part is
 * also the last, otherwise a multipart upload started on the first part. Not thread-safe: the
 * stream calls it from one stage, and waits for each call before the next.
 */
final class Upload {

  private static final Logger log = LoggerFactory.getLogger(Upload.class);

  private final S3Bucket bucket;
  private final String key;
  private final ExportMeters meters;
  private final List<CompletedPart> parts = new ArrayList<>();
  private CompletableFuture<String> uploadId;

  Upload(S3Bucket bucket, String key, ExportMeters meters) {
    this.bucket = bucket;
    this.key = key;
    this.meters = meters;
  }

  CompletableFuture<Void> accept(Parts.Part part) {
    if (part.number() == 1 && part.last()) {
      return bucket.put(key, part.bytes()).thenRun(() -> meters.partUploaded(part.bytes().size()));
    }
    if (part.last() && part.bytes().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (uploadId == null) {
      uploadId = bucket.createMultipart(key);
    }
    return uploadId
        .thenCompose(id -> bucket.uploadPart(key, id, part.number(), part.bytes()))
        .thenAccept(
            uploaded -> {
              parts.add(uploaded);
              meters.partUploaded(part.bytes().size());
            });
  }

  /** Whether the object went up in parts (known once the stream has ended). */
  boolean multipart() {
    return uploadId != null;
  }

  /** Completes the multipart upload, if one was started. */
  CompletableFuture<Void> finish() {
    return uploadId == null
        ? CompletableFuture.completedFuture(null)
        : uploadId.thenCompose(id -> bucket.complete(key, id, List.copyOf(parts)));
  }

  /**
   * Aborts the multipart upload, if one was started, so S3 keeps no orphaned parts. Never fails: an
   * abort that fails too is logged (a bucket lifecycle rule is the last line of defence).
   */
  CompletableFuture<Void> abort() {
    if (uploadId == null || uploadId.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(null);
    }
    meters.aborted();
    return uploadId
        .thenCompose(id -> bucket.abort(key, id))
        .exceptionally(
            failure -> {
              log.warn("Could not abort the multipart upload of {}: {}", key, failure.toString());
              return null;
            });
  }
}
