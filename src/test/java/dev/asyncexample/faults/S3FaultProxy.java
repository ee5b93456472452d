package dev.asyncexample.faults;

import com.adobe.testing.s3mock.S3MockApplication;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * For bench/faults: an HTTP proxy in front of an S3-compatible server that, once switched to {@code
 * fail-parts}, resets the connection of every UploadPart after the first (a multipart upload
 * failing mid-way), and counts the aborts it forwards. {@link #main} runs S3Mock in the same JVM
 * behind it, with a control port: {@code PUT /mode/fail-parts}, {@code PUT /mode/normal}, {@code
 * GET /mode}.
 */
public final class S3FaultProxy {

  /** An UploadPart of a part other than the first. */
  private static final Pattern LATER_PART = Pattern.compile("(^|&)partNumber=(?!1(&|$))");

  private final ActorSystem system;
  private final String target;
  private final AtomicInteger failedParts = new AtomicInteger();
  private final AtomicInteger aborts = new AtomicInteger();
  private volatile boolean failParts;

  /** A proxy to {@code target} (http://host:port), not listening yet. */
  S3FaultProxy(ActorSystem system, String target) {
    this.system = system;
    this.target = target;
  }

  /** Listens on {@code host:port} (0 for a free port). */
  CompletionStage<ServerBinding> bind(String host, int port) {
    return Http.get(system).newServerAt(host, port).bind(this::forward);
  }

  void failParts(boolean on) {
    failParts = on;
  }

  /** What it does now, and how many part uploads it failed and aborts it forwarded. */
  Map<String, Object> state() {
    return Map.of(
        "mode", failParts ? "fail-parts" : "normal",
        "failedParts", failedParts.get(),
        "aborts", aborts.get());
  }

  private CompletionStage<HttpResponse> forward(HttpRequest request) {
    String query = request.getUri().rawQueryString().orElse("");
    if (failParts && laterPart(query)) {
      failedParts.incrementAndGet();
      // The body is read, then the answer fails: Pekko resets the connection instead.
      return StageBridge.completeOn(
              request.discardEntityBytes(system).completionStage(), StageBridge.SAME_THREAD)
          .thenApply(
              done ->
                  HttpResponse.create()
                      .withEntity(
                          HttpEntities.create(
                              ContentTypes.APPLICATION_OCTET_STREAM,
                              1024,
                              Source.<ByteString>failed(
                                  new IOException("S3 upload reset on purpose")))));
    }
    if (request.method().equals(HttpMethods.DELETE) && query.contains("uploadId=")) {
      aborts.incrementAndGet();
    }
    HttpRequest forwarded =
        request
            .withUri(
                Uri.create(target + request.getUri().path() + (query.isEmpty() ? "" : "?" + query)))
            // Pekko answers 100-continue itself; the forwarded request has its body already.
            .removeHeader("Expect")
            .removeHeader("Timeout-Access")
            .removeHeader("Host");
    return StageBridge.completeOn(
        Http.get(system).singleRequest(forwarded), StageBridge.SAME_THREAD);
  }

  private static boolean laterPart(String query) {
    return LATER_PART.matcher(query).find();
  }

  /**
   * Runs S3Mock (bucket S3_BUCKET on S3MOCK_PORT, S3MOCK_HTTPS_PORT) behind the proxy on
   * S3_PROXY_PORT, and the control endpoint on S3_PROXY_CONTROL_PORT, all on 127.0.0.1.
   */
  public static void main(String[] args) throws Exception {
    int s3Port = Integer.parseInt(System.getenv("S3MOCK_PORT"));
    var root = Files.createTempDirectory("s3-faults-");
    // A mutable map: S3Mock removes the keys it has read.
    Map<String, Object> settings = new HashMap<>();
    settings.put(S3MockApplication.PROP_HTTP_PORT, s3Port);
    settings.put(
        S3MockApplication.PROP_HTTPS_PORT, Integer.parseInt(System.getenv("S3MOCK_HTTPS_PORT")));
    settings.put(S3MockApplication.PROP_INITIAL_BUCKETS, System.getenv("S3_BUCKET"));
    settings.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
    settings.put(S3MockApplication.PROP_SECURE_CONNECTION, false);
    settings.put(S3MockApplication.PROP_SILENT, true);
    S3MockApplication s3 = S3MockApplication.start(settings);
    ActorSystem system =
        ActorSystem.create(
            "s3-fault-proxy",
            ConfigFactory.parseString(
                    """
                    pekko.http.server.parsing.illegal-header-warnings = off
                    pekko.http.server.request-timeout = 120s
                    pekko.coordinated-shutdown.exit-jvm = off
                    """)
                .withFallback(ConfigFactory.load()));
    S3FaultProxy proxy = new S3FaultProxy(system, "http://127.0.0.1:" + s3Port);
    proxy
        .bind("127.0.0.1", Integer.parseInt(System.getenv("S3_PROXY_PORT")))
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Http.get(system)
        .newServerAt("127.0.0.1", Integer.parseInt(System.getenv("S3_PROXY_CONTROL_PORT")))
        .bindSync(request -> control(proxy, request))
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  system.terminate();
                  s3.stop();
                }));
    System.out.println("S3 fault proxy ready");
  }

  private static HttpResponse control(S3FaultProxy proxy, HttpRequest request) {
    String path = request.getUri().path();
    boolean change = !request.method().equals(HttpMethods.GET);
    if (change && path.equals("/mode/fail-parts")) {
      proxy.failParts(true);
    } else if (change && path.equals("/mode/normal")) {
      proxy.failParts(false);
    } else if (change || !path.equals("/mode")) {
      request.discardEntityBytes(proxy.system);
      return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND);
    }
    request.discardEntityBytes(proxy.system);
    return HttpResponse.create().withEntity(Json.entity(proxy.state()));
  }
}
