package dev.asyncexample.testing;

import dev.asyncexample.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** A PostgreSQL schema per test class on the local server, so tests never see each other's rows. */
public final class TestSchemas {

  private TestSchemas() {}

  /** A fresh schema name (not created: the migrations create it). */
  public static String newName() {
    return "test_" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * The local {@code test} database, as the {@code postgres} user, with tables in {@code schema}.
   */
  public static DatabaseTarget.Postgres postgres(String schema) {
    return new DatabaseTarget.Postgres(
        Service.POSTGRESQL.host(), Service.POSTGRESQL.port(), "test", "postgres", "", schema);
  }

  /** Drops {@code schema} and everything in it. */
  public static void drop(String schema) {
    DatabaseTarget.Postgres target = postgres(schema);
    try (Connection connection =
            DriverManager.getConnection(
                target.jdbcUrl(Duration.ofSeconds(5)), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      // The name is ours (newName), never input, so it is safe to splice in.
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop schema " + schema, e);
    }
  }
}
