package dev.asyncexample.exports;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;

/**
 * An HTTP proxy in front of S3Mock that records every request line the app sends to S3 and can fail
 * the requests whose query contains a given text with a 500, as a failing S3 would.
 */
final class S3Proxy implements AutoCloseable {

  private final ActorSystem system;
  private final String target;
  private final Queue<String> requests = new ConcurrentLinkedQueue<>();
  private volatile String failing;
  private ServerBinding binding;

  private S3Proxy(ActorSystem system, String target) {
    this.system = system;
    this.target = target;
  }

  static S3Proxy to(ActorSystem system, String targetEndpoint) throws Exception {
    S3Proxy proxy = new S3Proxy(system, targetEndpoint);
    proxy.binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(proxy::handle)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return proxy;
  }

  String endpoint() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  /** From now on, requests whose query contains {@code queryText} get a 500 (null: none). */
  void failWhereQueryHas(String queryText) {
    failing = queryText;
  }

  /** The request lines seen so far, e.g. {@code PUT /bucket/key?partNumber=1&uploadId=...}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  void clear() {
    requests.clear();
    failing = null;
  }

  private CompletableFuture<HttpResponse> handle(HttpRequest request) {
    String query = request.getUri().rawQueryString().orElse("");
    String line = request.method().name() + " " + request.getUri().path() + "?" + query;
    requests.add(line);
    String fail = failing;
    if (fail != null && query.contains(fail)) {
      // The whole body is read first, so the client sees a clean 500 and not a connection cut.
      return request
          .discardEntityBytes(system)
          .completionStage()
          .toCompletableFuture()
          .thenApply(
              done ->
                  HttpResponse.create()
                      .withStatus(StatusCodes.INTERNAL_SERVER_ERROR)
                      .withEntity(
                          HttpEntities.create(
                              ContentTypes.TEXT_XML_UTF8,
                              "<Error><Code>InternalError</Code><Message>injected</Message></Error>")));
    }
    HttpRequest forwarded =
        request
            .withUri(
                Uri.create(target + request.getUri().path() + (query.isEmpty() ? "" : "?" + query)))
            // Pekko answers 100-continue itself; the forwarded request has its body already.
            .removeHeader("Expect")
            .removeHeader("Timeout-Access")
            .removeHeader("Host");
    return Http.get(system).singleRequest(forwarded).toCompletableFuture();
  }

  @Override
  public void close() {
    binding.unbind().toCompletableFuture().join();
  }
}
