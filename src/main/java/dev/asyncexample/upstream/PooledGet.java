package dev.asyncexample.upstream;

import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.tracing.ClientSpan;
import dev.asyncexample.tracing.RequestContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.Materializer;

/**
 * One GET through the ActorSystem's connection pool, bounded by a deadline, whose response body is
 * always read or discarded so that no pooled connection is ever left waiting for a reader.
 */
final class PooledGet {

  private final Http http;
  private final Materializer materializer;
  private final Duration timeout;
  private final long maxBytes;

  PooledGet(ClassicActorSystemProvider system, Duration timeout, long maxBytes) {
    this.http = Http.get(system);
    this.materializer = Materializer.matFromSystem(system);
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /**
   * Completes with the whole answer, or fails with an {@link UpstreamException}. A client span
   * covers the call, body included, when {@code context} is traced.
   *
   * @param template the path's template, naming the span
   */
  CompletionStage<UpstreamReply> get(String url, String template, RequestContext context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request = request(url, context);
    ClientSpan span = ClientSpan.start(context, request, template);
    return span.endWhen(
        send(span.propagate(request), url)
            .thenCompose(response -> readBody(response, url, deadline)),
        UpstreamReply::status);
  }

  /**
   * Completes with the response once its headers are in, within the timeout; its body is then the
   * caller's to read or discard. Fails with an {@link UpstreamException}. The client span ends with
   * the headers.
   */
  CompletionStage<HttpResponse> open(String url, String template, RequestContext context) {
    HttpRequest request = request(url, context);
    ClientSpan span = ClientSpan.start(context, request, template);
    return span.endWhen(
        send(span.propagate(request), url), response -> response.status().intValue());
  }

  private static HttpRequest request(String url, RequestContext context) {
    return HttpRequest.GET(url).addHeader(RawHeader.create("X-Request-Id", context.requestId()));
  }

  private CompletionStage<HttpResponse> send(HttpRequest request, String url) {
    CompletionStage<HttpResponse> sent;
    try {
      sent = http.singleRequest(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(e, url));
    }
    // The pool has no per-request timeout, so the answer races our deadline. A response that
    // arrives after the deadline won is discarded at once, which frees its pooled connection.
    CompletableFuture<HttpResponse> answered = new CompletableFuture<>();
    var unused =
        StageBridge.completeOn(sent, StageBridge.SAME_THREAD)
            .whenComplete(
                (response, failure) -> {
                  if (failure != null) {
                    answered.completeExceptionally(failure);
                  } else if (!answered.complete(response)) {
                    response.discardEntityBytes(materializer);
                  }
                });
    return answered
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw translate(failure, url);
              }
              return response;
            });
  }

  private CompletionStage<UpstreamReply> readBody(
      HttpResponse response, String url, long deadline) {
    int status = response.status().intValue();
    HttpEntity entity = response.entity();
    // A declared length over the cap fails at once; the body is discarded unread.
    if (entity.getContentLengthOption().orElse(0L) > maxBytes) {
      response.discardEntityBytes(materializer);
      return CompletableFuture.failedFuture(tooLarge(null));
    }
    // A small answer usually arrives whole, and toStrict would still run a stream to copy it.
    if (entity instanceof HttpEntity.Strict whole) {
      return CompletableFuture.completedFuture(new UpstreamReply(status, whole.getData()));
    }
    long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    // toStrict reads (or, on its own timeout or size limit, cancels) the entity in every case.
    return StageBridge.completeOn(
            entity.toStrict(remainingMillis, maxBytes, materializer), StageBridge.SAME_THREAD)
        .handle(
            (strict, failure) -> {
              if (failure != null) {
                throw translate(failure, url);
              }
              return new UpstreamReply(status, strict.getData());
            });
  }

  private static UpstreamException tooLarge(Throwable cause) {
    return new UpstreamException(
        UpstreamException.Kind.BAD_GATEWAY, "Upstream answer is too large", cause);
  }

  static UpstreamException translate(Throwable failure, String url) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof UpstreamException known) {
      return known;
    }
    if (cause instanceof TimeoutException) {
      return new UpstreamException(
          UpstreamException.Kind.TIMEOUT, "Upstream did not answer in time", cause);
    }
    if (cause instanceof BufferOverflowException) {
      return new UpstreamException(
          UpstreamException.Kind.OVERLOADED, "Too many upstream requests in flight", cause);
    }
    if (cause instanceof EntityStreamSizeException) {
      return tooLarge(cause);
    }
    // The message goes to our client, so it names no upstream internals; the cause is logged.
    return new UpstreamException(
        UpstreamException.Kind.BAD_GATEWAY,
        "Upstream is unreachable (GET " + path(url) + ")",
        cause);
  }

  private static String path(String url) {
    int start = url.indexOf('/', url.indexOf("//") + 2);
    return start < 0 ? "/" : url.substring(start);
  }
}
