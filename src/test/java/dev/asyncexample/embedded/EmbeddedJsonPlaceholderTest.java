package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The production embedded upstream speaks JSONPlaceholder's dialect. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedJsonPlaceholderTest {

  private ActorSystem client;
  private EmbeddedJsonPlaceholder upstream;

  @BeforeAll
  void start() {
    client = ActorSystem.create("embedded-test-client", TestConfig.base());
    upstream =
        EmbeddedJsonPlaceholder.start("127.0.0.1", 0, 100, TestConfig.base())
            .toCompletableFuture()
            .join();
  }

  @AfterAll
  void stop() {
    upstream.close();
    Systems.stop(client);
  }

  @Test
  void answersLikeJsonPlaceholder() throws Exception {
    assertThat(get(upstream, "/posts/100")).startsWith("200 {\"userId\":10,\"id\":100,");
    assertThat(get(upstream, "/posts/101")).isEqualTo("404 {}");
    assertThat(get(upstream, "/posts/abc")).isEqualTo("404 {}");
    assertThat(get(upstream, "/posts?userId=2")).startsWith("200 [{\"userId\":2,\"id\":11,");
    assertThat(get(upstream, "/posts?userId=abc")).isEqualTo("200 []");
    assertThat(get(upstream, "/posts?userId=2147483647")).isEqualTo("200 []");
    assertThat(get(upstream, "/posts?userId=99999999999")).isEqualTo("200 []");
    assertThat(get(upstream, "/users")).isEqualTo("404 {}");
  }

  private String get(EmbeddedJsonPlaceholder server, String path) throws Exception {
    HttpResponse response = send(HttpRequest.GET(server.baseUrl() + path)).get(5, TimeUnit.SECONDS);
    return response.status().intValue()
        + " "
        + response
            .entity()
            .toStrict(5_000, client)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS)
            .getData()
            .utf8String();
  }

  private CompletableFuture<HttpResponse> send(HttpRequest request) {
    return Http.get(client)
        .singleRequest(request)
        .thenCompose(r -> r.toStrict(5_000, client))
        .<HttpResponse>thenApply(HttpResponse.class::cast)
        .toCompletableFuture();
  }
}
