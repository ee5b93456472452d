package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.asyncexample.testing.ApiTestSupport;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Health, readiness, docs, request ids and the access log. */
class OperationsRoutesTest extends ApiTestSupport {

  @Test
  void healthIsAlwaysOk() {
    app()
        .run(HttpRequest.GET("/health"))
        .assertStatusCode(StatusCodes.OK)
        .assertEntity("{\"status\":\"ok\"}");
  }

  @Test
  void readyFollowsTheLifecycle() {
    Readiness lifecycle = new Readiness();
    var route = new ApiRoutes(reject(), lifecycle).route();

    testRoute(route)
        .run(HttpRequest.GET("/ready"))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertEntity("{\"detail\":\"Starting\"}");
    lifecycle.ready();
    testRoute(route)
        .run(HttpRequest.GET("/ready"))
        .assertStatusCode(StatusCodes.OK)
        .assertEntity("{\"status\":\"ready\"}");
    lifecycle.stopping();
    lifecycle.ready();
    testRoute(route)
        .run(HttpRequest.GET("/ready"))
        .assertStatusCode(StatusCodes.SERVICE_UNAVAILABLE)
        .assertEntity("{\"detail\":\"Shutting down\"}");
  }

  @Test
  void docsServeSwaggerUiFromTheClasspath() {
    app()
        .run(HttpRequest.GET("/docs"))
        .assertStatusCode(StatusCodes.OK)
        .assertMediaType("text/html");
    assertThat(app().run(HttpRequest.GET("/docs")).entityString())
        .contains("/docs/swagger-ui-bundle.js");
    assertThat(app().run(HttpRequest.GET("/docs/init.js")).entityString())
        .contains("/openapi.json");
    app()
        .run(HttpRequest.GET("/docs/swagger-ui-bundle.js"))
        .assertStatusCode(StatusCodes.OK)
        .assertMediaType("application/javascript");
    // Encoded dot-segments survive URI normalisation; they must not climb out to the classpath
    // root.
    app()
        .run(HttpRequest.GET("/docs/..%2F..%2F..%2F..%2F..%2Fapplication.conf"))
        .assertStatusCode(StatusCodes.NOT_FOUND);
  }

  @Test
  void openApiDocumentIsServedAsJson() {
    TestRouteResult result =
        app()
            .run(HttpRequest.GET("/openapi.json"))
            .assertStatusCode(StatusCodes.OK)
            .assertMediaType("application/json");
    assertThat(json(result).get("info").get("title").asText()).isEqualTo("API Wrapper Example");
  }

  @Test
  void callersRequestIdIsReturnedAndSentUpstream() {
    app()
        .run(HttpRequest.GET("/v1/posts/2").addHeader(RawHeader.create("X-Request-Id", "trace-42")))
        .assertStatusCode(StatusCodes.OK)
        .assertHeaderExists("X-Request-Id", "trace-42");
    assertThat(upstream.requestIds()).containsExactly("trace-42");
  }

  @Test
  void missingOrUnsafeRequestIdIsReplacedWithAFreshOne() {
    String generated =
        app()
            .run(HttpRequest.GET("/v1/posts/2"))
            .response()
            .getHeader("X-Request-Id")
            .orElseThrow()
            .value();
    String replaced =
        app()
            .run(
                HttpRequest.GET("/v1/posts/2")
                    .addHeader(RawHeader.create("X-Request-Id", "bad id\u0001<script>")))
            .response()
            .getHeader("X-Request-Id")
            .orElseThrow()
            .value();

    assertThat(generated).matches("[0-9a-f-]{36}");
    assertThat(replaced).matches("[0-9a-f-]{36}").isNotEqualTo(generated);
    assertThat(upstream.requestIds()).containsExactly(generated, replaced);
  }

  @Test
  void everyRequestGetsOneAccessLogLine() {
    Logger access = (Logger) LoggerFactory.getLogger("access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      // The testkit awaits lazily, so each status is asserted before the appender is removed.
      app()
          .run(HttpRequest.GET("/v1/posts/7").addHeader(RawHeader.create("X-Request-Id", "log-me")))
          .assertStatusCode(StatusCodes.OK);
      app()
          .run(HttpRequest.GET("/nowhere").addHeader(RawHeader.create("X-Request-Id", "lost")))
          .assertStatusCode(StatusCodes.NOT_FOUND);
    } finally {
      access.detachAppender(lines);
    }

    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .matches("GET /v1/posts/7 200 [0-9.]+ms route=/v1/posts/\\{post_id} id=log-me"),
            second ->
                assertThat(second).matches("GET /nowhere 404 [0-9.]+ms route=UNKNOWN id=lost"));
  }
}
