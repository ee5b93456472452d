package dev.asyncexample.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.asyncexample.embedded.EmbeddedJsonPlaceholder;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.http.ApiRoutes;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.Post;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.testing.ApiTestSupport;
import dev.asyncexample.testing.ClosedPorts;
import dev.asyncexample.testing.TestConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.services.s3.S3Client;

/** Exports against a real S3-compatible server (S3Mock) in this JVM, and real upstreams. */
class ExportsTest extends ApiTestSupport {

  @RegisterExtension static final S3MockExtension S3 = S3TestServer.extension();

  /** Enough posts for an NDJSON body larger than one 5 MiB part. */
  private static final int LARGE = 30_000;

  private final PostCatalog catalog = new PostCatalog(100);
  private final PostCatalog largeCatalog = new PostCatalog(LARGE);
  private S3Client s3;
  private EmbeddedJsonPlaceholder largeUpstream;
  private BreakingUpstream breakingUpstream;
  private S3Proxy proxy;

  @Override
  protected Optional<Exports> exports(PostsService client) {
    return S3TestServer.exports(system(), S3TestServer.endpoint(S3), client);
  }

  @Override
  protected Config config() {
    // The proxy's server would warn about every SigV4 header it cannot model.
    return TestConfig.with("pekko.http.server.parsing.illegal-header-warnings = off");
  }

  @Override
  public FiniteDuration awaitDuration() {
    // A large export is several MB through two loopback servers on a busy machine.
    return FiniteDuration.create(60, TimeUnit.SECONDS);
  }

  @BeforeAll
  void startLargeUpstreamsAndProxy() throws Exception {
    s3 = S3TestServer.client(S3);
    largeUpstream =
        EmbeddedJsonPlaceholder.start("127.0.0.1", 0, LARGE, Duration.ZERO, TestConfig.base())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    // Far more than one part: what is still in socket buffers when the connection drops is lost.
    breakingUpstream = BreakingUpstream.start(system(), 4 * LARGE);
    proxy = S3Proxy.to(system(), S3TestServer.endpoint(S3));
  }

  @AfterAll
  void stopLargeUpstreamsAndProxy() throws Exception {
    proxy.close();
    breakingUpstream.close();
    largeUpstream.close();
    s3.close();
  }

  /** The API with exports of {@code upstreamBaseUrl}'s posts to S3 at {@code s3Endpoint}. */
  private TestRoute api(String upstreamBaseUrl, String s3Endpoint) {
    PostsService client = TestClients.client(system(), upstreamBaseUrl, Duration.ofSeconds(10));
    Optional<Exports> exports = S3TestServer.exports(system(), s3Endpoint, client);
    Route route = new ApiRoutes(new ExportsRoutes(exports).route(), readiness).route();
    return testRoute(route);
  }

  @Test
  void smallExportIsWrittenAndReadBack() throws IOException {
    TestRouteResult created = app().run(HttpRequest.POST("/v1/exports"));
    JsonNode body = json(created);
    created.assertStatusCode(201);
    assertThat(body.get("bucket").asText()).isEqualTo(S3TestServer.BUCKET);
    assertThat(body.get("key").asText()).startsWith("exports/posts-").endsWith(".ndjson");
    assertThat(body.get("posts").asLong()).isEqualTo(100);
    String location = created.response().getHeader(Location.class).orElseThrow().getUri().path();
    assertThat(location).isEqualTo("/v1/exports/" + body.get("key").asText().substring(8));

    TestRouteResult read = app().run(HttpRequest.GET(location));
    String ndjson = read.entityString();
    read.assertStatusCode(200);
    assertThat(read.response().entity().getContentType().mediaType().toString())
        .isEqualTo("application/x-ndjson");
    assertThat(decode(ndjson)).isEqualTo(catalog.all());
    assertThat(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isEqualTo(body.get("bytes").asLong());
  }

  @Test
  void userIdExportsOnlyThatUsersPosts() throws IOException {
    TestRouteResult created = app().run(HttpRequest.POST("/v1/exports?userId=3"));
    JsonNode body = json(created);
    created.assertStatusCode(201);
    assertThat(body.get("posts").asLong()).isEqualTo(10);
    String location = created.response().getHeader(Location.class).orElseThrow().getUri().path();
    assertThat(decode(app().run(HttpRequest.GET(location)).entityString()))
        .isEqualTo(catalog.byUser(3));
  }

  @Test
  void badUserIdIs422() {
    TestRouteResult result = app().run(HttpRequest.POST("/v1/exports?userId=abc"));
    JsonNode body = json(result);
    result.assertStatusCode(422);
    assertThat(body.at("/detail/0/loc").toString()).isEqualTo("[\"query\",\"userId\"]");
  }

  @Test
  void largeExportIsUploadedInPartsAndComplete() throws IOException {
    TestRoute api = api(largeUpstream.baseUrl(), S3TestServer.endpoint(S3));
    TestRouteResult created = api.run(HttpRequest.POST("/v1/exports"));
    JsonNode body = json(created);
    created.assertStatusCode(201);
    assertThat(body.get("posts").asLong()).isEqualTo(LARGE);
    assertThat(body.get("bytes").asLong()).isGreaterThan(ExportSettings.MIN_PART_SIZE);

    var head = s3.headObject(b -> b.bucket(S3TestServer.BUCKET).key(body.get("key").asText()));
    assertThat(head.contentLength()).isEqualTo(body.get("bytes").asLong());
    // A multipart object's ETag is "<md5 of the parts' md5s>-<number of parts>".
    assertThat(head.eTag()).matches("\"?[0-9a-f]+-2\"?");

    String location = created.response().getHeader(Location.class).orElseThrow().getUri().path();
    assertThat(decode(api.run(HttpRequest.GET(location)).entityString()))
        .isEqualTo(largeCatalog.all());
  }

  @Test
  void listIsPagedInNameOrder() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestRouteResult result = app().run(HttpRequest.POST("/v1/exports?userId=" + (i + 1)));
      created.add(json(result).get("key").asText().substring("exports/".length()));
    }
    List<String> listed = new ArrayList<>();
    String query = "?limit=2";
    int pages = 0;
    while (query != null) {
      TestRouteResult page = app().run(HttpRequest.GET("/v1/exports" + query));
      JsonNode body = json(page);
      page.assertStatusCode(200);
      assertThat(body.get("items").size()).isBetween(1, 2);
      for (JsonNode item : body.get("items")) {
        listed.add(item.get("name").asText());
        assertThat(item.get("key").asText()).isEqualTo("exports/" + item.get("name").asText());
        assertThat(item.get("size").asLong()).isPositive();
        assertThat(item.get("lastModified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      }
      query = body.get("next").isNull() ? null : "?limit=2&after=" + body.get("next").asText();
      pages++;
    }
    assertThat(pages).isGreaterThanOrEqualTo(2);
    assertThat(listed).containsAll(created).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void unknownExportIs404() {
    TestRouteResult result =
        app().run(HttpRequest.GET("/v1/exports/posts-20200101T000000Z-00000000.ndjson"));
    String body = result.entityString();
    result.assertStatusCode(404);
    assertThat(body).isEqualTo("{\"detail\":\"Export not found\"}");
  }

  @Test
  void namesOutsideThePatternAre422WithoutCallingS3() {
    // S3 behind a closed port: a bad name is refused before any call, a good one tries and fails.
    TestRoute unreachable = api(upstream.baseUrl(), "http://127.0.0.1:" + ClosedPorts.one());
    for (String name :
        List.of(
            "..%2Fx",
            "other%2Fthing",
            "other/thing",
            "posts-1.ndjson",
            "posts-20200101T000000Z-00000000.ndjson.bak",
            "%2E%2E%2Fexports%2Fposts-20200101T000000Z-00000000.ndjson")) {
      TestRouteResult result = unreachable.run(HttpRequest.GET("/v1/exports/" + name));
      JsonNode body = json(result);
      assertThat(result.response().status().intValue()).as(name).isEqualTo(422);
      assertThat(body.at("/detail/0/loc").toString()).isEqualTo("[\"path\",\"name\"]");
      assertThat(body.at("/detail/0/type").asText()).isEqualTo("string_pattern_mismatch");
    }
    TestRouteResult good =
        unreachable.run(HttpRequest.GET("/v1/exports/posts-20200101T000000Z-00000000.ndjson"));
    assertThat(good.response().status().intValue()).isEqualTo(502);
  }

  @Test
  void unreachableS3Is502() {
    TestRoute unreachable = api(upstream.baseUrl(), "http://127.0.0.1:" + ClosedPorts.one());
    TestRouteResult export = unreachable.run(HttpRequest.POST("/v1/exports"));
    JsonNode body = json(export);
    export.assertStatusCode(502);
    assertThat(body.get("detail").asText()).startsWith("S3 is unreachable");
    unreachable.run(HttpRequest.GET("/v1/exports")).assertStatusCode(502);
  }

  @Test
  void upstreamFailureBeforeAnyPostIs502AndWritesNothing() {
    proxy.clear();
    TestRoute viaProxy = api(upstream.baseUrl(), proxy.endpoint());
    for (Failure failure : List.of(Failure.SERVER_ERROR, Failure.CONNECTION_RESET)) {
      upstream.fail(failure);
      TestRouteResult result = viaProxy.run(HttpRequest.POST("/v1/exports"));
      JsonNode body = json(result);
      assertThat(result.response().status().intValue()).as(failure.name()).isEqualTo(502);
      assertThat(body.get("detail").asText()).startsWith("Upstream");
    }
    assertThat(proxy.requests()).isEmpty();
  }

  @Test
  void upstreamBreakingMidExportAbortsTheUpload() {
    proxy.clear();
    TestRoute api = api(breakingUpstream.baseUrl(), proxy.endpoint());
    TestRouteResult result = api.run(HttpRequest.POST("/v1/exports"));
    JsonNode body = json(result);
    result.assertStatusCode(502);
    assertThat(body.get("detail").asText()).startsWith("Upstream");
    assertAbortedAfterAPart();
  }

  @Test
  void s3FailingAPartAbortsTheUpload() {
    proxy.clear();
    proxy.failWhereQueryHas("partNumber=2");
    TestRoute api = api(largeUpstream.baseUrl(), proxy.endpoint());
    TestRouteResult result = api.run(HttpRequest.POST("/v1/exports"));
    JsonNode body = json(result);
    result.assertStatusCode(502);
    assertThat(body.get("detail").asText()).isEqualTo("S3 failed (UploadPart: 500)");
    assertAbortedAfterAPart();
  }

  /** The upload got as far as a part, was aborted, and S3 keeps nothing of it. */
  private void assertAbortedAfterAPart() {
    List<String> seen = proxy.requests();
    assertThat(seen).anyMatch(line -> line.startsWith("POST ") && line.contains("uploads"));
    assertThat(seen).anyMatch(line -> line.startsWith("PUT ") && line.contains("partNumber=1"));
    assertThat(seen).anyMatch(line -> line.startsWith("DELETE ") && line.contains("uploadId="));
    assertThat(seen).noneMatch(line -> line.startsWith("POST ") && line.contains("uploadId="));
    assertThat(s3.listMultipartUploads(b -> b.bucket(S3TestServer.BUCKET)).uploads()).isEmpty();
  }

  private static List<Post> decode(String ndjson) throws IOException {
    List<Post> posts = new ArrayList<>();
    for (String line : ndjson.lines().toList()) {
      posts.add(Json.MAPPER.readValue(line, Post.class));
    }
    return posts;
  }
}
