package dev.asyncexample.store;

import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings the schema up to date with Flyway, over JDBC: blocking, so never on a dispatcher. */
final class Migrations {

  /** The same scripts run on PostgreSQL and on H2. */
  static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /** Applies pending migrations and returns how many ran; blocks the calling thread. */
  static int run(DatabaseTarget target, Duration connectTimeout) {
    FluentConfiguration configuration =
        Flyway.configure()
            .dataSource(target.jdbcUrl(connectTimeout), target.user(), target.password())
            .locations(LOCATION)
            // Retrying is the caller's job, on a schedule, not a loop inside a blocked thread.
            .connectRetries(0);
    target.schema().ifPresent(schema -> configuration.schemas(schema).createSchemas(true));
    return configuration.load().migrate().migrationsExecuted;
  }
}
