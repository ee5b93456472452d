package dev.asyncexample.http;

import static dev.asyncexample.tracing.RequestContext.untraced;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.testing.ApiTestSupport;
import dev.asyncexample.testing.TestConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.junit.jupiter.api.Test;

/** A full client pool fails fast with 503, and recovers once its requests complete. */
class PoolOverflowTest extends ApiTestSupport {

  @Override
  protected Config config() {
    // Room for two requests in all (one connection, one waiting); see PEKKO-PITFALLS on capacity.
    return TestConfig.with(
        """
        pekko.http.host-connection-pool.max-connections = 1
        pekko.http.host-connection-pool.max-open-requests = 1
        """);
  }

  @Test
  void fullPoolIs503AndRecovers() throws Exception {
    PostsService sameSystemClient =
        TestClients.client(system(), upstream.baseUrl(), upstreamTimeout());
    ControllableUpstream.Gate gate = upstream.hold();
    List<CompletableFuture<?>> held = new ArrayList<>();
    for (int id = 10; id < 16; id++) {
      held.add(sameSystemClient.find(id, untraced("fill-" + id)).toCompletableFuture());
    }
    upstream.awaitHits(1).toCompletableFuture().get(5, TimeUnit.SECONDS);

    app()
        .run(HttpRequest.GET("/v1/posts/1"))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertEntity("{\"detail\":\"Too many upstream requests in flight\"}");

    gate.release();
    long completed =
        held.stream()
            .filter(
                call -> {
                  try {
                    call.get(5, TimeUnit.SECONDS);
                    return true;
                  } catch (Exception overflowed) {
                    return false;
                  }
                })
            .count();
    assertThat(completed).isBetween(1L, 2L);
    app().run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(StatusCodes.OK);
  }
}
