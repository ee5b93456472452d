package dev.asyncexample.embedded;

import com.typesafe.config.ConfigFactory;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * For bench/lessons: the embedded upstream's posts with a fixed latency, counting the TCP
 * connections it accepts and the requests it receives. The counts are taken on the upstream's side
 * of the socket, so they say what a caller really did, whatever the caller believes it did.
 *
 * <p>{@link #main} serves several ports, each with its own latency, and answers {@code GET
 * /counts/{port}} on a control port: {@code {"connections":N,"requests":M}}.
 */
public final class CountingUpstream {

  private final ServerBinding binding;
  private final AtomicLong connections;
  private final AtomicLong requests;

  private CountingUpstream(ServerBinding binding, AtomicLong connections, AtomicLong requests) {
    this.binding = binding;
    this.connections = connections;
    this.requests = requests;
  }

  /**
   * Listens on {@code host:port} (0 for a free port) in {@code system}, serving {@code posts} posts
   * {@code latency} after each request arrived.
   */
  public static CompletionStage<CountingUpstream> start(
      ActorSystem<?> system, String host, int port, int posts, Duration latency) {
    AtomicLong connections = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    Flow<HttpRequest, HttpResponse, NotUsed> catalog =
        new CatalogRoutes(new PostCatalog(posts), latency).route().flow(system);
    Flow<HttpRequest, HttpResponse, NotUsed> counted =
        Flow.of(HttpRequest.class)
            .map(
                request -> {
                  requests.incrementAndGet();
                  return request;
                })
            .via(catalog);
    Materializer materializer = Materializer.matFromSystem(system);
    // One element per accepted connection: the count cannot miss one, however short it lived.
    CompletionStage<ServerBinding> bound =
        Http.get(system)
            .newServerAt(host, port)
            .connectionSource()
            .to(
                Sink.foreach(
                    connection -> {
                      connections.incrementAndGet();
                      var unused = connection.handleWith(counted, materializer);
                    }))
            .run(system);
    return StageBridge.completeOn(bound, StageBridge.SAME_THREAD)
        .thenApply(binding -> new CountingUpstream(binding, connections, requests));
  }

  /** For example {@code http://127.0.0.1:41234}, no trailing slash. */
  public String baseUrl() {
    return "http://"
        + binding.localAddress().getAddress().getHostAddress()
        + ":"
        + binding.localAddress().getPort();
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  /** TCP connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** HTTP requests received so far. */
  public long requests() {
    return requests.get();
  }

  /**
   * Runs until killed. Arguments: the control port, then one {@code port=latency} per upstream
   * (e.g. {@code 19301 19302=0ms 19303=100ms}); {@code POSTS} (default 100) posts on each.
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: CountingUpstream CONTROL_PORT PORT=LATENCY...");
      System.exit(2);
    }
    // SIGTERM ends the JVM at once: there is nothing to drain, and the counts die with it.
    ActorSystem<Void> system = EmbeddedJsonPlaceholder.newSystem(ConfigFactory.load());
    int posts = Integer.parseInt(System.getenv().getOrDefault("POSTS", "100"));
    Map<Integer, CountingUpstream> upstreams = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] spec = args[i].split("=", 2);
      Duration latency = ConfigFactory.parseString("d = " + spec[1]).getDuration("d");
      CountingUpstream upstream =
          start(system, "127.0.0.1", Integer.parseInt(spec[0]), posts, latency)
              .toCompletableFuture()
              .join();
      upstreams.put(upstream.port(), upstream);
    }
    var unused =
        Http.get(system)
            .newServerAt("127.0.0.1", Integer.parseInt(args[0]))
            .bind(new Control(upstreams).route())
            .toCompletableFuture()
            .join();
    System.out.println("counting upstreams on " + upstreams.keySet() + ", control on " + args[0]);
  }

  /** {@code GET /counts/{port}}: what the upstream on that port has counted. */
  private static final class Control extends AllDirectives {
    private final Map<Integer, CountingUpstream> upstreams;

    Control(Map<Integer, CountingUpstream> upstreams) {
      this.upstreams = upstreams;
    }

    org.apache.pekko.http.javadsl.server.Route route() {
      return path(
          PathMatchers.segment("counts").slash(PathMatchers.integerSegment()),
          port -> {
            CountingUpstream upstream = upstreams.get(port);
            if (upstream == null) {
              return complete(
                  StatusCodes.NOT_FOUND, Map.of("detail", "no upstream"), Json.marshaller());
            }
            return complete(
                StatusCodes.OK,
                Map.of("connections", upstream.connections(), "requests", upstream.requests()),
                Json.marshaller());
          });
    }
  }
}
