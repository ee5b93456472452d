package dev.asyncexample.exports;

import dev.asyncexample.concurrent.StageBridge;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The S3 calls exports make, on one bucket. The SDK completes its futures on its own Netty threads;
 * every result is handed to {@code dispatcher} before our code continues, and every failure is
 * translated by {@link S3Failures}.
 */
final class S3Bucket {

  /** One object as listed. */
  record Listed(String key, long size, Instant lastModified) {}

  /** One page of a listing; {@code truncated} when S3 has more after it. */
  record Listing(List<Listed> objects, boolean truncated) {}

  /** An object being read: its length and its bytes, streamed as S3 sends them. */
  record Download(long contentLength, Source<ByteString, NotUsed> bytes) {}

  private final S3AsyncClient client;
  private final String bucket;
  private final Executor dispatcher;

  S3Bucket(S3AsyncClient client, String bucket, Executor dispatcher) {
    this.client = client;
    this.bucket = bucket;
    this.dispatcher = dispatcher;
  }

  String name() {
    return bucket;
  }

  CompletableFuture<Void> put(String key, ByteString bytes) {
    return call(
            "PutObject",
            () ->
                client.putObject(
                    b -> b.bucket(bucket).key(key).contentType("application/x-ndjson"),
                    body(bytes)))
        .thenApply(response -> null);
  }

  CompletableFuture<String> createMultipart(String key) {
    return call(
            "CreateMultipartUpload",
            () ->
                client.createMultipartUpload(
                    b -> b.bucket(bucket).key(key).contentType("application/x-ndjson")))
        .thenApply(response -> response.uploadId());
  }

  CompletableFuture<CompletedPart> uploadPart(
      String key, String uploadId, int number, ByteString bytes) {
    return call(
            "UploadPart",
            () ->
                client.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    body(bytes)))
        .thenApply(
            response -> CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
  }

  CompletableFuture<Void> complete(String key, String uploadId, List<CompletedPart> parts) {
    return call(
            "CompleteMultipartUpload",
            () ->
                client.completeMultipartUpload(
                    b ->
                        b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts))))
        .thenApply(response -> null);
  }

  CompletableFuture<Void> abort(String key, String uploadId) {
    return call(
            "AbortMultipartUpload",
            () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)))
        .thenApply(response -> null);
  }

  /** Up to {@code limit} objects under {@code prefix}, in key order, after {@code startAfter}. */
  CompletableFuture<Listing> list(String prefix, String startAfter, int limit) {
    return call(
            "ListObjectsV2",
            () ->
                client.listObjectsV2(
                    b ->
                        b.bucket(bucket)
                            .prefix(prefix)
                            .startAfter(startAfter.isEmpty() ? null : startAfter)
                            .maxKeys(limit)))
        .thenApply(
            response ->
                new Listing(
                    response.contents().stream()
                        .map(o -> new Listed(o.key(), o.size(), o.lastModified()))
                        .toList(),
                    Boolean.TRUE.equals(response.isTruncated())));
  }

  /** Starts reading {@code key}: completes once S3 has answered with the headers. */
  CompletableFuture<Download> get(String key) {
    return call(
            "GetObject",
            () ->
                client.getObject(
                    b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toPublisher()))
        .thenApply(
            publisher ->
                new Download(
                    publisher.response().contentLength(),
                    Source.fromPublisher(publisher)
                        .map(ByteString::fromByteBuffer)
                        .mapError(
                            new org.apache.pekko.japi.pf.PFBuilder<Throwable, Throwable>()
                                .matchAny(failure -> S3Failures.translate(failure, "GetObject"))
                                .build())));
  }

  /** A compact ByteString wraps its array, so S3 reads the part without another copy. */
  private static AsyncRequestBody body(ByteString bytes) {
    return AsyncRequestBody.fromByteBufferUnsafe(bytes.compact().asByteBuffer());
  }

  private <T> CompletableFuture<T> call(String action, Supplier<CompletableFuture<T>> request) {
    CompletableFuture<T> sent;
    try {
      sent = request.get();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    // Our work continues on the dispatcher, never on the SDK's event loop threads.
    return StageBridge.completeOn(sent, dispatcher)
        .handle(
            (value, failure) -> {
              if (failure != null) {
                throw S3Failures.translate(failure, action);
              }
              return value;
            });
  }
}
