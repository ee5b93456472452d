package dev.asyncexample.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.embedded.EmbeddedJsonPlaceholder;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.json.Json;
import dev.asyncexample.store.Database;
import dev.asyncexample.store.DatabaseSettings;
import dev.asyncexample.store.DatabaseTarget;
import dev.asyncexample.testing.RouteTestSupport;
import dev.asyncexample.testing.TestUpstreams;
import dev.asyncexample.upstream.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The bookmark routes wired as in production (real pooled client against the embedded upstream,
 * real database), on the backend a subclass chooses. Each test takes users of its own.
 */
abstract class BookmarksContract extends RouteTestSupport {

  private static final AtomicInteger users = new AtomicInteger(1000);

  protected EmbeddedJsonPlaceholder upstream;
  protected Database database;
  protected BookmarkRepository repository;
  private Route api;

  /** Where this class keeps its bookmarks; called once, before the routes are built. */
  protected abstract DatabaseTarget target();

  @BeforeAll
  void startUpstreamDatabaseAndApi() throws Exception {
    upstream = TestUpstreams.start();
    database =
        Database.create(
            Adapter.toTyped(system()),
            new DatabaseSettings(
                target(), 4, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThat(database.migrate().toCompletableFuture().get(60, TimeUnit.SECONDS))
        .as("migrations ran")
        .isTrue();
    repository = new BookmarkRepository(database);
    Readiness readiness = new Readiness();
    readiness.ready();
    api =
        new ApiRoutes(
                new BookmarksRoutes(
                        repository,
                        TestClients.client(system(), upstream.baseUrl(), Duration.ofSeconds(3)),
                        4)
                    .route(),
                readiness,
                List.of(database))
            .route();
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

  /** A user no other test touches. */
  protected static int newUser() {
    return users.incrementAndGet();
  }

  protected static HttpRequest put(int user, int post) {
    return HttpRequest.PUT("/v1/users/" + user + "/bookmarks/" + post);
  }

  protected static HttpRequest put(int user, int post, String json) {
    return put(user, post).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
  }

  protected static HttpRequest list(int user, String query) {
    return HttpRequest.GET("/v1/users/" + user + "/bookmarks" + query);
  }

  protected static JsonNode json(TestRouteResult result) {
    return json(result.entityString());
  }

  protected static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
