package dev.asyncexample.lambda;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.asyncexample.AppSettings;
import dev.asyncexample.AsyncExampleApp;
import dev.asyncexample.http.Problems;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application inside one Lambda container: one ActorSystem, its pools and the sealed route,
 * called as a function (no socket). Built once, then shared by every invocation.
 */
public final class LambdaApp {

  /** Lambda answers synchronous invocations with at most 6 MB; a larger body cannot be sent. */
  static final long MAX_BODY_BYTES = 6L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(LambdaApp.class);
  private static final Duration START_BUDGET = Duration.ofSeconds(60);

  private final ActorSystem<Void> system;
  private final Function<HttpRequest, CompletionStage<HttpResponse>> handler;

  private LambdaApp(ActorSystem<Void> system, Route route) {
    this.system = system;
    this.handler = route.seal().handler(system);
  }

  /** The application configured from conf/application.conf and the environment. */
  public static LambdaApp start() {
    return start(ConfigFactory.load());
  }

  /**
   * Starts the application with {@code config} and waits until it can serve. Blocks the calling
   * thread: Lambda's init or invocation thread, never a dispatcher.
   */
  public static LambdaApp start(Config config) {
    // Lambda freezes or kills the process itself; no shutdown of ours may exit the JVM. A function
    // instance lives for minutes and cannot be reached by others: it never joins a cluster.
    Config lambdaConfig =
        ConfigFactory.parseString(
                "pekko.coordinated-shutdown.exit-jvm = off\n"
                    + "async-example.cluster.enabled = off")
            .withFallback(config);
    AppSettings settings = AppSettings.from(lambdaConfig);
    AsyncExampleApp.Upstream upstream = AsyncExampleApp.resolveUpstream(settings, lambdaConfig);
    CompletableFuture<Route> route = new CompletableFuture<>();
    ActorSystem<Void> system =
        ActorSystem.create(
            LambdaGuardian.create(settings, upstream.baseUrl(), route),
            "async-example",
            lambdaConfig);
    upstream.stopWith(system);
    try {
      LambdaApp app = new LambdaApp(system, route.get(START_BUDGET.toSeconds(), TimeUnit.SECONDS));
      SnapStartHooks.register(system);
      return app;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException("the application did not start", e);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * Runs {@code request} through the route and reads the whole body, within {@code budget}.
   * Blocking is deliberate: this runs on Lambda's invocation thread, which has nothing else to do
   * until it returns the answer; the route itself runs on the dispatchers, as on a server.
   */
  Answer handle(HttpRequest request, Duration budget) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    try {
      HttpResponse response =
          handler
              .apply(request)
              .toCompletableFuture()
              .get(budget.toMillis(), TimeUnit.MILLISECONDS);
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      HttpEntity.Strict body =
          response
              .entity()
              .toStrict(left, MAX_BODY_BYTES, system)
              .toCompletableFuture()
              .get(left, TimeUnit.MILLISECONDS);
      return new Answer(response, body);
    } catch (InterruptedException e) {
      throw e;
    } catch (TimeoutException e) {
      return Answer.of(Problems.requestTimeout());
    } catch (ExecutionException e) {
      // The route turns its own failures into responses; this is the body outgrowing Lambda's
      // limit.
      log.error(
          "{} {}: no answer: {}",
          request.method().value(),
          request.getUri().path(),
          e.getCause().toString());
      return Answer.of(
          Problems.response(
              StatusCodes.INTERNAL_SERVER_ERROR, "The response could not be read in full"));
    } catch (Exception e) {
      // Only the handler function declares a checked exception; a sealed route does not throw.
      throw new IllegalStateException(e);
    }
  }

  /** A response and its whole body. */
  record Answer(HttpResponse response, HttpEntity.Strict body) {
    static Answer of(HttpResponse strictResponse) {
      return new Answer(strictResponse, (HttpEntity.Strict) strictResponse.entity());
    }
  }
}
