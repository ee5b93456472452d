package dev.asyncexample.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.embedded.EmbeddedJsonPlaceholder;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.upstream.RequestCoalescer;
import dev.asyncexample.upstream.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Route tests of the whole API, wired as in production: the real pooled, coalescing client calls a
 * real embedded JSONPlaceholder over loopback. The upstream is reset before each test.
 */
public abstract class ApiTestSupport extends RouteTestSupport {

  protected EmbeddedJsonPlaceholder upstream;
  protected Readiness readiness;
  protected ActorRef<RequestCoalescer.Command> coalescer;
  private Route api;

  @BeforeAll
  void startUpstreamAndApi() {
    upstream = TestUpstreams.start();
    readiness = new Readiness();
    readiness.ready();
    ReplyCache cache = cache();
    TestClients.ClientAndCoalescer client =
        TestClients.withCoalescer(system(), upstream.baseUrl(), upstreamTimeout(), cache);
    coalescer = client.coalescer();
    api =
        new ApiRoutes(
                new PostsRoutes(client.client()).route(),
                readiness,
                cache.enabled() ? List.of(cache.check()) : List.of())
            .route();
  }

  /**
   * The cache the client reads through, built once per class; none unless a class says otherwise,
   * so that every request of the other tests reaches the upstream.
   */
  protected ReplyCache cache() {
    return ReplyCache.disabled();
  }

  /** The client's budget per upstream call. */
  protected Duration upstreamTimeout() {
    return Duration.ofSeconds(3);
  }

  @BeforeEach
  void resetUpstream() {
    upstream.reset();
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
  }

  protected TestRoute app() {
    return testRoute(api);
  }

  protected static JsonNode json(TestRouteResult result) {
    try {
      return Json.MAPPER.readTree(result.entityString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
