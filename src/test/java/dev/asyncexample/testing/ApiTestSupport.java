package dev.asyncexample.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.bookmarks.BookmarkRepository;
import dev.asyncexample.bookmarks.BookmarksRoutes;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.exports.Exports;
import dev.asyncexample.exports.ExportsRoutes;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.DependencyCheck;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.json.Json;
import dev.asyncexample.metrics.AppMetrics;
import dev.asyncexample.metrics.MetricsSettings;
import dev.asyncexample.posts.FetchCoalescer;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.store.Database;
import dev.asyncexample.store.DatabaseSettings;
import dev.asyncexample.store.DatabaseTarget;
import dev.asyncexample.summary.ConcurrentSummarizer;
import dev.asyncexample.summary.SummaryRoutes;
import dev.asyncexample.summary.UserParts;
import dev.asyncexample.tracing.Tracing;
import dev.asyncexample.upstream.UpstreamSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import scala.concurrent.duration.FiniteDuration;

/**
 * Route tests of the whole API, wired as in production: the real pooled, coalescing client calls a
 * real embedded JSONPlaceholder over loopback, and bookmarks live in a real database (an H2
 * database of the class's own unless a class says otherwise). The upstream is reset before each
 * test.
 */
public abstract class ApiTestSupport extends RouteTestSupport {

  protected ControllableUpstream upstream;
  protected Readiness readiness;
  protected ActorRef<FetchCoalescer.Command> coalescer;
  protected Database database;
  protected BookmarkRepository bookmarks;

  /** This class's own metrics, served at {@code /metrics} as the application serves them. */
  protected AppMetrics metrics;

  private Route api;

  @BeforeAll
  void startUpstreamAndApi() throws Exception {
    upstream = TestUpstreams.start();
    readiness = new Readiness();
    readiness.ready();
    metrics = AppMetrics.create(Adapter.toTyped(system()), new MetricsSettings(true));
    ReplyCache cache = cache();
    TestClients.ClientAndCoalescer client =
        TestClients.withCoalescer(
            system(), upstreamSettings(upstream.baseUrl()), cache, metrics.registry());
    coalescer = client.coalescer();
    database =
        Database.create(
            Adapter.toTyped(system()),
            new DatabaseSettings(
                databaseTarget(),
                4,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
    if (!database.migrate().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("migrations failed on " + databaseTarget().describe());
    }
    database.poolMetrics().ifPresent(pool -> metrics.watchPool(database.poolName(), pool));
    bookmarks = new BookmarkRepository(database);
    Route features =
        concat(
            metrics.route(),
            new PostsRoutes(client.client()).route(),
            new BookmarksRoutes(bookmarks, client.client(), 4).route(),
            new SummaryRoutes(
                    new ConcurrentSummarizer(
                        new UserParts(client.client()), 4, Adapter.toTyped(system())))
                .route(),
            new ExportsRoutes(exports(client.client())).route());
    List<DependencyCheck> checks = new ArrayList<>(List.of(client.upstream().check(), database));
    if (cache.enabled()) {
      checks.add(cache.check());
    }
    metrics.watch(checks);
    api = new ApiRoutes(features, readiness, checks, tracing(), metrics.exchanges()).route();
  }

  /** How requests are traced; not at all unless a class says otherwise. Called once. */
  protected Tracing tracing() {
    return Tracing.OFF;
  }

  /** Where this class keeps bookmarks; called once, before the routes are built. */
  protected DatabaseTarget databaseTarget() {
    return new DatabaseTarget.H2InMemory("test-" + UUID.randomUUID());
  }

  /**
   * The cache the client reads through, built once per class (after {@link #metrics}); none unless
   * a class says otherwise, so that every request of the other tests reaches the upstream.
   */
  protected ReplyCache cache() {
    return ReplyCache.disabled();
  }

  /**
   * The S3 exports the routes use, built once per class; none (the endpoints answer 503) unless a
   * class says otherwise.
   */
  protected Optional<Exports> exports(PostsService client) {
    return Optional.empty();
  }

  /** The upstream client's settings; by default its breaker never opens (see TestClients). */
  protected UpstreamSettings upstreamSettings(String baseUrl) {
    return TestClients.settings(baseUrl, upstreamTimeout());
  }

  /** The client's budget per upstream call. */
  protected Duration upstreamTimeout() {
    return Duration.ofSeconds(3);
  }

  /**
   * How long a test waits for an answer: longer than one upstream budget, so a test can watch the
   * server wait one out (the testkit's own 3 s equals the default budget).
   */
  @Override
  public FiniteDuration awaitDuration() {
    return FiniteDuration.create(
        upstreamTimeout().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
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
