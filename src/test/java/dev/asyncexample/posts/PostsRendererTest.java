package dev.asyncexample.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.upstream.UpstreamException;
import dev.asyncexample.upstream.UpstreamReply;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** Every post is checked and encoded once, before anything is answered. */
class PostsRendererTest {

  private static final String ONE = "{\"userId\":1,\"id\":1,\"title\":\"t\",\"body\":\"b\"}";
  private static final String TWO = "{\"userId\":1,\"id\":2,\"title\":\"u\",\"body\":\"c\"}";

  @Test
  void aListIsOneArrayAndOneLinePerPostInOurCompactForm() {
    Rendered rendered =
        PostsRenderer.render(
            Resource.posts(Optional.empty()),
            reply(200, "[\n  " + ONE.replace(",", ", ") + ",\n  " + TWO + "\n]"));

    assertThat(rendered.kind()).isEqualTo(Rendered.Kind.FOUND);
    assertThat(rendered.json().utf8String()).isEqualTo("[" + ONE + "," + TWO + "]");
    assertThat(rendered.lines().utf8String()).isEqualTo(ONE + "\n" + TWO + "\n");
  }

  @Test
  void aListWhoseLaterPostIsBrokenFailsWhole() {
    // Today's answer would have been a 200 cut short after the first post.
    assertThatThrownBy(
            () ->
                PostsRenderer.render(
                    Resource.posts(Optional.of(1)),
                    reply(200, "[" + ONE + ",{\"userId\":1,\"id\":2}]")))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.BAD_GATEWAY));
  }

  @Test
  void anEmptyListAndAMissingPostAreDecidedOnce() {
    assertThat(PostsRenderer.render(Resource.posts(Optional.of(42)), reply(200, "[]")))
        .isEqualTo(Rendered.EMPTY);
    assertThat(PostsRenderer.render(Resource.post(101), reply(404, "{}")))
        .isEqualTo(Rendered.MISSING);
  }

  @Test
  void aListThatIsNotAnArrayOrAnErrorStatusIsABadGateway() {
    for (UpstreamReply bad : new UpstreamReply[] {reply(200, "{\"id\":1}"), reply(500, "[]")}) {
      assertThatThrownBy(() -> PostsRenderer.render(Resource.posts(Optional.empty()), bad))
          .isInstanceOf(UpstreamException.class);
    }
  }

  @Test
  void otherJsonIsCheckedAndCompactedAndA404IsMissing() {
    Rendered user =
        PostsRenderer.render(
            Resource.json("/users/1"), reply(200, "{\n  \"id\": 1,\n  \"name\": \"Ada\"\n}"));

    assertThat(user.kind()).isEqualTo(Rendered.Kind.FOUND);
    assertThat(user.json().utf8String()).isEqualTo("{\"id\":1,\"name\":\"Ada\"}");
    assertThat(PostsRenderer.render(Resource.json("/users/11"), reply(404, "{}")))
        .isEqualTo(Rendered.MISSING);
  }

  @Test
  void otherJsonThatIsBrokenOrAnErrorStatusIsABadGateway() {
    for (UpstreamReply bad :
        new UpstreamReply[] {reply(200, "[{\"postId\": 1"), reply(200, ""), reply(500, "[]")}) {
      assertThatThrownBy(() -> PostsRenderer.render(Resource.json("/comments?postId=1"), bad))
          .as(bad.toString())
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.BAD_GATEWAY));
    }
  }

  @Test
  void postsPathsKeepTheirOwnForm() {
    // One path, one form: a caller of another form would join a fetch it cannot read.
    assertThatThrownBy(() -> Resource.json("/posts?userId=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resource.json("/posts/1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static UpstreamReply reply(int status, String body) {
    return new UpstreamReply(status, ByteString.fromString(body));
  }
}
