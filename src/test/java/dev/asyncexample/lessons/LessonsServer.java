package dev.asyncexample.lessons;

import static org.apache.pekko.http.javadsl.server.PathMatchers.integerSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.cache.Cached;
import dev.asyncexample.json.Json;
import dev.asyncexample.posts.CoalescingVariants;
import dev.asyncexample.posts.PostsService;
import dev.asyncexample.posts.Rendered;
import dev.asyncexample.summary.SequentialSummarizer;
import dev.asyncexample.summary.Summarizer;
import dev.asyncexample.summary.UserParts;
import dev.asyncexample.tracing.RequestContext;
import dev.asyncexample.upstream.JsonPlaceholderClient;
import dev.asyncexample.upstream.UpstreamReply;
import dev.asyncexample.upstream.UpstreamSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * For bench/lessons: each lesson's right way and its wrong way side by side in one server, so a
 * pair differs in the one thing the lesson is about. Test sources only; the server jar holds none
 * of the wrong ways. Most paths are {@code /{variant}/posts/{id}} and answer the upstream's post:
 *
 * <ul>
 *   <li>{@code pooled}, {@code fresh}: the project's pooled client, or a new TCP connection per
 *       request ({@link ConnectionPerRequest}), against the fast upstream
 *   <li>{@code nonblocking}, {@code blocking-join}, {@code blocking-io}: against the slow upstream,
 *       the pooled client's answer awaited as a stage; or waited for on the dispatcher's thread
 *       with {@code join()}; or read there by a blocking client ({@link BlockingGet})
 *   <li>{@code coalesced}, {@code uncoalesced}: the real posts service without a cache against the
 *       slow upstream, with its coalescer, or with coalescing taken out ({@link
 *       CoalescingVariants})
 *   <li>{@code /sequential/users/{id}/summary}: the summary of {@code GET
 *       /v1/users/{user_id}/summary} made one upstream call after another ({@link
 *       SequentialSummarizer}) over the same parts, cache off, against the slow upstream
 * </ul>
 *
 * {@code GET /dispatcher} answers the default dispatcher's configured parallelism, its threads now,
 * the most it had since the last such request, and the most that waited in a blocking variant at
 * once since then.
 */
public final class LessonsServer extends AllDirectives {

  private static final String SYSTEM_NAME = "lessons";
  private static final RequestContext CONTEXT = RequestContext.untraced("lessons");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final JsonPlaceholderClient fast;
  private final ConnectionPerRequest fresh;
  private final JsonPlaceholderClient slow;
  private final BlockingGet slowBlocking;
  private final PostsService coalesced;
  private final PostsService uncoalesced;
  private final Summarizer sequential;
  private final DispatcherThreads threads;
  // Dispatcher threads waiting in a blocking variant now, and the most at once since last asked.
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger mostWaiting = new AtomicInteger();
  private final int parallelism;

  private LessonsServer(ActorSystem system, String fastUrl, String slowUrl) {
    this.fast = client(system, fastUrl);
    this.fresh = new ConnectionPerRequest(system, fastUrl, TIMEOUT);
    this.slow = client(system, slowUrl);
    this.slowBlocking = new BlockingGet(slowUrl, TIMEOUT);
    // Clients of their own, so the two services share no pool with each other or with the rest.
    this.coalesced = CoalescingVariants.coalescing(system, client(system, slowUrl), "coalesced");
    this.uncoalesced =
        CoalescingVariants.notCoalescing(system, client(system, slowUrl), "uncoalesced");
    this.sequential =
        new SequentialSummarizer(
            new UserParts(
                CoalescingVariants.coalescing(system, client(system, slowUrl), "summary-parts")));
    this.threads = new DispatcherThreads(system.name());
    this.parallelism = DispatcherThreads.parallelism(system.settings().config());
  }

  /**
   * Binds the lessons on {@code 127.0.0.1:port} (0 for a free port) in {@code system}, a classic
   * one so that the coalescers can be spawned from outside it.
   */
  public static CompletionStage<ServerBinding> bind(
      ActorSystem system, int port, String fastUrl, String slowUrl) {
    LessonsServer lessons = new LessonsServer(system, fastUrl, slowUrl);
    return Http.get(system).newServerAt("127.0.0.1", port).bind(lessons.route());
  }

  /** The system the lessons run in: the server's configuration, quieter. */
  public static ActorSystem system() {
    Config config =
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load());
    return ActorSystem.create(SYSTEM_NAME, config);
  }

  /** Runs until killed. Environment: LESSONS_PORT, FAST_UPSTREAM and SLOW_UPSTREAM (base URLs). */
  public static void main(String[] args) {
    ActorSystem system = system();
    int port = Integer.parseInt(System.getenv("LESSONS_PORT"));
    var unused =
        bind(system, port, System.getenv("FAST_UPSTREAM"), System.getenv("SLOW_UPSTREAM"))
            .toCompletableFuture()
            .join();
    System.out.println("lessons on 127.0.0.1:" + port);
  }

  private static JsonPlaceholderClient client(ActorSystem system, String baseUrl) {
    // A breaker that opens only after 1,000 failures in a row: a lesson measures its variant, not
    // a breaker reacting to it.
    return JsonPlaceholderClient.create(
        Adapter.toTyped(system),
        new UpstreamSettings(baseUrl, TIMEOUT, 8 * 1024 * 1024, 1000, TIMEOUT),
        baseUrl);
  }

  Route route() {
    return concat(
        variant("pooled", id -> onSuccess(fast.get(path(id), CONTEXT), this::reply)),
        variant("fresh", id -> onSuccess(fresh.get(path(id)), this::reply)),
        variant("nonblocking", id -> onSuccess(slow.get(path(id), CONTEXT), this::reply)),
        // The mistake itself, twice: this dispatcher thread waits until the upstream has answered,
        // on the pooled client's future, or in the socket read of a blocking client.
        variant(
            "blocking-join",
            id -> reply(waiting(() -> slow.get(path(id), CONTEXT).toCompletableFuture().join()))),
        variant("blocking-io", id -> reply(waiting(() -> slowBlocking.get(path(id))))),
        variant("coalesced", id -> onSuccess(post(coalesced, id), this::rendered)),
        variant("uncoalesced", id -> onSuccess(post(uncoalesced, id), this::rendered)),
        get(
            () ->
                path(
                    segment("sequential").slash("users").slash(integerSegment()).slash("summary"),
                    id ->
                        onSuccess(
                            sequential.summarize(id, CONTEXT, CacheMode.NORMAL),
                            found ->
                                found.isPresent()
                                    ? complete(StatusCodes.OK, found.get(), Json.marshaller())
                                    : complete(StatusCodes.NOT_FOUND)))),
        path(
            "dispatcher",
            () ->
                complete(
                    StatusCodes.OK,
                    Map.of(
                        "parallelism", parallelism,
                        "threads", threads.now(),
                        "peak", threads.takePeak(),
                        "waiting", mostWaiting.getAndSet(waiting.get())),
                    Json.marshaller())));
  }

  /** Runs {@code wait} on this thread, counting the threads that wait at once. */
  private <T> T waiting(Supplier<T> wait) {
    mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
    try {
      return wait.get();
    } finally {
      waiting.decrementAndGet();
    }
  }

  private Route variant(String name, IntFunction<Route> inner) {
    return get(() -> path(segment(name).slash("posts").slash(integerSegment()), inner::apply));
  }

  private static String path(int id) {
    return JsonPlaceholderClient.postPath(id);
  }

  private static CompletionStage<Cached<Rendered>> post(PostsService service, int id) {
    return service.post(id, CONTEXT, CacheMode.NORMAL);
  }

  private Route reply(UpstreamReply reply) {
    return complete(
        HttpResponse.create()
            .withStatus(reply.status())
            .withEntity(ContentTypes.APPLICATION_JSON, reply.body()));
  }

  private Route rendered(Cached<Rendered> found) {
    Rendered rendered = found.value();
    return complete(
        HttpResponse.create()
            .withStatus(
                rendered.kind() == Rendered.Kind.FOUND ? StatusCodes.OK : StatusCodes.NOT_FOUND)
            .withEntity(ContentTypes.APPLICATION_JSON, rendered.json()));
  }
}
