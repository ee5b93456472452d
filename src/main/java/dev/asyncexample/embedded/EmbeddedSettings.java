package dev.asyncexample.embedded;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.asyncexample.config.InvalidSettingsException;

/** Where the standalone embedded upstream listens and how many posts it serves. */
public record EmbeddedSettings(String host, int port, int posts) {

  private static final String PREFIX = "async-example.embedded-upstream.";

  public EmbeddedSettings {
    require(port >= 0 && port <= 65535, PREFIX + "port", "must be 0..65535", port);
    require(posts >= 0, PREFIX + "posts", "must not be negative", posts);
  }

  public static EmbeddedSettings from(Config root) {
    try {
      return new EmbeddedSettings(
          root.getString(PREFIX + "host"),
          root.getInt(PREFIX + "port"),
          root.getInt(PREFIX + "posts"));
    } catch (ConfigException e) {
      throw new InvalidSettingsException(e.getMessage());
    }
  }
}
