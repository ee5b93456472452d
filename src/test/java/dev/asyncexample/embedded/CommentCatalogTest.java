package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.summary.Comment;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The embedded comments: five on every post of the catalog, none on a post that does not exist. */
class CommentCatalogTest {

  private final CommentCatalog catalog = new CommentCatalog(new PostCatalog(100));

  @Test
  void everyPostHasFiveCommentsOfItsOwn() {
    for (int post = 1; post <= 100; post++) {
      int expectedPost = post;
      assertThat(catalog.ofPost(post))
          .hasSize(5)
          .allSatisfy(comment -> assertThat(comment.postId()).isEqualTo(expectedPost));
    }
    assertThat(catalog.all())
        .extracting(Comment::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 500).boxed().toList());
  }

  @Test
  void postsThatDoNotExistHaveNone() {
    assertThat(catalog.ofPost(0)).isEmpty();
    assertThat(catalog.ofPost(101)).isEmpty();
    assertThat(catalog.ofPost(Integer.MAX_VALUE)).isEmpty();
    assertThat(catalog.ofPost(Integer.MIN_VALUE)).isEmpty();
    assertThat(new CommentCatalog(new PostCatalog(0)).all()).isEmpty();
  }

  @Test
  void followsTheCatalogsSize() {
    CommentCatalog larger = new CommentCatalog(new PostCatalog(2_500));
    assertThat(larger.all()).hasSize(12_500);
    assertThat(larger.ofPost(2_500)).hasSize(5);
    assertThat(larger.ofPost(2_501)).isEmpty();
  }

  @Test
  void isDeterministicAndVaried() {
    assertThat(new CommentCatalog(new PostCatalog(100)).all()).isEqualTo(catalog.all());
    assertThat(catalog.all()).extracting(Comment::body).doesNotHaveDuplicates();
    assertThat(catalog.all()).allSatisfy(c -> assertThat(c.email()).contains("@"));
  }
}
