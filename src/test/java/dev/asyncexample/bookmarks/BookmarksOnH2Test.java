package dev.asyncexample.bookmarks;

import dev.asyncexample.store.DatabaseTarget;
import java.util.UUID;

/** The bookmark contract on the embedded default: H2 in memory. */
class BookmarksOnH2Test extends BookmarksTests {

  @Override
  protected DatabaseTarget target() {
    return new DatabaseTarget.H2InMemory("test-" + UUID.randomUUID());
  }
}
