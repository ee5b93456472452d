package dev.asyncexample.posts;

import dev.asyncexample.upstream.JsonPlaceholderClient;
import java.util.Optional;

/**
 * An upstream resource: its path and query (the key it is fetched, coalesced and cached under) and
 * the form its answer is rendered in.
 *
 * <p>A path always comes in the same form: the coalescer and the cache know a resource by its path
 * alone, so a caller that joined a fetch of another form would get bytes it cannot read. The
 * factories keep it so: posts' paths are only ever {@link Form#POST} or {@link Form#POSTS}.
 */
record Resource(String path, Form form) {

  /** How an answer is validated and rendered (see {@link PostsRenderer}). */
  enum Form {
    /** One post, or MISSING for a 404. */
    POST,
    /** A list of posts, as JSON and as NDJSON; EMPTY when there is none. */
    POSTS,
    /** Any other JSON (a user, a post's comments, a user's todos), checked and compacted. */
    JSON
  }

  static Resource post(int id) {
    return new Resource(JsonPlaceholderClient.postPath(id), Form.POST);
  }

  static Resource posts(Optional<Integer> userId) {
    return new Resource(JsonPlaceholderClient.postsPath(userId), Form.POSTS);
  }

  /**
   * Any upstream JSON other than posts.
   *
   * @throws IllegalArgumentException for a posts path, which has a form of its own
   */
  static Resource json(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("/posts")) {
      throw new IllegalArgumentException("not a plain JSON resource: " + pathAndQuery);
    }
    return new Resource(pathAndQuery, Form.JSON);
  }
}
