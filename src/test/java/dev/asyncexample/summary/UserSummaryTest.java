package dev.asyncexample.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.embedded.CommentCatalog;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.embedded.UserCatalog;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.Post;
import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /v1/users/{user_id}/summary} on the whole bound application against the controllable
 * upstream: what it answers is the upstream's data, and a failed part is left out, not the whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserSummaryTest {

  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(2);

  private final PostCatalog posts = new PostCatalog(100);
  private final UserCatalog users = new UserCatalog();
  private final CommentCatalog comments = new CommentCatalog(posts);

  private ActorSystem client;
  private ControllableUpstream upstream;
  private BoundApp app;

  @BeforeAll
  void start() throws Exception {
    client = ActorSystem.create("summary-test-client", TestConfig.base());
    upstream = TestUpstreams.start();
    // No cache: every request reaches the upstream, so each test's switches take effect.
    app =
        BoundApp.start(
            "async-example.upstream.base-url = \""
                + upstream.baseUrl()
                + "\"\nasync-example.upstream.timeout = "
                + UPSTREAM_TIMEOUT.toMillis()
                + "ms\nasync-example.cache.enabled = off"
                // Failures on purpose add up across tests; the breaker is not under test here.
                + "\nasync-example.upstream.breaker.failures = 1000");
  }

  @BeforeEach
  void healUpstream() {
    upstream.reset();
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void answersTheUsersPostsWithCommentCountsAndTodosAsTheUpstreamHasThem() throws Exception {
    for (int userId : new int[] {1, 3, 10}) {
      HttpResponse response = get("/v1/users/" + userId + "/summary");

      assertThat(response.status().intValue()).isEqualTo(200);
      assertThat(response.entity().getContentType().toString()).isEqualTo("application/json");
      assertThat(response.getHeader("Cache-Control").orElseThrow().value()).isEqualTo("no-cache");
      assertThat(body(response)).isEqualTo(expected(userId, Map.of(), false));
    }
    // The user, the posts, the todos and each of the ten posts' comments: one call each.
    assertThat(upstream.hits("/users/3")).isEqualTo(1);
    assertThat(upstream.hits("/posts?userId=3")).isEqualTo(1);
    assertThat(upstream.hits("/todos?userId=3")).isEqualTo(1);
    assertThat(upstream.hits("/comments?postId=25")).isEqualTo(1);
    assertThat(upstream.totalHits()).isEqualTo(3 * 13);
  }

  @Test
  void anUnknownUserIs404() throws Exception {
    for (String id : List.of("11", "0", "-5", "2147483647")) {
      HttpResponse response = get("/v1/users/" + id + "/summary");

      assertThat(response.status().intValue()).as(id).isEqualTo(404);
      assertThat(HttpCalls.body(client, response)).isEqualTo("{\"detail\":\"User not found\"}");
    }
  }

  @Test
  void badIdsAreRejectedExactlyAsForTheUsersPosts() throws Exception {
    for (String id : List.of("abc", "1.5", "99999999999", "-2147483649", "%20")) {
      HttpResponse summary = get("/v1/users/" + id + "/summary");
      HttpResponse userPosts = get("/v1/users/" + id + "/posts");

      assertThat(summary.status().intValue()).as(id).isEqualTo(422);
      assertThat(HttpCalls.body(client, summary))
          .as(id)
          .contains("\"user_id\"")
          .isEqualTo(HttpCalls.body(client, userPosts));
    }
    assertThat(upstream.totalHits()).isZero();
  }

  @Test
  void failedCommentFetchesLeaveTheirCountsOutAndSayWhy() throws Exception {
    upstream.failPath("/comments?postId=23", Failure.SERVER_ERROR);
    upstream.failPath("/comments?postId=28", Failure.MALFORMED_JSON);

    HttpResponse response = get("/v1/users/3/summary");

    assertThat(response.status().intValue()).isEqualTo(200);
    assertThat(body(response))
        .isEqualTo(
            expected(
                3, Map.of(23, "Upstream answered 500", 28, "Upstream sent invalid JSON"), false));
  }

  @Test
  void failedTodosLeaveTheCountsOutAndSayWhy() throws Exception {
    upstream.failPath("/todos?userId=4", Failure.WRONG_SHAPE);

    HttpResponse response = get("/v1/users/4/summary");

    assertThat(response.status().intValue()).isEqualTo(200);
    assertThat(body(response)).isEqualTo(expected(4, Map.of(), true));
  }

  @Test
  void aFailedUserFetchFailsTheWholeRequestAsA502() throws Exception {
    upstream.failPath("/users/2", Failure.SERVER_ERROR);

    HttpResponse response = get("/v1/users/2/summary");

    assertThat(response.status().intValue()).isEqualTo(502);
    assertThat(HttpCalls.body(client, response))
        .isEqualTo("{\"detail\":\"Upstream answered 500\"}");
  }

  @Test
  void failedPostsFailTheWholeRequestAsA502() throws Exception {
    upstream.failPath("/posts?userId=2", Failure.MALFORMED_JSON);

    HttpResponse response = get("/v1/users/2/summary");

    assertThat(response.status().intValue()).isEqualTo(502);
    // In the words the user's posts get for the same failure.
    assertThat(HttpCalls.body(client, response))
        .startsWith("{\"detail\":\"Upstream sent ")
        .isEqualTo(HttpCalls.statusAndBody(client, base() + "/v1/users/2/posts").substring(4));
  }

  @Test
  void anUpstreamTooSlowForTheTimeoutIsA504() throws Exception {
    upstream.delay(UPSTREAM_TIMEOUT.plusSeconds(1));

    HttpResponse response = get("/v1/users/2/summary");

    assertThat(response.status().intValue()).isEqualTo(504);
    assertThat(HttpCalls.body(client, response))
        .isEqualTo("{\"detail\":\"Upstream did not answer in time\"}");
  }

  @Test
  void metricsKnowTheRouteAndTheUpstreamCallsByTheirTemplates() throws Exception {
    assertThat(get("/v1/users/5/summary").status().intValue()).isEqualTo(200);

    String metrics = HttpCalls.statusAndBody(client, base() + "/metrics");
    assertThat(metrics)
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*uri=\"/v1/users/\\{user_id}/summary\"")
        .containsPattern("http_client_requests_seconds_count\\{[^}]*uri=\"/users/\\{id}\"")
        .containsPattern(
            "http_client_requests_seconds_count\\{[^}]*uri=\"/comments\\?postId=\\{postId}\"")
        .containsPattern(
            "http_client_requests_seconds_count\\{[^}]*uri=\"/todos\\?userId=\\{userId}\"")
        .doesNotContain("uri=\"/v1/users/5/summary\"");
  }

  /**
   * What the summary of {@code userId} must say, from the upstream's own data: comment counts of
   * the posts in {@code failed} left out with those details, and the todos too when {@code
   * todosFailed}.
   */
  private JsonNode expected(int userId, Map<Integer, String> failed, boolean todosFailed) {
    List<Map<String, Object>> postSummaries = new ArrayList<>();
    List<Map<String, Object>> missing = new ArrayList<>();
    for (Post post : posts.byUser(userId)) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("id", post.id());
      summary.put("title", post.title());
      String failure = failed.get(post.id());
      summary.put("comments", failure == null ? comments.ofPost(post.id()).size() : null);
      postSummaries.add(summary);
      if (failure != null) {
        missing.add(Map.of("part", "comments of post " + post.id(), "detail", failure));
      }
    }
    Map<String, Object> todos = null;
    if (todosFailed) {
      missing.add(Map.of("part", "todos", "detail", "Upstream sent JSON of an unexpected shape"));
    } else {
      int done = (int) users.todosOf(userId).stream().filter(Todo::completed).count();
      todos = new LinkedHashMap<>();
      todos.put("done", done);
      todos.put("open", users.todosOf(userId).size() - done);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("user", users.byId(userId).orElseThrow());
    answer.put("posts", postSummaries);
    answer.put("todos", todos);
    answer.put("missing", missing);
    return Json.MAPPER.valueToTree(answer);
  }

  private HttpResponse get(String path) throws Exception {
    return HttpCalls.send(client, HttpRequest.GET(base() + path));
  }

  private JsonNode body(HttpResponse response) throws Exception {
    return Json.MAPPER.readTree(HttpCalls.body(client, response));
  }

  private String base() {
    return "http://127.0.0.1:" + app.port();
  }
}
