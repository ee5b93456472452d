package dev.asyncexample.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.json.Json;
import dev.asyncexample.lambda.Events.Kind;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestUpstreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Events of every shape through the real handler, its application started as in Lambda. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaHandlerTest {

  private ControllableUpstream upstream;
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicReference<LambdaApp> app = new AtomicReference<>();
  private LambdaHandler handler;

  @BeforeAll
  void startUpstream() {
    upstream = TestUpstreams.start();
    handler =
        new LambdaHandler(
            () -> {
              starts.incrementAndGet();
              app.set(
                  LambdaApp.start(
                      TestConfig.with(
                          "async-example.upstream.base-url = \""
                              + upstream.baseUrl()
                              + "\"\n"
                              + "async-example.database.url = \"h2:mem:lambda-handler-test\"\n"
                              // A function never joins a cluster, even if its environment says so.
                              + "async-example.cluster.enabled = on\n"
                              + "async-example.cluster.contact-points = \"127.0.0.1:1\"")));
              return app.get();
            });
  }

  @AfterEach
  void healUpstream() {
    upstream.reset();
  }

  @AfterAll
  void stop() {
    if (app.get() != null) {
      Systems.stop(app.get().system().classicSystem());
    }
    upstream.close();
  }

  @Test
  void neverFormsAClusterWhateverTheConfigurationSays() throws Exception {
    JsonNode answer = invoke(Events.get(Kind.HTTP_API_V2, "/v1/posts/2"));

    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
    assertThat(app.get().system().settings().config().getString("pekko.actor.provider"))
        .isEqualTo("local");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void answersAPostInTheEventsShape(Kind kind) throws Exception {
    JsonNode answer = invoke(Events.get(kind, "/v1/posts/1"));

    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(answer.path("body").asText()).path("id").asInt()).isEqualTo(1);
    assertThat(answer.path("isBase64Encoded").asBoolean(true)).isFalse();
    assertThat(header(kind, answer, "content-type")).isEqualTo("application/json");
    assertThat(header(kind, answer, "x-request-id")).isNotBlank();
    assertThat(answer.has("statusDescription")).isEqualTo(kind.name().startsWith("ALB"));
    if (answer.has("statusDescription")) {
      assertThat(answer.path("statusDescription").asText()).isEqualTo("200 OK");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void passesPathParameters(Kind kind) throws Exception {
    JsonNode answer = invoke(Events.get(kind, "/v1/users/7/posts"));

    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
    JsonNode posts = Json.MAPPER.readTree(answer.path("body").asText());
    assertThat(posts).hasSize(10);
    posts.forEach(post -> assertThat(post.path("userId").asInt()).isEqualTo(7));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void putsABookmarkFromABase64BodyAndPagesWithRepeatedQueryKeys(Kind kind) throws Exception {
    // A user per shape, so each run pages through its own three bookmarks.
    int user = 100 + List.of(Kind.values()).indexOf(kind);
    for (int post : List.of(3, 4, 5)) {
      JsonNode put =
          invoke(
              Events.event(
                  kind,
                  "PUT",
                  "/v1/users/" + user + "/bookmarks/" + post,
                  List.of(),
                  Map.of("Content-Type", "application/json"),
                  "{\"note\":\"read later\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(put.path("statusCode").asInt()).isEqualTo(201);
      assertThat(Json.MAPPER.readTree(put.path("body").asText()).path("note").asText())
          .isEqualTo("read later");
    }

    JsonNode page =
        invoke(
            Events.event(
                kind,
                "GET",
                "/v1/users/" + user + "/bookmarks",
                List.of(Map.entry("limit", "2"), Map.entry("limit", "1")),
                Map.of(),
                null));

    // The route reads the first of repeated keys; an ALB without multi-value keeps only the last.
    assertThat(page.path("statusCode").asInt()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(page.path("body").asText())).hasSize(kind == Kind.ALB ? 1 : 2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void encodesQueryValuesTheRouteMustSeeDecoded(Kind kind) throws Exception {
    JsonNode answer =
        invoke(
            Events.event(
                kind,
                "GET",
                "/v1/users/1/bookmarks",
                List.of(Map.entry("after", "a&b c")),
                Map.of(),
                null));

    assertThat(answer.path("statusCode").asInt()).isEqualTo(422);
    JsonNode error = Json.MAPPER.readTree(answer.path("body").asText()).path("detail").get(0);
    assertThat(error.path("loc").toString()).isEqualTo("[\"query\",\"after\"]");
    assertThat(error.path("input").asText()).isEqualTo("a&b c");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void answersErrorsAsJson(Kind kind) throws Exception {
    JsonNode unknown = invoke(Events.get(kind, "/v2/nothing"));
    JsonNode invalid = invoke(Events.get(kind, "/v1/posts/abc"));

    assertThat(unknown.path("statusCode").asInt()).isEqualTo(404);
    assertThat(unknown.path("body").asText()).isEqualTo("{\"detail\":\"Not Found\"}");
    assertThat(invalid.path("statusCode").asInt()).isEqualTo(422);
    assertThat(invalid.path("body").asText()).contains("\"int_parsing\"", "\"abc\"");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void reportsAFailingUpstreamAs502(Kind kind) throws Exception {
    upstream.fail(Failure.SERVER_ERROR);

    JsonNode answer =
        invoke(
            Events.event(
                kind, "GET", "/v1/posts/2", List.of(), Map.of("Cache-Control", "no-cache"), null));

    assertThat(answer.path("statusCode").asInt()).isEqualTo(502);
    assertThat(answer.path("body").asText()).startsWith("{\"detail\":\"Upstream");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sendsBinaryBodiesAsBase64(Kind kind) throws Exception {
    JsonNode answer = invoke(Events.get(kind, "/docs/favicon-32x32.png"));

    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
    assertThat(header(kind, answer, "content-type")).isEqualTo("image/png");
    assertThat(answer.path("isBase64Encoded").asBoolean()).isTrue();
    byte[] png = Base64.getDecoder().decode(answer.path("body").asText());
    assertThat(png).hasSize(628).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void readsAStreamedListInFull() throws Exception {
    JsonNode answer =
        invoke(
            Events.event(
                Kind.HTTP_API_V2,
                "GET",
                "/v1/posts",
                List.of(),
                Map.of("Accept", "application/x-ndjson"),
                null));

    assertThat(header(Kind.HTTP_API_V2, answer, "content-type")).isEqualTo("application/x-ndjson");
    assertThat(answer.path("isBase64Encoded").asBoolean(true)).isFalse();
    assertThat(answer.path("body").asText().lines()).hasSize(100);
  }

  @Test
  void answersInTimeWhenTheRouteDoesNot() throws Exception {
    upstream.delay(Duration.ofSeconds(3));

    JsonNode answer = invoke(Events.get(Kind.HTTP_API_V2, "/v1/posts/9"), 1_000);

    assertThat(answer.path("statusCode").asInt()).isEqualTo(503);
    assertThat(answer.path("body").asText()).contains("did not produce a response in time");
  }

  @Test
  void answersABadBase64BodyWith400() throws Exception {
    ObjectNode event = Events.get(Kind.REST_API_V1, "/v1/users/1/bookmarks/1");
    event.put("httpMethod", "PUT").put("isBase64Encoded", true).put("body", "not base64!");

    JsonNode answer = invoke(event);

    assertThat(answer.path("statusCode").asInt()).isEqualTo(400);
    assertThat(answer.path("multiValueHeaders").path("content-type").get(0).asText())
        .isEqualTo("application/json");
    // Our words, not the JDK decoder's ("Illegal base64 character 20").
    assertThat(Json.MAPPER.readTree(answer.path("body").asText()).path("detail").asText())
        .isEqualTo("Bad request: The body is marked base64 but is not");
  }

  @Test
  void refusesEventsThatAreNotHttp() {
    assertThatThrownBy(() -> invoke(Json.MAPPER.createObjectNode().put("source", "aws.events")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startsTheApplicationOncePerContainer() throws Exception {
    for (Kind kind : Kind.values()) {
      invoke(Events.get(kind, "/health"));
    }
    var system = app.get().system();
    invoke(Events.get(Kind.HTTP_API_V2, "/ready"));

    assertThat(starts).hasValue(1);
    assertThat(app.get().system()).isSameAs(system);
  }

  private JsonNode invoke(JsonNode event) throws Exception {
    return invoke(event, 30_000);
  }

  private JsonNode invoke(JsonNode event, long timeoutMillis) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)),
        out,
        LocalContext.withTimeout(timeoutMillis));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  /** A response header, wherever the event's shape puts it (multi-value: the last value). */
  private static String header(Kind kind, JsonNode answer, String name) {
    JsonNode multi = answer.path("multiValueHeaders").path(name);
    if (kind == Kind.ALB_MULTI_VALUE || kind == Kind.REST_API_V1) {
      assertThat(multi.isArray()).as("multiValueHeaders.%s", name).isTrue();
      return multi.get(multi.size() - 1).asText();
    }
    return answer.path("headers").path(name).asText();
  }
}
