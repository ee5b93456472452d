package dev.asyncexample.exports;

import static dev.asyncexample.config.InvalidSettingsException.require;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where exports go: the S3 bucket (empty: exports are not configured), how to reach it, and how
 * objects are uploaded and listed. Credentials are not here: the SDK's default chain finds them.
 *
 * @param region the bucket's region, e.g. {@code us-east-1}
 * @param endpoint an S3-compatible server's URL, or empty for AWS itself
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
 * @param keyPrefix put before every export's name; empty or ending in {@code /}
 * @param partSizeBytes bytes per multipart part; an export smaller than this is one PUT
 * @param pageSize how many exports a list answers when the request gives no {@code limit}
 */
public record ExportSettings(
    String bucket,
    String region,
    String endpoint,
    boolean pathStyle,
    String keyPrefix,
    long partSizeBytes,
    int pageSize) {

  /** S3 refuses parts below 5 MiB (except the last). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** S3 allows at most 5 GiB per part. */
  public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

  /** S3 lists at most 1000 keys per call. */
  public static final int MAX_PAGE_SIZE = 1000;

  private static final String PREFIX = "async-example.exports.";

  public ExportSettings {
    bucket = bucket.strip();
    region = region.strip();
    endpoint = endpoint.strip();
    require(
        bucket.isEmpty() || bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
        PREFIX + "bucket",
        "must be an S3 bucket name (3-63 of a-z, 0-9, '.', '-'), or empty",
        "\"" + bucket + "\"");
    require(
        region.matches("[a-z0-9-]+"),
        PREFIX + "region",
        "must be an AWS region such as us-east-1",
        "\"" + region + "\"");
    require(
        endpoint.isEmpty() || isHttpUrl(endpoint),
        PREFIX + "endpoint",
        "must be an http(s) URL, or empty for AWS",
        "\"" + endpoint + "\"");
    require(
        keyPrefix.isEmpty() || (keyPrefix.endsWith("/") && !keyPrefix.startsWith("/")),
        PREFIX + "key-prefix",
        "must be empty or end with '/' (and not start with one)",
        "\"" + keyPrefix + "\"");
    require(
        partSizeBytes >= MIN_PART_SIZE && partSizeBytes <= MAX_PART_SIZE,
        PREFIX + "part-size",
        "must be between 5 MiB and 5 GiB (S3's limits)",
        partSizeBytes);
    require(
        pageSize > 0 && pageSize <= MAX_PAGE_SIZE,
        PREFIX + "page-size",
        "must be between 1 and 1000",
        pageSize);
  }

  /** Reads {@code async-example.exports} from the root config, so errors name the full key. */
  public static ExportSettings from(Config root) {
    return new ExportSettings(
        root.getString(PREFIX + "bucket"),
        root.getString(PREFIX + "region"),
        root.getString(PREFIX + "endpoint"),
        root.getBoolean(PREFIX + "path-style"),
        root.getString(PREFIX + "key-prefix"),
        root.getBytes(PREFIX + "part-size"),
        root.getInt(PREFIX + "page-size"));
  }

  /** Whether a bucket is set; without one, the export endpoints answer 503. */
  public boolean configured() {
    return !bucket.isEmpty();
  }

  public Optional<URI> endpointUri() {
    return endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
