package dev.asyncexample.bookmarks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.asyncexample.posts.Post;
import java.time.OffsetDateTime;

/**
 * A bookmark as the API shows it: the stored fields plus the post itself, which is {@code null}
 * when the upstream no longer has it, or could not be asked; {@code postError} then says why (and
 * is left out when the post could be looked up).
 */
public record BookmarkedPost(
    long id,
    int userId,
    int postId,
    String note,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    Post post,
    @JsonInclude(JsonInclude.Include.NON_NULL) String postError) {

  static BookmarkedPost of(Bookmark bookmark, Post post) {
    return new BookmarkedPost(
        bookmark.id(),
        bookmark.userId(),
        bookmark.postId(),
        bookmark.note(),
        bookmark.createdAt(),
        bookmark.updatedAt(),
        post,
        null);
  }

  /** The bookmark without its post, which could not be looked up: {@code why}, in our words. */
  static BookmarkedPost unavailable(Bookmark bookmark, String why) {
    return new BookmarkedPost(
        bookmark.id(),
        bookmark.userId(),
        bookmark.postId(),
        bookmark.note(),
        bookmark.createdAt(),
        bookmark.updatedAt(),
        null,
        why);
  }
}
