package dev.asyncexample.testing;

import dev.asyncexample.concurrent.StageBridge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** Real HTTP calls from a test's own client system, each answer read in full. */
public final class HttpCalls {

  private HttpCalls() {}

  /** Sends {@code request} and waits for the whole answer, so no body is left in the pool. */
  public static HttpResponse send(ActorSystem client, HttpRequest request) throws Exception {
    return sendAsync(client, request).get(10, TimeUnit.SECONDS);
  }

  /** Sends {@code request}; completes with the whole answer, read within 5 s. */
  public static CompletableFuture<HttpResponse> sendAsync(ActorSystem client, HttpRequest request) {
    // Through the bridge, as in the application: the tests count threads too.
    return StageBridge.completeOn(Http.get(client).singleRequest(request), StageBridge.SAME_THREAD)
        .thenCompose(
            response ->
                StageBridge.completeOn(response.toStrict(5_000, client), StageBridge.SAME_THREAD)
                    .thenApply(HttpResponse.class::cast));
  }

  /** GETs {@code url} and answers "STATUS body", for tests that compare whole answers. */
  public static String statusAndBody(ActorSystem client, String url) throws Exception {
    HttpResponse response = send(client, HttpRequest.GET(url));
    return response.status().intValue() + " " + body(client, response);
  }

  /** The body of {@code response} as text. */
  public static String body(ActorSystem client, HttpResponse response) throws Exception {
    return response
        .entity()
        .toStrict(5_000, client)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .getData()
        .utf8String();
  }
}
