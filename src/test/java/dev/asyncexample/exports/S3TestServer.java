package dev.asyncexample.exports;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.testing.ClosedPorts;
import java.net.URI;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Mock in the test JVM on free loopback ports, and how the app and the tests reach it. */
public final class S3TestServer {

  /** The bucket S3Mock creates at start. */
  public static final String BUCKET = "exports-test";

  /** Made-up credentials: S3Mock checks none, and no real ones may ever be used in tests. */
  public static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret"));

  private S3TestServer() {}

  /** An extension for a static {@code @RegisterExtension} field: S3Mock once per test class. */
  public static S3MockExtension extension() {
    return S3MockExtension.builder()
        .silent()
        .withSecureConnection(false)
        // Free ports, never S3Mock's fixed defaults: another build may run one at the same time.
        .withHttpPort(ClosedPorts.one())
        .withHttpsPort(ClosedPorts.one())
        .withInitialBuckets(BUCKET)
        .build();
  }

  public static String endpoint(S3MockExtension s3) {
    return "http://127.0.0.1:" + s3.getHttpPort();
  }

  /** The app's settings for S3Mock (or a proxy in front of it at {@code endpoint}). */
  public static ExportSettings settings(String endpoint) {
    return new ExportSettings(
        BUCKET, "us-east-1", endpoint, true, "exports/", ExportSettings.MIN_PART_SIZE, 100);
  }

  /** The export feature as the app builds it, writing to S3 at {@code endpoint}. */
  public static Optional<Exports> exports(
      ActorSystem system, String endpoint, PostsService client) {
    return Exports.create(Adapter.toTyped(system), settings(endpoint), client, CREDENTIALS);
  }

  /** A blocking client for the tests' own looks into the bucket. */
  public static S3Client client(S3MockExtension s3) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(URI.create(endpoint(s3)))
        .forcePathStyle(true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
