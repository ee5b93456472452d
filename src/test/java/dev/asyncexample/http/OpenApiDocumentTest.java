package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.exports.Exports;
import dev.asyncexample.exports.S3TestServer;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.testing.ApiTestSupport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The served OpenAPI document and the router agree, and real responses match the document. */
class OpenApiDocumentTest extends ApiTestSupport {

  /** S3Mock in this JVM, so the export operations answer for real. */
  @RegisterExtension static final S3MockExtension S3 = S3TestServer.extension();

  /** An export put into the bucket before the tests, so reading one back can be checked. */
  private static final String KNOWN_EXPORT = "posts-20260101T000000Z-0000abcd.ndjson";

  /** One request per operation the server answers (static Swagger UI assets aside), in order. */
  private static final List<Call> SERVED =
      List.of(
          new Call(HttpMethods.GET, "/"),
          new Call(HttpMethods.GET, "/v1/posts"),
          new Call(HttpMethods.GET, "/v1/posts/1"),
          new Call(HttpMethods.GET, "/v1/users/1/posts"),
          new Call(HttpMethods.GET, "/v1/users/1/summary"),
          new Call(HttpMethods.PUT, "/v1/users/1/bookmarks/1"),
          new Call(HttpMethods.GET, "/v1/users/1/bookmarks"),
          new Call(HttpMethods.DELETE, "/v1/users/1/bookmarks/1"),
          new Call(HttpMethods.POST, "/v1/exports"),
          new Call(HttpMethods.GET, "/v1/exports"),
          new Call(HttpMethods.GET, "/v1/exports/" + KNOWN_EXPORT),
          new Call(HttpMethods.GET, "/health"),
          new Call(HttpMethods.GET, "/ready"),
          new Call(HttpMethods.GET, "/metrics"),
          new Call(HttpMethods.GET, "/openapi.json"),
          new Call(HttpMethods.GET, "/docs"));

  private static final List<HttpMethod> METHODS =
      List.of(
          HttpMethods.GET,
          HttpMethods.POST,
          HttpMethods.PUT,
          HttpMethods.DELETE,
          HttpMethods.PATCH);

  /** A request line. */
  private record Call(HttpMethod method, String path) {

    HttpRequest request() {
      return HttpRequest.create(path).withMethod(method);
    }
  }

  private String document;
  private OpenAPI openApi;
  private OpenApiInteractionValidator validator;

  @BeforeAll
  void parseDocument() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.json")) {
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
    assertThat(parsed.getMessages()).isEmpty();
    openApi = parsed.getOpenAPI();
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
  }

  @Override
  protected Optional<Exports> exports(PostsService client) {
    try (S3Client s3 = S3TestServer.client(S3)) {
      s3.putObject(
          b -> b.bucket(S3TestServer.BUCKET).key("exports/" + KNOWN_EXPORT),
          RequestBody.fromString("{\"userId\":1,\"id\":1,\"title\":\"t\",\"body\":\"b\"}\n"));
    }
    return S3TestServer.exports(system(), S3TestServer.endpoint(S3), client);
  }

  @Override
  public FiniteDuration awaitDuration() {
    // The first S3 call starts the SDK's client, which takes seconds on a busy machine.
    return FiniteDuration.create(30, TimeUnit.SECONDS);
  }

  @Override
  protected Duration upstreamTimeout() {
    // Short enough for the 504 case, long enough for a cold first call on a busy machine.
    return Duration.ofSeconds(1);
  }

  @Test
  void describesTheApi() {
    assertThat(openApi.getOpenapi()).startsWith("3.");
    assertThat(openApi.getInfo().getTitle()).isEqualTo("API Wrapper Example");
    assertThat(openApi.getInfo().getVersion()).isEqualTo("1.0.0");
  }

  @Test
  void servesTheDocumentItDescribes() {
    TestRouteResult served = app().run(HttpRequest.GET("/openapi.json"));
    assertThat(served.entityString()).isEqualTo(document);
  }

  @Test
  void everyServedOperationIsDocumentedAndEveryDocumentedOperationIsServed() {
    Set<String> documented = new TreeSet<>();
    openApi
        .getPaths()
        .forEach(
            (template, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> documented.add(method.name() + " " + template)));
    Set<String> served = new TreeSet<>();
    for (Call call : SERVED) {
      int status = app().run(call.request()).response().status().intValue();
      assertThat(status).as(call.toString()).isNotIn(404, 405);
      served.add(call.method().name() + " " + templateOf(call.path()));
    }
    assertThat(served).isEqualTo(documented);
  }

  @Test
  void undocumentedMethodsAre405() {
    openApi
        .getPaths()
        .forEach(
            (template, item) -> {
              Set<String> allowed = new TreeSet<>();
              item.readOperationsMap().keySet().forEach(method -> allowed.add(method.name()));
              String path = template.replaceAll("\\{[^}]+}", "1");
              for (HttpMethod method : METHODS) {
                if (!allowed.contains(method.name())) {
                  assertThat(
                          app()
                              .run(HttpRequest.create(path).withMethod(method))
                              .response()
                              .status()
                              .intValue())
                      .as(method.name() + " " + path)
                      .isEqualTo(405);
                }
              }
            });
  }

  @Test
  void successfulResponsesMatchTheDocument() {
    for (Call call : SERVED) {
      if (!call.path().equals("/docs")) {
        TestRouteResult result = app().run(call.request());
        int status = result.response().status().intValue();
        assertThat(status).as(call.toString()).isBetween(200, 299);
        assertConforms(call.request(), result);
      }
    }
  }

  @Test
  void bookmarkErrorsMatchTheDocument() {
    assertConforms(HttpRequest.PUT("/v1/users/1/bookmarks/100000"), 404);
    assertConforms(
        HttpRequest.PUT("/v1/users/1/bookmarks/1")
            .withEntity(ContentTypes.APPLICATION_JSON, "{\"note\":42}"),
        422);
    assertConforms(HttpRequest.DELETE("/v1/users/1/bookmarks/77"), 404);
    assertConforms(HttpRequest.GET("/v1/users/1/bookmarks?limit=0"), 422);
    withUpstream(
        u -> u.fail(Failure.SERVER_ERROR),
        () -> assertConforms(HttpRequest.PUT("/v1/users/1/bookmarks/2"), 502));
  }

  @Test
  void exportErrorsMatchTheDocument() {
    assertConforms("/v1/exports/posts-20200101T000000Z-00000000.ndjson", 404);
    assertConforms("/v1/exports/other.txt", 422);
    assertConforms("/v1/exports?limit=0", 422);
    assertConforms("/v1/exports?after=other.txt", 422);
    assertConforms(HttpRequest.POST("/v1/exports?userId=abc"), 422);
    withUpstream(
        u -> u.fail(Failure.SERVER_ERROR),
        () -> assertConforms(HttpRequest.POST("/v1/exports"), 502));
  }

  @Test
  void errorResponsesMatchTheDocument() {
    assertConforms("/v1/posts/999", 404);
    assertConforms("/v1/users/99/posts", 404);
    assertConforms("/v1/posts/abc", 422);
    assertConforms("/v1/users/1.5/posts", 422);
    withUpstream(u -> u.fail(Failure.SERVER_ERROR), () -> assertConforms("/v1/posts", 502));
    withUpstream(
        u -> u.fail(Failure.MALFORMED_JSON), () -> assertConforms("/v1/users/1/posts", 502));
    withUpstream(u -> u.delay(Duration.ofSeconds(3)), () -> assertConforms("/v1/posts/1", 504));
  }

  @Test
  void summaryAnswersMatchTheDocument() {
    assertConforms("/v1/users/99/summary", 404);
    assertConforms("/v1/users/abc/summary", 422);
    withUpstream(
        u -> {
          u.failPath("/comments?postId=2", Failure.SERVER_ERROR);
          u.failPath("/todos?userId=1", Failure.MALFORMED_JSON);
        },
        () -> assertConforms("/v1/users/1/summary", 200));
    withUpstream(
        u -> u.failPath("/users/1", Failure.SERVER_ERROR),
        () -> assertConforms("/v1/users/1/summary", 502));
    withUpstream(
        u -> u.delay(Duration.ofSeconds(3)), () -> assertConforms("/v1/users/1/summary", 504));
  }

  private void assertConforms(String path, int expectedStatus) {
    assertConforms(HttpRequest.GET(path), expectedStatus);
  }

  private void assertConforms(HttpRequest request, int expectedStatus) {
    TestRouteResult result = app().run(request);
    assertThat(result.response().status().intValue())
        .as(request.method().name() + " " + request.getUri())
        .isEqualTo(expectedStatus);
    assertConforms(request, result);
  }

  private void assertConforms(HttpRequest request, TestRouteResult result) {
    int status = result.response().status().intValue();
    String target = request.method().name() + " " + request.getUri();
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    String body = result.entityString();
    if (!body.isEmpty()) {
      response
          .withContentType(result.response().entity().getContentType().mediaType().toString())
          .withBody(body);
    }
    result.response().getHeaders().forEach(h -> response.withHeader(h.name(), h.value()));
    ValidationReport report =
        validator.validateResponse(
            request.getUri().path(),
            Request.Method.valueOf(request.method().name()),
            response.build());
    assertThat(report.getMessages()).as(target + " -> " + status).isEmpty();
  }

  private void withUpstream(Consumer<ControllableUpstream> setUp, Runnable check) {
    setUp.accept(upstream);
    try {
      check.run();
    } finally {
      upstream.reset();
    }
  }

  private String templateOf(String path) {
    for (String template : openApi.getPaths().keySet()) {
      if (path.matches(template.replaceAll("\\{[^}]+}", "[^/]+"))) {
        return template;
      }
    }
    return path;
  }
}
