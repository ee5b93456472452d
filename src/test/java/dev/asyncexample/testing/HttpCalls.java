package dev.asyncexample.testing;

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
    return Http.get(client)
        .singleRequest(request)
        .thenCompose(response -> response.toStrict(5_000, client))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
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
