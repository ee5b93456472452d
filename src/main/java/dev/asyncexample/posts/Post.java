package dev.asyncexample.posts;

import static java.util.Objects.requireNonNull;

/** A JSONPlaceholder post, in the upstream's field order. */
public record Post(int userId, int id, String title, String body) {
  public Post {
    requireNonNull(title, "title");
    requireNonNull(body, "body");
  }
}
