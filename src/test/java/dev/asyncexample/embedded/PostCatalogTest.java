package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.posts.Post;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The embedded data: 100 posts, ids 1..100, ten per user, the same on every run. */
class PostCatalogTest {

  private final PostCatalog catalog = new PostCatalog(100);

  @Test
  void hasOneHundredPostsWithIdsInOrder() {
    assertThat(catalog.all())
        .extracting(Post::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
  }

  @Test
  void eachOfTenUsersHasTenPosts() {
    for (int user = 1; user <= 10; user++) {
      int expectedUser = user;
      assertThat(catalog.byUser(user))
          .hasSize(10)
          .allSatisfy(post -> assertThat(post.userId()).isEqualTo(expectedUser));
    }
    assertThat(catalog.byUser(11)).isEmpty();
    assertThat(catalog.byUser(0)).isEmpty();
  }

  @Test
  void usersBeyondTheCatalogHaveNoPostsHoweverLargeTheirId() {
    // Ids whose first post index, (id - 1) * 10, does not fit in an int.
    assertThat(catalog.byUser(Integer.MAX_VALUE)).isEmpty();
    assertThat(catalog.byUser(Integer.MAX_VALUE / 10 + 2)).isEmpty();
    assertThat(catalog.byUser(Integer.MIN_VALUE)).isEmpty();
    assertThat(new PostCatalog(2_500).byUser(1_000_000_000)).isEmpty();
  }

  @Test
  void unknownIdsAreAbsent() {
    assertThat(catalog.byId(0)).isEmpty();
    assertThat(catalog.byId(101)).isEmpty();
    assertThat(catalog.byId(-1)).isEmpty();
  }

  @Test
  void isDeterministicAndVaried() {
    assertThat(new PostCatalog(100).all()).isEqualTo(catalog.all());
    assertThat(catalog.all()).extracting(Post::title).doesNotHaveDuplicates();
    assertThat(catalog.byId(3).orElseThrow().title()).isEqualTo(PostCatalog.TRICKY_TITLE);
  }

  @Test
  void sizeIsWhatTheCallerAsksFor() {
    assertThat(new PostCatalog(2_500).all()).hasSize(2_500);
    assertThat(new PostCatalog(2_500).byUser(250)).hasSize(10);
    assertThat(new PostCatalog(0).all()).isEmpty();
  }
}
