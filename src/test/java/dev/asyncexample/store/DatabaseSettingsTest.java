package dev.asyncexample.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.asyncexample.config.InvalidSettingsException;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DATABASE_URL and the pool settings: what is accepted, and how a bad value is reported. */
class DatabaseSettingsTest {

  private static final String KEY = "async-example.database.url";

  @Test
  void emptyUrlIsTheEmbeddedH2Database() {
    DatabaseSettings settings = DatabaseSettings.from(TestConfig.base());
    assertThat(settings.target()).isEqualTo(new DatabaseTarget.H2InMemory("async-example"));
    assertThat(settings.target().jdbcUrl(Duration.ofSeconds(1)))
        .isEqualTo("jdbc:h2:mem:async-example;DB_CLOSE_DELAY=-1");
  }

  @Test
  void environmentVariablesOverrideTheDefaults() {
    DatabaseSettings settings =
        DatabaseSettings.from(
            ConfigFactory.parseString(
                    "DATABASE_URL = \"postgresql://app@db:5433/x\", DATABASE_SCHEMA = api,"
                        + " DATABASE_POOL_SIZE = \"3\", DATABASE_ACQUIRE_TIMEOUT = 4s,"
                        + " DATABASE_CONNECT_TIMEOUT = 5s, DATABASE_MIGRATION_RETRY_INTERVAL = 6s")
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .resolve());

    assertThat(settings)
        .isEqualTo(
            new DatabaseSettings(
                new DatabaseTarget.Postgres("db", 5433, "x", "app", "", "api"),
                3,
                Duration.ofSeconds(4),
                Duration.ofSeconds(5),
                Duration.ofSeconds(6)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://app:s%40cret@db.internal:6543/bookmarks",
        "postgres://app:s%40cret@db.internal:6543/bookmarks",
        "jdbc:postgresql://app:s%40cret@db.internal:6543/bookmarks",
        "r2dbc:postgresql://app:s%40cret@db.internal:6543/bookmarks"
      })
  void postgresUrlsInTheirCommonSpellings(String url) {
    DatabaseTarget target = DatabaseTarget.parse(KEY, url, "api");
    assertThat(target)
        .isEqualTo(
            new DatabaseTarget.Postgres("db.internal", 6543, "bookmarks", "app", "s@cret", "api"));
    assertThat(target.jdbcUrl(Duration.ofMillis(1500)))
        .isEqualTo(
            "jdbc:postgresql://db.internal:6543/bookmarks?connectTimeout=2&ApplicationName=async-example");
  }

  @Test
  void portAndUserHaveDefaults() {
    assertThat(DatabaseTarget.parse(KEY, "postgresql://localhost/test", "public"))
        .isEqualTo(
            new DatabaseTarget.Postgres("localhost", 5432, "test", "postgres", "", "public"));
  }

  @Test
  void thePasswordIsNeverShown() {
    DatabaseTarget target = DatabaseTarget.parse(KEY, "postgresql://app:hunter2@db/x", "public");
    assertThat(target.describe()).doesNotContain("hunter2").contains("app@db:5432/x");
    assertThat(target.toString()).doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://root@db/x",
        "postgresql:///nohost",
        "postgresql://db",
        "postgresql://db/a/b",
        "h2:mem:../escape",
        "not a url"
      })
  void badUrlsNameTheKeyAndHideThePassword(String url) {
    assertThatThrownBy(() -> DatabaseTarget.parse(KEY, url.replace("@", ":pw@"), "public"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageStartingWith(KEY)
        .hasMessageNotContaining(":pw@");
  }

  @Test
  void schemaMustBeAnIdentifier() {
    assertThatThrownBy(() -> DatabaseTarget.parse(KEY, "postgresql://db/x", "public; drop"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageStartingWith("async-example.database.schema");
  }

  @Test
  void poolAndTimeoutsMustBePositive() {
    assertThatThrownBy(
            () -> DatabaseSettings.from(TestConfig.with("async-example.database.pool-size = 0")))
        .hasMessageStartingWith("async-example.database.pool-size");
    assertThatThrownBy(
            () ->
                DatabaseSettings.from(
                    TestConfig.with("async-example.database.acquire-timeout = 0s")))
        .hasMessageStartingWith("async-example.database.acquire-timeout");
  }
}
