package dev.asyncexample.posts;

import dev.asyncexample.upstream.JsonPlaceholderClient;
import java.util.Optional;

/**
 * An upstream resource of the posts feature: its path and query (the key it is fetched, coalesced
 * and cached under) and whether it is one post or a list.
 */
record Resource(String path, boolean list) {

  static Resource post(int id) {
    return new Resource(JsonPlaceholderClient.postPath(id), false);
  }

  static Resource posts(Optional<Integer> userId) {
    return new Resource(JsonPlaceholderClient.postsPath(userId), true);
  }
}
