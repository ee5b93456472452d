package dev.asyncexample.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.posts.Post;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A JSON array becomes a stream of typed elements; anything else fails as told. */
class JsonArraysTest {

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("json-arrays", TestConfig.base());
  }

  @AfterAll
  static void stop() {
    Systems.stop(system);
  }

  @Test
  void decodesEveryElementInOrder() throws Exception {
    ByteString json =
        ByteString.fromString(
            " [{\"userId\":1,\"id\":1,\"title\":\"a\",\"body\":\"x\",\"extra\":true},"
                + "{\"userId\":1,\"id\":2,\"title\":\"b\",\"body\":\"y\"}]");

    assertThat(run(JsonArrays.elements(json, Post.class, BadInput::new)))
        .containsExactly(new Post(1, 1, "a", "x"), new Post(1, 2, "b", "y"));
  }

  @Test
  void anythingButAnArrayIsRefusedAtOnce() {
    for (String notAnArray : List.of("{\"id\":1}", "", "  ", "null", "\"[\"")) {
      assertThatThrownBy(
              () ->
                  JsonArrays.elements(ByteString.fromString(notAnArray), Post.class, BadInput::new))
          .as(notAnArray)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aBrokenElementFailsTheStreamWithTheCallersException() {
    ByteString json =
        ByteString.fromString(
            "[{\"userId\":1,\"id\":1,\"title\":\"a\",\"body\":\"x\"},{\"userId\":\"no\"");

    assertThatThrownBy(() -> run(JsonArrays.elements(json, Post.class, BadInput::new)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(BadInput.class);
  }

  @Test
  void anElementMissingAFieldFailsRatherThanDefaulting() {
    ByteString json = ByteString.fromString("[{\"id\":1,\"title\":\"a\",\"body\":\"x\"}]");

    assertThatThrownBy(() -> run(JsonArrays.elements(json, Post.class, BadInput::new)))
        .hasCauseInstanceOf(BadInput.class);
  }

  private static List<Post> run(Source<Post, ?> posts) throws Exception {
    return posts.runWith(Sink.seq(), system).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Stands for the caller's own exception type. */
  private static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(Exception cause) {
      super(cause);
    }
  }
}
