package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.exports.S3TestServer;
import dev.asyncexample.faults.RawHttp.Answer;
import dev.asyncexample.faults.SteadyLoad.Request;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * bench/faults' S3 row at a small scale, with the bench's own proxy: S3 resets every part upload
 * after the first while an export runs and posts are under load. The export answers 502 and its
 * multipart upload is aborted, the posts never notice, and the next export succeeds. (exports/
 * ExportsTest checks the abort itself, with a 500 from S3.)
 */
class ExportFaultTest {

  @RegisterExtension static final S3MockExtension S3 = S3TestServer.extension();

  /** Enough posts for an export larger than one 5 MiB part. */
  private static final int POSTS = 30_000;

  private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void anUploadFailingMidWayIs502AndAbortedAndTheNextOneSucceeds() throws Exception {
    ActorSystem proxySystem =
        ActorSystem.create(
            "s3-fault-proxy",
            TestConfig.with("pekko.http.server.parsing.illegal-header-warnings = off"));
    // The app reads S3 credentials from the SDK's default chain; made-up ones, never real.
    System.setProperty("aws.accessKeyId", "test-key");
    System.setProperty("aws.secretAccessKey", "test-secret");
    Answer failed;
    Answer succeeded;
    FaultVerdict posts;
    S3FaultProxy proxy = new S3FaultProxy(proxySystem, S3TestServer.endpoint(S3));
    try (ControllableUpstream upstream =
        ControllableUpstream.start("127.0.0.1", 0, POSTS, TestConfig.base())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS)) {
      ServerBinding proxied =
          proxy.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (BoundApp app =
              BoundApp.start(
                  "async-example.upstream.base-url = \""
                      + upstream.baseUrl()
                      + "\"\nasync-example.upstream.timeout = 30s"
                      + "\nasync-example.exports { bucket = "
                      + S3TestServer.BUCKET
                      + ", endpoint = \"http://127.0.0.1:"
                      + proxied.localAddress().getPort()
                      + "\", path-style = on, part-size = 5m }");
          SteadyLoad load =
              new SteadyLoad(
                      "127.0.0.1",
                      app.port(),
                      2,
                      Duration.ofMillis(20),
                      Duration.ofSeconds(10),
                      n -> Request.get("/v1/posts/" + (n % 100 + 1)),
                      () -> true)
                  .start()) {
        long start = System.nanoTime();
        proxy.failParts(true);
        failed = export(app);
        proxy.failParts(false);
        long end = System.nanoTime();
        succeeded = export(app);
        posts = FaultVerdict.of(load.outcomes(), start, end, UpstreamFaultsTest::healthy);
      }
    } finally {
      Systems.stop(proxySystem);
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }

    assertThat(failed.status()).as(failed.body()).isEqualTo(502);
    assertThat(failed.body()).startsWith("{\"detail\":\"S3 ");
    assertThat(proxy.state()).containsEntry("aborts", 1);
    assertThat((Integer) proxy.state().get("failedParts")).isPositive();
    assertThat(succeeded.status()).as(succeeded.body()).isEqualTo(201);
    assertThat(posts.seen().keySet()).as("posts meanwhile: %s", posts).containsOnly("200");
  }

  private static Answer export(BoundApp app) {
    return RawHttp.send("127.0.0.1", app.port(), "POST", "/v1/exports", "", EXPORT_TIMEOUT);
  }
}
