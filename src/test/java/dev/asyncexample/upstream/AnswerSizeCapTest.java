package dev.asyncexample.upstream;

import static dev.asyncexample.tracing.RequestContext.untraced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.embedded.EmbeddedJsonPlaceholder;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client reads at most the configured answer size, whether the answer arrives whole (a single
 * post) or in parts (every post of a 5,000-post catalog, about 1.4 MB).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerSizeCapTest {

  private ActorSystem<Void> system;
  private EmbeddedJsonPlaceholder upstream;

  @BeforeAll
  void start() {
    system = ActorSystem.create(Behaviors.empty(), "answer-size-cap", TestConfig.base());
    upstream =
        EmbeddedJsonPlaceholder.start("127.0.0.1", 0, 5000, Duration.ZERO, TestConfig.base())
            .toCompletableFuture()
            .join();
  }

  @AfterAll
  void stop() {
    upstream.close();
    system.terminate();
  }

  @Test
  void answersWithinTheCapAreReadWhole() {
    UpstreamReply post =
        client(1024).get("/posts/1", untraced("cap-1")).toCompletableFuture().join();
    UpstreamReply all =
        client(8 * 1024 * 1024).get("/posts", untraced("cap-2")).toCompletableFuture().join();

    assertThat(post.status()).isEqualTo(200);
    assertThat(post.body().utf8String()).startsWith("{\"userId\":1,\"id\":1,").endsWith("}");
    assertThat(all.body().utf8String()).startsWith("[").endsWith("]").contains("\"id\":5000,");
  }

  @Test
  void aSmallAnswerOverTheCapIsABadGateway() {
    assertTooLarge(client(100), "/posts/1");
  }

  @Test
  void aLargeAnswerOverTheCapIsABadGateway() {
    assertTooLarge(client(64 * 1024), "/posts");
  }

  private void assertTooLarge(JsonPlaceholderClient client, String path) {
    assertThatThrownBy(() -> client.get(path, untraced("cap")).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UpstreamException.Kind.BAD_GATEWAY);
              assertThat(e.getMessage()).isEqualTo("Upstream answer is too large");
            });
  }

  private JsonPlaceholderClient client(long maxBytes) {
    return JsonPlaceholderClient.create(
        system,
        new UpstreamSettings(upstream.baseUrl(), Duration.ofSeconds(10), maxBytes),
        upstream.baseUrl());
  }
}
