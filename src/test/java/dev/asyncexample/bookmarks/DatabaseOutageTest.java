package dev.asyncexample.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.http.Readiness;
import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.store.Database;
import dev.asyncexample.store.DatabaseSettings;
import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.RouteTestSupport;
import dev.asyncexample.testing.Service;
import dev.asyncexample.testing.TcpProxy;
import dev.asyncexample.testing.TestSchemas;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away and coming back, behind a proxy the test cuts: bookmarks answer 503, the
 * rest of the API keeps serving, and everything recovers without a restart.
 */
@RequiresService(Service.POSTGRESQL)
class DatabaseOutageTest extends RouteTestSupport {

  private static final String DOWN = "{\"detail\":\"Database unavailable\"}";

  private ControllableUpstream upstream;
  private TcpProxy proxy;
  private String schema;
  private Database database;

  @BeforeEach
  void startUpstreamAndProxy() {
    upstream = TestUpstreams.start();
    proxy = TcpProxy.to(system(), Service.POSTGRESQL);
    schema = TestSchemas.newName();
  }

  @AfterEach
  void stopAll() {
    proxy.close();
    upstream.close();
    TestSchemas.drop(schema);
  }

  @Test
  void outageAfterStartIs503OnBookmarksOnlyAndHealsByItself() throws Exception {
    TestRoute app = app();
    assertThat(database.migrate().toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
    app.run(HttpRequest.PUT("/v1/users/1/bookmarks/2")).assertStatusCode(StatusCodes.CREATED);

    proxy.cut();
    app.run(HttpRequest.GET("/v1/users/1/bookmarks"))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertEntity(DOWN);
    app.run(HttpRequest.PUT("/v1/users/1/bookmarks/3"))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertEntity(DOWN);
    app.run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(StatusCodes.OK);
    assertThat(app.run(HttpRequest.GET("/ready")).assertStatusCode(StatusCodes.OK).entityString())
        .contains("\"database\":{\"backend\":\"postgresql\",\"state\":\"down\"");

    proxy.restore();
    assertThat(app.run(HttpRequest.GET("/v1/users/1/bookmarks")).entityString())
        .contains("\"postId\":2");
    assertThat(app.run(HttpRequest.GET("/ready")).entityString())
        .contains("\"database\":{\"backend\":\"postgresql\",\"state\":\"up\"}");
  }

  @Test
  void databaseDownAtStartIsMigratedOnceItAnswers() throws Exception {
    proxy.cut();
    TestRoute app = app();
    assertThat(database.migrate().toCompletableFuture().get(30, TimeUnit.SECONDS)).isFalse();
    app.run(HttpRequest.PUT("/v1/users/1/bookmarks/2"))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertEntity(DOWN);
    app.run(HttpRequest.GET("/v1/posts/2")).assertStatusCode(StatusCodes.OK);

    proxy.restore();
    // Retries run every 100 ms here; each probe below is a full round trip, so no sleeping.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!database.migrated() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(database.migrated()).as("migrated after the database came back").isTrue();
    app.run(HttpRequest.PUT("/v1/users/1/bookmarks/2")).assertStatusCode(StatusCodes.CREATED);
  }

  /** Posts and bookmarks as Guardian wires them, on a database reached through the proxy. */
  private TestRoute app() {
    database =
        Database.create(
            Adapter.toTyped(system()),
            new DatabaseSettings(
                new dev.asyncexample.store.DatabaseTarget.Postgres(
                    "127.0.0.1", proxy.port(), "test", "postgres", "", schema),
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofMillis(100)));
    PostsService client = TestClients.client(system(), upstream.baseUrl(), Duration.ofSeconds(3));
    Readiness readiness = new Readiness();
    readiness.ready();
    Route features =
        concat(
            new PostsRoutes(client).route(),
            new BookmarksRoutes(new BookmarkRepository(database), client, 2).route());
    return testRoute(new ApiRoutes(features, readiness, List.of(database)).route());
  }
}
