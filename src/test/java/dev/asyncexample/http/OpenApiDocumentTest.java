package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.asyncexample.embedded.EmbeddedJsonPlaceholder;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.testing.ApiTestSupport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the router agree, and real responses match the document. */
class OpenApiDocumentTest extends ApiTestSupport {

  /** One request per route the server answers (static Swagger UI assets aside). */
  private static final List<String> SERVED =
      List.of(
          "/",
          "/v1/posts",
          "/v1/posts/1",
          "/v1/users/1/posts",
          "/health",
          "/ready",
          "/openapi.json",
          "/docs");

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
  protected Duration upstreamTimeout() {
    return Duration.ofMillis(300);
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
  void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    Set<String> documented = new TreeSet<>(openApi.getPaths().keySet());
    Set<String> served = new TreeSet<>();
    for (String path : SERVED) {
      int status = app().run(HttpRequest.GET(path)).response().status().intValue();
      assertThat(status).as(path).isNotIn(404, 405);
      served.add(templateOf(path));
    }
    assertThat(served).isEqualTo(documented);
  }

  @Test
  void documentedOperationsAreTheOnlyMethodsAllowed() {
    openApi
        .getPaths()
        .forEach(
            (template, item) -> {
              assertThat(item.readOperationsMap().keySet())
                  .as(template)
                  .extracting(Enum::name)
                  .containsExactly("GET");
              String path = template.replaceAll("\\{[^}]+}", "1");
              for (var method :
                  List.of(
                      HttpMethods.POST, HttpMethods.PUT, HttpMethods.DELETE, HttpMethods.PATCH)) {
                assertThat(
                        app()
                            .run(HttpRequest.create(path).withMethod(method))
                            .response()
                            .status()
                            .intValue())
                    .as(method.name() + " " + path)
                    .isEqualTo(405);
              }
            });
  }

  @Test
  void successfulResponsesMatchTheDocument() {
    SERVED.stream()
        .filter(path -> !path.equals("/docs"))
        .forEach(path -> assertConforms(path, 200));
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
    withUpstream(u -> u.delay(Duration.ofSeconds(1)), () -> assertConforms("/v1/posts/1", 504));
  }

  private void assertConforms(String path, int expectedStatus) {
    TestRouteResult result = app().run(HttpRequest.GET(path));
    assertThat(result.response().status().intValue()).as(path).isEqualTo(expectedStatus);
    SimpleResponse response =
        SimpleResponse.Builder.status(expectedStatus)
            .withContentType(result.response().entity().getContentType().mediaType().toString())
            .withBody(result.entityString())
            .build();
    String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    ValidationReport report = validator.validateResponse(pathOnly, Request.Method.GET, response);
    assertThat(report.getMessages()).as(path + " -> " + expectedStatus).isEmpty();
  }

  private void withUpstream(Consumer<EmbeddedJsonPlaceholder> setUp, Runnable check) {
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
