package dev.asyncexample.embedded;

import dev.asyncexample.posts.Post;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSONPlaceholder-like posts made from their id alone, so every run, test and machine sees the same
 * data: ids 1..N, ten posts per user. Post 3 carries quotes, a backslash, a tab and non-ASCII text,
 * for round-trip checks.
 */
public final class PostCatalog {

  /** The text of post 3; tests compare against it. */
  public static final String TRICKY_TITLE = "\"Quoted\" \\ back\\slash\ttab – Grüße, 東京 🚀";

  public static final int POSTS_PER_USER = 10;

  private static final String[] WORDS = {
    "sunt",
    "aut",
    "facere",
    "repellat",
    "provident",
    "occaecati",
    "excepturi",
    "optio",
    "reprehenderit",
    "qui",
    "est",
    "esse",
    "dolorem",
    "ea",
    "molestias",
    "quasi",
    "exercitationem",
    "nesciunt",
    "magnam",
    "quis",
    "sapiente",
    "voluptatem",
    "dolor",
    "beatae",
    "ut",
    "temporibus"
  };

  private final List<Post> posts;

  public PostCatalog(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    List<Post> made = new ArrayList<>(count);
    for (int id = 1; id <= count; id++) {
      made.add(make(id));
    }
    this.posts = List.copyOf(made);
  }

  public List<Post> all() {
    return posts;
  }

  public Optional<Post> byId(int id) {
    return id >= 1 && id <= posts.size() ? Optional.of(posts.get(id - 1)) : Optional.empty();
  }

  public List<Post> byUser(int userId) {
    // In long arithmetic: a large user id times ten would wrap around to a negative index in int.
    long from = (userId - 1L) * POSTS_PER_USER;
    if (userId < 1 || from >= posts.size()) {
      return List.of();
    }
    return posts.subList((int) from, Math.min((int) from + POSTS_PER_USER, posts.size()));
  }

  private static Post make(int id) {
    int userId = (id - 1) / POSTS_PER_USER + 1;
    String title = id == 3 ? TRICKY_TITLE : words(id, 4 + id % 5);
    // Bodies are multi-line, as JSONPlaceholder's are.
    String body = words(id * 7, 8) + "\n" + words(id * 11, 9) + "\n" + words(id * 13, 7);
    return new Post(userId, id, title, body);
  }

  /** {@code count} pseudo-Latin words picked by {@code seed}: the same words for the same seed. */
  static String words(int seed, int count) {
    StringBuilder text = new StringBuilder();
    long state = seed * 2_654_435_761L + 1;
    for (int i = 0; i < count; i++) {
      state = state * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
      if (i > 0) {
        text.append(' ');
      }
      text.append(WORDS[(int) ((state >>> 33) % WORDS.length)]);
    }
    return text.toString();
  }
}
