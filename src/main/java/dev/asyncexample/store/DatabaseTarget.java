package dev.asyncexample.store;

import dev.asyncexample.config.InvalidSettingsException;
import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.h2.H2ConnectionOption;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The database to keep data in, as read from {@code DATABASE_URL}: the same place reached over
 * R2DBC (queries) and over JDBC (migrations).
 */
public sealed interface DatabaseTarget {

  /** The name {@code /ready} and the logs use, such as {@code postgresql}. */
  String backend();

  /** Where it is, for logs: never contains the password. */
  String describe();

  /** The JDBC URL Flyway migrates through. */
  String jdbcUrl(Duration connectTimeout);

  String user();

  String password();

  /** The schema our tables live in, when it is not the database's default. */
  Optional<String> schema();

  /** A fresh R2DBC connection factory (not pooled). */
  ConnectionFactory connectionFactory(Duration connectTimeout);

  /** PostgreSQL over the network. */
  record Postgres(
      String host, int port, String database, String user, String password, String schemaName)
      implements DatabaseTarget {

    @Override
    public String backend() {
      return "postgresql";
    }

    @Override
    public String describe() {
      return "postgresql://"
          + user
          + "@"
          + host
          + ":"
          + port
          + "/"
          + database
          + " schema "
          + schemaName;
    }

    @Override
    public String jdbcUrl(Duration connectTimeout) {
      // The JDBC driver takes whole seconds; round up so a sub-second setting is not "no limit".
      long seconds = Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
      return "jdbc:postgresql://"
          + host
          + ":"
          + port
          + "/"
          + database
          + "?connectTimeout="
          + seconds
          + "&ApplicationName=async-example";
    }

    @Override
    public Optional<String> schema() {
      return Optional.of(schemaName);
    }

    @Override
    public ConnectionFactory connectionFactory(Duration connectTimeout) {
      return new PostgresqlConnectionFactory(
          PostgresqlConnectionConfiguration.builder()
              .host(host)
              .port(port)
              .database(database)
              .username(user)
              .password(password)
              .schema(schemaName)
              .connectTimeout(connectTimeout)
              .applicationName("async-example")
              .tcpKeepAlive(true)
              .build());
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** H2 in this JVM's memory: the embedded default, gone when the process exits. */
  record H2InMemory(String name) implements DatabaseTarget {

    @Override
    public String backend() {
      return "h2";
    }

    @Override
    public String describe() {
      return "h2:mem:" + name + " (in memory, lost at exit)";
    }

    @Override
    public String jdbcUrl(Duration connectTimeout) {
      // Kept alive until the JVM exits, so migrations and the R2DBC pool see the same database.
      return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    public String user() {
      return "sa";
    }

    @Override
    public String password() {
      return "";
    }

    @Override
    public Optional<String> schema() {
      return Optional.empty();
    }

    @Override
    public ConnectionFactory connectionFactory(Duration connectTimeout) {
      return new H2ConnectionFactory(
          H2ConnectionConfiguration.builder()
              .inMemory(name)
              .username(user())
              .password(password())
              .property(H2ConnectionOption.DB_CLOSE_DELAY, "-1")
              .build());
    }
  }

  /**
   * Reads a database URL: empty for the embedded H2 database, {@code h2:mem:NAME} for a named one,
   * or {@code postgresql://user:password@host:port/database} ({@code postgres://}, {@code
   * jdbc:postgresql://} and {@code r2dbc:postgresql://} also work).
   *
   * @param key the configuration key, named in errors
   * @param schema the PostgreSQL schema for our tables
   */
  static DatabaseTarget parse(String key, String url, String schema) {
    String value = url.strip();
    if (value.isEmpty()) {
      return new H2InMemory("async-example");
    }
    if (value.startsWith("h2:mem:")) {
      String name = value.substring("h2:mem:".length());
      InvalidSettingsException.require(
          name.matches("[A-Za-z0-9_-]+"), key, "needs a plain database name after h2:mem:", url);
      return new H2InMemory(name);
    }
    for (String prefix : new String[] {"jdbc:", "r2dbc:"}) {
      if (value.startsWith(prefix)) {
        value = value.substring(prefix.length());
      }
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidSettingsException(key + ": not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    InvalidSettingsException.require(
        scheme.equals("postgresql") || scheme.equals("postgres"),
        key,
        "must be empty (embedded H2), h2:mem:NAME or postgresql://user@host:port/database",
        scheme + "://…");
    InvalidSettingsException.require(uri.getHost() != null, key, "needs a host", "postgresql://…");
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    InvalidSettingsException.require(
        !database.isEmpty() && !database.contains("/"),
        key,
        "needs a database name as its path",
        "postgresql://…");
    String userInfo = uri.getRawUserInfo() == null ? "postgres" : uri.getRawUserInfo();
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    InvalidSettingsException.require(
        schema.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "async-example.database.schema",
        "must be a plain SQL identifier",
        schema);
    return new Postgres(
        uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password, schema);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }
}
