package dev.asyncexample.store;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.time.Duration;

/** Where bookmarks are kept and how the connection pool behaves. */
public record DatabaseSettings(
    DatabaseTarget target,
    int poolSize,
    Duration acquireTimeout,
    Duration connectTimeout,
    Duration migrationRetryInterval) {

  private static final String PREFIX = "async-example.database.";

  public DatabaseSettings {
    require(poolSize > 0, PREFIX + "pool-size", "must be positive", poolSize);
    requirePositive(acquireTimeout, "acquire-timeout");
    requirePositive(connectTimeout, "connect-timeout");
    requirePositive(migrationRetryInterval, "migration-retry-interval");
  }

  /** Reads {@code async-example.database} from the root config, so errors name the full key. */
  public static DatabaseSettings from(Config root) {
    return new DatabaseSettings(
        DatabaseTarget.parse(
            PREFIX + "url", root.getString(PREFIX + "url"), root.getString(PREFIX + "schema")),
        root.getInt(PREFIX + "pool-size"),
        root.getDuration(PREFIX + "acquire-timeout"),
        root.getDuration(PREFIX + "connect-timeout"),
        root.getDuration(PREFIX + "migration-retry-interval"));
  }

  private static void requirePositive(Duration value, String key) {
    require(!value.isNegative() && !value.isZero(), PREFIX + key, "must be positive", value);
  }
}
