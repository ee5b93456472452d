package dev.asyncexample.posts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.cache.CacheSettings;
import dev.asyncexample.cache.ReplyCache;
import dev.asyncexample.cache.TestCaches;
import dev.asyncexample.testing.ApiTestSupport;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request headers are parsed as the server parses them (a test route gets them as given). Clients
 * that keep answers: every post and list carries an {@code ETag} and a {@code Cache-Control} as
 * long as our cache keeps it, and a matching {@code If-None-Match} gets a 304 with no body.
 */
class ConditionalGetTest extends ApiTestSupport {

  private static final Duration TTL = Duration.ofSeconds(60);

  @Override
  protected ReplyCache cache() {
    return TestCaches.create(
        system(),
        new CacheSettings(
            true,
            "",
            TestCaches.uniquePrefix(),
            TTL,
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            1_000,
            Duration.ofMinutes(10)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/posts/1", "/v1/posts", "/v1/users/1/posts"})
  void aMatchingIfNoneMatchIs304WithNoBody(String path) {
    TestRouteResult first = app().run(HttpRequest.GET(path)).assertStatusCode(StatusCodes.OK);
    String etag = header(first, "ETag");
    assertThat(etag).matches("\"[0-9a-f]{32}\"");

    TestRouteResult again =
        app().run(HttpRequest.GET(path).addHeader(HttpHeader.parse("If-None-Match", etag)));

    again.assertStatusCode(StatusCodes.NOT_MODIFIED);
    assertThat(again.entityBytes().size()).isZero();
    assertThat(header(again, "ETag")).isEqualTo(etag);
    assertThat(header(again, "Cache-Control")).startsWith("max-age=");
  }

  @Test
  void theTagFollowsTheBytes() {
    String one = header(app().run(HttpRequest.GET("/v1/posts/1")), "ETag");
    String oneAgain = header(app().run(HttpRequest.GET("/v1/posts/1")), "ETag");
    String two = header(app().run(HttpRequest.GET("/v1/posts/2")), "ETag");
    String lines =
        header(
            app()
                .run(
                    HttpRequest.GET("/v1/posts")
                        .addHeader(HttpHeader.parse("Accept", "application/x-ndjson"))),
            "ETag");
    String array = header(app().run(HttpRequest.GET("/v1/posts")), "ETag");

    assertThat(oneAgain).as("a hit has the miss's tag").isEqualTo(one);
    assertThat(two).isNotEqualTo(one);
    assertThat(lines).as("each representation has its own tag").isNotEqualTo(array);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"0123456789abcdef0123456789abcdef\"", "\"other\", W/\"x\""})
  void anotherTagGetsTheWholeAnswer(String ifNoneMatch) {
    app()
        .run(
            HttpRequest.GET("/v1/posts/3")
                .addHeader(HttpHeader.parse("If-None-Match", ifNoneMatch)))
        .assertStatusCode(StatusCodes.OK)
        .assertEntity(app().run(HttpRequest.GET("/v1/posts/3")).entityString());
  }

  @Test
  void weakTagsListsAndTheWildcardMatchAsTheRfcSays() {
    String etag = header(app().run(HttpRequest.GET("/v1/posts/4")), "ETag");
    for (String ifNoneMatch : new String[] {"W/" + etag, "\"nope\", " + etag, "*"}) {
      app()
          .run(
              HttpRequest.GET("/v1/posts/4")
                  .addHeader(HttpHeader.parse("If-None-Match", ifNoneMatch)))
          .assertStatusCode(StatusCodes.NOT_MODIFIED);
    }
  }

  @Test
  void maxAgeIsWhatIsLeftOfTheCacheTtl() throws Exception {
    TestRouteResult miss = app().run(HttpRequest.GET("/v1/posts/5"));
    assertThat(header(miss, "Cache-Control")).isEqualTo("max-age=" + TTL.toSeconds());
    assertThat(miss.response().getHeader("Age")).isEmpty();

    Thread.sleep(1100);
    TestRouteResult hit = app().run(HttpRequest.GET("/v1/posts/5"));
    long age = Long.parseLong(header(hit, "Age"));
    long maxAge = Long.parseLong(header(hit, "Cache-Control").substring("max-age=".length()));
    assertThat(age).isPositive();
    assertThat(maxAge)
        .isLessThan(TTL.toSeconds())
        .isGreaterThanOrEqualTo(TTL.toSeconds() - age - 1);
  }

  @Test
  void aMissingPostHasNoTag() {
    TestRouteResult missing =
        app().run(HttpRequest.GET("/v1/posts/9999")).assertStatusCode(StatusCodes.NOT_FOUND);
    assertThat(missing.response().getHeader("ETag")).isEmpty();
    assertThat(header(missing, "Cache-Control")).isEqualTo("max-age=10");
  }

  private static String header(TestRouteResult result, String name) {
    return result.response().getHeader(name).map(h -> h.value()).orElse("(none)");
  }
}
