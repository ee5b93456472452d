package dev.asyncexample.lessons;

import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.upstream.UpstreamReply;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The wrong way, on purpose: every GET opens a TCP connection of its own and closes it after the
 * answer, as a client created per request does. Same stack as the pooled client (Pekko HTTP), so
 * the connection is the only difference.
 */
final class ConnectionPerRequest {

  private final Http http;
  private final Materializer materializer;
  private final String host;
  private final int port;
  private final long timeoutMillis;

  ConnectionPerRequest(ActorSystem system, String baseUrl, Duration timeout) {
    URI uri = URI.create(baseUrl);
    this.http = Http.get(system);
    this.materializer = Materializer.matFromSystem(system);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.timeoutMillis = timeout.toMillis();
  }

  /** GETs {@code path} over a new connection and reads the whole answer. */
  CompletionStage<UpstreamReply> get(String path) {
    // The connection flow is materialized once per request: one connect, one request, one close.
    CompletionStage<HttpResponse> answered =
        Source.single(HttpRequest.GET(path))
            .via(http.connectionTo(host).toPort(port).http())
            .runWith(Sink.head(), materializer);
    return StageBridge.completeOn(answered, StageBridge.SAME_THREAD)
        .thenCompose(
            response ->
                StageBridge.completeOn(
                        response.entity().toStrict(timeoutMillis, materializer),
                        StageBridge.SAME_THREAD)
                    .thenApply(
                        strict ->
                            new UpstreamReply(response.status().intValue(), strict.getData())));
  }
}
