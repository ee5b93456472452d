package dev.asyncexample.embedded;

import dev.asyncexample.summary.Comment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSONPlaceholder-like comments: five on each post of a {@link PostCatalog}, made from their ids
 * alone, so every run and machine sees the same data.
 */
public final class CommentCatalog {

  public static final int COMMENTS_PER_POST = 5;

  private final List<Comment> comments;

  public CommentCatalog(PostCatalog posts) {
    int count = posts.all().size() * COMMENTS_PER_POST;
    List<Comment> made = new ArrayList<>(count);
    for (int id = 1; id <= count; id++) {
      made.add(make(id));
    }
    this.comments = List.copyOf(made);
  }

  public List<Comment> all() {
    return comments;
  }

  /** The post's comments; none for a post that does not exist. */
  public List<Comment> ofPost(int postId) {
    // In long arithmetic, as PostCatalog.byUser: a large id times five must not wrap around.
    long from = (postId - 1L) * COMMENTS_PER_POST;
    if (postId < 1 || from >= comments.size()) {
      return List.of();
    }
    return comments.subList((int) from, (int) from + COMMENTS_PER_POST);
  }

  private static Comment make(int id) {
    int postId = (id - 1) / COMMENTS_PER_POST + 1;
    String name = PostCatalog.words(id * 3, 3 + id % 4);
    String email =
        PostCatalog.words(id * 41, 1) + "." + PostCatalog.words(id * 43, 1) + "@example.net";
    String body = PostCatalog.words(id * 47, 9) + "\n" + PostCatalog.words(id * 53, 8);
    return new Comment(postId, id, name, email.toLowerCase(Locale.ROOT), body);
  }
}
