package dev.asyncexample.bookmarks;

import java.time.OffsetDateTime;

/** One stored bookmark: a user's mark on a post, with an optional note. */
public record Bookmark(
    long id,
    int userId,
    int postId,
    String note,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
