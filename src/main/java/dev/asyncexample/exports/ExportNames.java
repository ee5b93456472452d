package dev.asyncexample.exports;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Export object names, {@code posts-20261124T001130Z-1a2b3c4d.ndjson}: a UTC timestamp, so names
 * sort by creation time, and a random suffix, so two exports in one second never collide. Only
 * names of exactly this pattern are ever read back, so no request can reach another key.
 */
final class ExportNames {

  /** The pattern every export name matches, as a 422 body shows it. */
  static final String PATTERN = "^posts-\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.ndjson$";

  private static final Pattern NAME = Pattern.compile(PATTERN);

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String keyPrefix;
  private final Clock clock;

  ExportNames(String keyPrefix, Clock clock) {
    this.keyPrefix = keyPrefix;
    this.clock = clock;
  }

  /** A fresh name for a new export. */
  String newName() {
    return "posts-"
        + STAMP.format(clock.instant())
        + "-"
        + String.format("%08x", ThreadLocalRandom.current().nextInt())
        + ".ndjson";
  }

  static boolean valid(String name) {
    return NAME.matcher(name).matches();
  }

  String key(String name) {
    return keyPrefix + name;
  }

  /** The name of an object key under our prefix, or null for a key that is not an export. */
  String nameOf(String key) {
    if (!key.startsWith(keyPrefix)) {
      return null;
    }
    String name = key.substring(keyPrefix.length());
    return valid(name) ? name : null;
  }

  String keyPrefix() {
    return keyPrefix;
  }
}
