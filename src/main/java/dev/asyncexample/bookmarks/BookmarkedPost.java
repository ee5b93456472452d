package dev.asyncexample.bookmarks;

import dev.asyncexample.posts.Post;
import java.time.OffsetDateTime;

/**
 * A bookmark as the API shows it: the stored fields plus the post itself, which is {@code null}
 * when the upstream no longer has it.
 */
public record BookmarkedPost(
    long id,
    int userId,
    int postId,
    String note,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Post post) {

  static BookmarkedPost of(Bookmark bookmark, Post post) {
    return new BookmarkedPost(
        bookmark.id(),
        bookmark.userId(),
        bookmark.postId(),
        bookmark.note(),
        bookmark.createdAt(),
        bookmark.updatedAt(),
        post);
  }
}
