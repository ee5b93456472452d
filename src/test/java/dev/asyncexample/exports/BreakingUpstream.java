package dev.asyncexample.exports;

import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.json.Json;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * An upstream whose {@code /posts} sends {@code posts} posts of a JSON array, then drops the
 * connection before the array ends: a break in the middle of a long body.
 */
final class BreakingUpstream implements AutoCloseable {

  private final ServerBinding binding;

  private BreakingUpstream(ServerBinding binding) {
    this.binding = binding;
  }

  static BreakingUpstream start(ActorSystem system, int posts) throws Exception {
    PostCatalog catalog = new PostCatalog(posts);
    Source<ByteString, ?> body =
        Source.single(ByteString.fromString("["))
            .concat(
                Source.from(catalog.all()).map(Json::bytes).intersperse(ByteString.fromString(",")))
            // Lazily: a plain failed source would fail the whole concat at once.
            .concatLazy(
                Source.lazySource(
                    () -> Source.<ByteString>failed(new IOException("cut on purpose"))));
    ServerBinding binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bindSync(
                request ->
                    HttpResponse.create()
                        .withEntity(
                            HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, body)))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return new BreakingUpstream(binding);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @Override
  public void close() {
    binding.unbind().toCompletableFuture().join();
  }
}
