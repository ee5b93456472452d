package dev.asyncexample;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.asyncexample.exports.S3TestServer;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The thread-per-callback trap, guarded for every route: the whole application serves each kind of
 * answer over a bound port while the JVM's started-thread count is watched. Surefire pins the
 * common pool to parallelism 1 (as on 2 CPUs), where a callback chained on a Pekko stage outside
 * the bridge starts a thread; so any such callback on a request's path shows up here as threads
 * started per request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreadStartsTest {

  @RegisterExtension static final S3MockExtension S3 = S3TestServer.extension();

  /**
   * Threads the pools may still add after warm-up: a dispatcher's fork-join pool starts workers
   * lazily up to its parallelism (8 here) and may replace one it retired. A leak on the request
   * path costs at least one thread per request, hundreds over the measured rounds.
   */
  private static final int POOL_ALLOWANCE = 8;

  private static final int WARM_UP_ROUNDS = 8;
  private static final int MEASURED_ROUNDS = 20;

  private ActorSystem client;
  private AsyncExampleApp.Running app;
  private String base;

  @BeforeAll
  void startApp() throws Exception {
    // The SDK's default credential chain reads these; S3Mock checks none.
    System.setProperty("aws.accessKeyId", "test-key");
    System.setProperty("aws.secretAccessKey", "test-secret");
    client = ActorSystem.create("threads-client", TestConfig.base());
    app =
        AsyncExampleApp.start(
            TestConfig.with(
                """
                async-example.upstream.base-url = embedded
                async-example.exports.bucket = "%s"
                async-example.exports.endpoint = "%s"
                async-example.exports.path-style = on
                """
                    .formatted(S3TestServer.BUCKET, S3TestServer.endpoint(S3))));
    int port =
        app.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  void stopApp() throws Exception {
    app.system().terminate();
    app.system().getWhenTerminated().toCompletableFuture().get(15, TimeUnit.SECONDS);
    Systems.stop(client);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void noEndpointStartsThreadsOnceWarm() throws Exception {
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      everyEndpoint();
    }
    long before = startedThreads();
    int requests = 0;
    for (int round = 0; round < MEASURED_ROUNDS; round++) {
      requests += everyEndpoint();
    }
    long started = startedThreads() - before;

    assertThat(started)
        .as("threads started during %d requests after warm-up", requests)
        .isLessThanOrEqualTo(POOL_ALLOWANCE);
  }

  /** One request of each kind, each checked for its status; returns how many were sent. */
  private int everyEndpoint() throws Exception {
    List<String> sent = new ArrayList<>();
    expect(sent, get("/"), 200);
    expect(sent, get("/health"), 200);
    expect(sent, get("/ready"), 200);
    expect(sent, get("/metrics"), 200);
    expect(sent, get("/openapi.json"), 200);
    expect(sent, get("/docs"), 200);
    expect(sent, get("/v1/posts/1"), 200);
    // no-cache takes the coalescer and the upstream path, not only the cache.
    expect(sent, get("/v1/posts/2").addHeader(RawHeader.create("Cache-Control", "no-cache")), 200);
    expect(sent, get("/v1/posts"), 200);
    expect(sent, ndjson(get("/v1/posts")), 200);
    expect(sent, get("/v1/users/1/posts"), 200);
    expect(sent, ndjson(get("/v1/users/1/posts").addHeader(noCache())), 200);
    // The fan-out: its comments' stream, and every part through the coalescer and the upstream.
    expect(sent, get("/v1/users/3/summary").addHeader(noCache()), 200);
    expect(sent, get("/v1/users/3/summary"), 200);
    expect(sent, get("/v1/posts/100000"), 404);
    expect(sent, get("/v1/posts/abc"), 422);
    expect(sent, get("/no/such/path"), 404);
    expect(
        sent,
        HttpRequest.PUT(base + "/v1/users/1/bookmarks/3")
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"note\":\"n\"}")),
        200,
        201);
    expect(sent, get("/v1/users/1/bookmarks"), 200);
    expect(sent, ndjson(get("/v1/users/1/bookmarks")), 200);
    HttpResponse exported = send(HttpRequest.POST(base + "/v1/exports?userId=2"));
    sent.add("POST /v1/exports");
    assertThat(exported.status().intValue()).as("POST /v1/exports").isEqualTo(201);
    String location = exported.getHeader(Location.class).orElseThrow().getUri().path();
    expect(sent, get("/v1/exports"), 200);
    expect(sent, get(location), 200);
    return sent.size();
  }

  private HttpRequest get(String path) {
    return HttpRequest.GET(base + path);
  }

  private static RawHeader noCache() {
    return RawHeader.create("Cache-Control", "no-cache");
  }

  private static HttpRequest ndjson(HttpRequest request) {
    return request.addHeader(RawHeader.create("Accept", "application/x-ndjson"));
  }

  private void expect(List<String> sent, HttpRequest request, int... statuses) throws Exception {
    String what = request.method().value() + " " + request.getUri().path();
    sent.add(what);
    int status = send(request).status().intValue();
    assertThat(statuses).as(what).contains(status);
  }

  private HttpResponse send(HttpRequest request) throws Exception {
    return HttpCalls.send(client, request);
  }

  private static long startedThreads() {
    return ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
  }
}
