package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.Failure;
import dev.asyncexample.testing.ApiTestSupport;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaRanges;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a request can go wrong ends in a JSON {"detail": ...} with a fitting status. */
class ErrorResponsesTest extends ApiTestSupport {

  private static final String[] UPSTREAM_BACKED = {"/v1/posts", "/v1/posts/1", "/v1/users/1/posts"};

  @Override
  protected Duration upstreamTimeout() {
    // Short, for the 504 case, but a healthy answer on a loaded CI machine must fit (the testkit
    // waits 3 s for any answer).
    return Duration.ofSeconds(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/v1/posts/1", "/v2/posts", "/v1/posts/abc", "/docs", "/health"})
  void everyAnswerTellsBrowsersNotToSniffItsType(String path) {
    app().run(HttpRequest.GET(path)).assertHeaderExists("X-Content-Type-Options", "nosniff");
  }

  @Test
  void unknownPathIs404NotFound() {
    app()
        .run(HttpRequest.GET("/v2/posts"))
        .assertStatusCode(StatusCodes.NOT_FOUND)
        .assertMediaType("application/json")
        .assertEntity("{\"detail\":\"Not Found\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/v1/posts", "/v1/posts/1", "/v1/users/1/posts", "/health"})
  void wrongMethodIs405WithAllowHeader(String path) {
    app()
        .run(HttpRequest.create(path).withMethod(HttpMethods.DELETE))
        .assertStatusCode(StatusCodes.METHOD_NOT_ALLOWED)
        .assertHeaderExists("Allow", "GET")
        .assertEntity("{\"detail\":\"Method Not Allowed\"}");
  }

  @Test
  void otherRejectionsKeepTheirStatusButSpeakJson() {
    TestRouteResult result =
        app()
            .run(
                HttpRequest.GET("/v1/posts/1")
                    .addHeader(Accept.create(MediaRanges.create(MediaTypes.TEXT_CSV))))
            .assertStatusCode(StatusCodes.NOT_ACCEPTABLE)
            .assertMediaType("application/json");
    assertThat(json(result).get("detail").asText()).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(
      value = Failure.class,
      names = {"SERVER_ERROR", "MALFORMED_JSON", "WRONG_SHAPE", "CONNECTION_RESET"})
  void upstreamMisbehaviourIs502(Failure failure) {
    upstream.fail(failure);
    for (String path : UPSTREAM_BACKED) {
      TestRouteResult result =
          app()
              .run(HttpRequest.GET(path))
              .assertStatusCode(StatusCodes.BAD_GATEWAY)
              .assertMediaType("application/json");
      assertThat(json(result).get("detail").asText()).startsWith("Upstream");
      assertThat(result.entityString()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void upstreamServerErrorNamesItsStatus() {
    upstream.fail(Failure.SERVER_ERROR);
    app()
        .run(HttpRequest.GET("/v1/posts/1"))
        .assertStatusCode(StatusCodes.BAD_GATEWAY)
        .assertEntity("{\"detail\":\"Upstream answered 500\"}");
  }

  @Test
  void slowUpstreamIs504() {
    upstream.delay(upstreamTimeout().multipliedBy(2));
    for (String path : UPSTREAM_BACKED) {
      app()
          .run(HttpRequest.GET(path))
          .assertStatusCode(StatusCodes.GATEWAY_TIMEOUT)
          .assertEntity("{\"detail\":\"Upstream did not answer in time\"}");
    }
  }

  @Test
  void upstreamErrorsDoNotTouchRoutesThatNeedNoUpstream() {
    upstream.fail(Failure.SERVER_ERROR);
    app().run(HttpRequest.GET("/")).assertStatusCode(StatusCodes.OK);
    app().run(HttpRequest.GET("/health")).assertStatusCode(StatusCodes.OK);
    assertThat(upstream.totalHits()).isZero();
  }
}
