package dev.asyncexample.posts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.http.JsonStreams;
import dev.asyncexample.json.Json;
import dev.asyncexample.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaRanges;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API contract of the Python original, plus the edges it never tested. */
class PostsRoutesTest extends ApiTestSupport {

  private final PostCatalog catalog = new PostCatalog(100);

  // Twin of test_read_root.
  @Test
  void rootWelcomesAndNamesTheVersions() {
    app()
        .run(HttpRequest.GET("/"))
        .assertStatusCode(StatusCodes.OK)
        .assertMediaType("application/json")
        .assertEntity(
            "{\"message\":\"Welcome to the API Wrapper Example\",\"versions\":{\"v1\":\"/v1\"}}");
  }

  @Test
  void listsComeAsNdjsonWhenAskedFor() throws Exception {
    TestRouteResult result =
        app()
            .run(
                HttpRequest.GET("/v1/users/3/posts")
                    .addHeader(Accept.create(MediaRanges.create(JsonStreams.NDJSON))))
            .assertStatusCode(StatusCodes.OK)
            .assertMediaType("application/x-ndjson");
    List<Post> posts = new ArrayList<>();
    for (String line : result.entityString().lines().toList()) {
      posts.add(Json.MAPPER.readValue(line, Post.class));
    }
    assertThat(posts).isEqualTo(catalog.byUser(3));
  }

  // Twin of test_get_posts.
  @Test
  void listsEveryPostInUpstreamOrder() throws Exception {
    TestRouteResult result =
        app()
            .run(HttpRequest.GET("/v1/posts"))
            .assertStatusCode(StatusCodes.OK)
            .assertMediaType("application/json");

    List<Post> posts = List.of(Json.MAPPER.readValue(result.entityString(), Post[].class));
    assertThat(posts).isEqualTo(catalog.all());
    assertThat(upstream.hits("/posts")).isEqualTo(1);
  }

  // Twin of test_get_post.
  @Test
  void getsPostOne() throws Exception {
    TestRouteResult result =
        app()
            .run(HttpRequest.GET("/v1/posts/1"))
            .assertStatusCode(StatusCodes.OK)
            .assertMediaType("application/json");

    assertThat(Json.MAPPER.readValue(result.entityString(), Post.class))
        .isEqualTo(catalog.byId(1).orElseThrow());
    assertThat(json(result).fieldNames())
        .toIterable()
        .containsExactly("userId", "id", "title", "body");
  }

  // Twin of test_get_nonexistent_post.
  @Test
  void unknownPostIs404WithDetail() {
    app()
        .run(HttpRequest.GET("/v1/posts/999"))
        .assertStatusCode(StatusCodes.NOT_FOUND)
        .assertMediaType("application/json")
        .assertEntity("{\"detail\":\"Post not found\"}");
    assertThat(upstream.hits("/posts/999")).isEqualTo(1);
  }

  // Twin of test_get_user_posts.
  @Test
  void postsOfUserOneAllBelongToUserOne() throws Exception {
    TestRouteResult result =
        app().run(HttpRequest.GET("/v1/users/1/posts")).assertStatusCode(StatusCodes.OK);

    List<Post> posts = List.of(Json.MAPPER.readValue(result.entityString(), Post[].class));
    assertThat(posts)
        .hasSize(PostCatalog.POSTS_PER_USER)
        .allSatisfy(post -> assertThat(post.userId()).isEqualTo(1));
    assertThat(upstream.hits("/posts?userId=1")).isEqualTo(1);
  }

  @Test
  void userWithoutPostsIs404WithDetail() {
    app()
        .run(HttpRequest.GET("/v1/users/99/posts"))
        .assertStatusCode(StatusCodes.NOT_FOUND)
        .assertEntity("{\"detail\":\"No posts found for this user\"}");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void anyThirtyTwoBitIdIsTheUpstreamsToJudge(int id) {
    app()
        .run(HttpRequest.GET("/v1/posts/" + id))
        .assertStatusCode(StatusCodes.NOT_FOUND)
        .assertEntity("{\"detail\":\"Post not found\"}");
    assertThat(upstream.hits("/posts/" + id)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "1.5",
        "1e3",
        "0x10",
        "99999999999999999999",
        "-99999999999999999999",
        "2147483648"
      })
  void postIdThatIsNotAThirtyTwoBitIntegerIs422(String raw) {
    JsonNode error = validationError("/v1/posts/" + raw);

    assertThat(error.get("loc").toString()).isEqualTo("[\"path\",\"post_id\"]");
    assertThat(error.get("input").asText()).isEqualTo(raw);
    assertThat(error.get("msg").asText()).startsWith("Input should be");
    assertThat(upstream.totalHits()).isZero();
  }

  @Test
  void userIdThatIsNotAnIntegerIs422NamingUserId() {
    JsonNode error = validationError("/v1/users/me/posts");

    assertThat(error.get("loc").toString()).isEqualTo("[\"path\",\"user_id\"]");
    assertThat(error.get("type").asText()).isEqualTo("int_parsing");
  }

  @Test
  void quotesBackslashesTabsAndNonAsciiRoundTripExactly() throws Exception {
    TestRouteResult one =
        app().run(HttpRequest.GET("/v1/posts/3")).assertStatusCode(StatusCodes.OK);
    TestRouteResult list =
        app().run(HttpRequest.GET("/v1/users/1/posts")).assertStatusCode(StatusCodes.OK);

    assertThat(Json.MAPPER.readValue(one.entityString(), Post.class).title())
        .isEqualTo(PostCatalog.TRICKY_TITLE);
    List<String> titles = new ArrayList<>();
    json(list).forEach(post -> titles.add(post.get("title").asText()));
    assertThat(titles).contains(PostCatalog.TRICKY_TITLE);
    // Sent as UTF-8, not as \\u escapes.
    assertThat(one.entityString()).contains("東京 🚀");
  }

  @Test
  void withoutACacheEveryRequestGoesUpstreamAndNoXCacheHeaderIsSent() {
    // ApiTestSupport wires no cache unless a test class asks for one, as with CACHE_ENABLED=off.
    for (HttpRequest request :
        List.of(
            HttpRequest.GET("/v1/posts/8"),
            HttpRequest.GET("/v1/posts/8"),
            HttpRequest.GET("/v1/posts/8").addHeader(RawHeader.create("Cache-Control", "no-cache")),
            HttpRequest.GET("/v1/posts/999"),
            HttpRequest.GET("/v1/users/1/posts"))) {
      TestRouteResult result = app().run(request);
      assertThat(result.response().getHeader("X-Cache")).as(request.getUri().path()).isEmpty();
    }
    assertThat(upstream.hits("/posts/8")).isEqualTo(3);
    assertThat(upstream.hits("/posts/999")).isEqualTo(1);
    assertThat(upstream.hits("/posts?userId=1")).isEqualTo(1);
  }

  private JsonNode validationError(String uri) {
    TestRouteResult result =
        app()
            .run(HttpRequest.GET(uri))
            .assertStatusCode(StatusCodes.UNPROCESSABLE_CONTENT)
            .assertMediaType("application/json");
    JsonNode detail = json(result).get("detail");
    assertThat(detail.isArray()).isTrue();
    assertThat(detail).hasSize(1);
    return detail.get(0);
  }
}
