package dev.asyncexample.bookmarks;

import dev.asyncexample.store.DatabaseTarget;
import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.Service;
import dev.asyncexample.testing.TestSchemas;
import org.junit.jupiter.api.AfterAll;

/** The bookmark contract on the local PostgreSQL, in a schema of its own that is dropped after. */
@RequiresService(Service.POSTGRESQL)
class BookmarksOnPostgresTest extends BookmarksTests {

  private final String schema = TestSchemas.newName();

  @Override
  protected DatabaseTarget databaseTarget() {
    return TestSchemas.postgres(schema);
  }

  @AfterAll
  void dropSchema() {
    TestSchemas.drop(schema);
  }
}
