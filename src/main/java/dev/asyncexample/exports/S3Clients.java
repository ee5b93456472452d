package dev.asyncexample.exports;

import dev.asyncexample.concurrent.Dispatchers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the application's one S3AsyncClient, on the SDK's own Netty transport, and registers its
 * closing with CoordinatedShutdown once requests have drained.
 */
final class S3Clients {

  private static final Logger log = LoggerFactory.getLogger(S3Clients.class);

  private static final Duration CLOSE_BUDGET = Duration.ofSeconds(2);

  /** Parts are uploaded one at a time per export; this leaves room for concurrent exports. */
  private static final int MAX_CONNECTIONS = 32;

  private S3Clients() {}

  static S3AsyncClient create(
      ActorSystem<?> system, ExportSettings settings, AwsCredentialsProvider credentials) {
    S3AsyncClientBuilder builder =
        S3AsyncClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            // Set explicitly: the SDK would otherwise pick whichever HTTP client it finds first.
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(MAX_CONNECTIONS)
                    .connectionTimeout(Duration.ofSeconds(3)));
    settings.endpointUri().ifPresent(builder::endpointOverride);
    S3AsyncClient client = builder.build();
    // close() waits for the Netty event loops to stop, so it runs on the blocking dispatcher.
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(Dispatchers.BLOCKING));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "close-s3-client",
            () -> close(blocking, client, credentials));
    // Which bucket and where, never the credentials.
    log.info(
        "Exports: bucket {} in {}{}",
        settings.bucket(),
        settings.region(),
        settings.endpoint().isEmpty() ? "" : " at " + settings.endpoint());
    return client;
  }

  private static CompletionStage<Done> close(
      Executor blocking, S3AsyncClient client, AwsCredentialsProvider credentials) {
    return CompletableFuture.runAsync(
            () -> {
              client.close();
              if (credentials instanceof SdkAutoCloseable closeable) {
                closeable.close();
              }
            },
            blocking)
        .thenApply(unit -> Done.getInstance())
        .completeOnTimeout(Done.getInstance(), CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> Done.getInstance());
  }
}
