package dev.asyncexample.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The application's configuration, adjusted so that many systems can live and die in one JVM. */
public final class TestConfig {

  private TestConfig() {}

  /** conf/application.conf with a free port, and shutdowns that never exit the test JVM. */
  public static Config base() {
    return ConfigFactory.parseString(
            """
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.loglevel = WARNING
            async-example.http.host = "127.0.0.1"
            async-example.http.port = 0
            # The embedded backends, whatever DATABASE_URL or REDIS_URL the shell has set; tests
            # that want the real servers say so.
            async-example.database.url = ""
            async-example.cache.redis-url = ""
            """)
        .withFallback(ConfigFactory.load());
  }

  /** {@link #base()} with {@code overrides} (HOCON) on top. */
  public static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(base());
  }
}
