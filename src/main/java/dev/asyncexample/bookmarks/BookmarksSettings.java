package dev.asyncexample.bookmarks;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;

/**
 * How bookmark lists are built.
 *
 * @param enrichParallelism how many bookmarked posts one list fetches at once
 */
public record BookmarksSettings(int enrichParallelism) {

  private static final String PREFIX = "async-example.bookmarks.";

  public BookmarksSettings {
    require(
        enrichParallelism > 0 && enrichParallelism <= 256,
        PREFIX + "enrich-parallelism",
        "must be between 1 and 256",
        enrichParallelism);
  }

  /** Reads {@code async-example.bookmarks} from the root config, so errors name the full key. */
  public static BookmarksSettings from(Config root) {
    return new BookmarksSettings(root.getInt(PREFIX + "enrich-parallelism"));
  }
}
