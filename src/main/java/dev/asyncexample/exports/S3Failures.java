package dev.asyncexample.exports;

import dev.asyncexample.concurrent.Failures;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Turns what the AWS SDK fails with into the errors our API answers; never names credentials. */
final class S3Failures {

  private S3Failures() {}

  /** {@code failure} as ours: a 404 for a missing key, else an {@link S3StorageException}. */
  static RuntimeException translate(Throwable failure, String action) {
    Throwable cause = unwrap(failure);
    if (cause instanceof S3StorageException || cause instanceof ExportNotFoundException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof NoSuchKeyException) {
      return new ExportNotFoundException();
    }
    if (cause instanceof SdkServiceException service) {
      // Throttling (SlowDown) and 503 are S3 asking us to come back later; the rest is a failure.
      boolean later = service.isThrottlingException() || service.statusCode() == 503;
      return new S3StorageException(
          later ? 503 : 502,
          later
              ? "S3 is unavailable (" + action + ")"
              : "S3 failed (" + action + ": " + service.statusCode() + ")",
          cause);
    }
    if (cause instanceof SdkClientException) {
      return new S3StorageException(502, "S3 is unreachable (" + action + ")", cause);
    }
    return new S3StorageException(502, "S3 failed (" + action + ")", cause);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    return cause;
  }
}
