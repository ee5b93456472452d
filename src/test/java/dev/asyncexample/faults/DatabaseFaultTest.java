package dev.asyncexample.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.embedded.ControllableUpstream;
import dev.asyncexample.faults.SteadyLoad.Outcome;
import dev.asyncexample.faults.SteadyLoad.Request;
import dev.asyncexample.testing.RequiresService;
import dev.asyncexample.testing.Service;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TcpProxy;
import dev.asyncexample.testing.TestConfig;
import dev.asyncexample.testing.TestSchemas;
import dev.asyncexample.testing.TestUpstreams;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;

/**
 * bench/faults' PostgreSQL row at a small scale: the database goes away (a proxy in front of it is
 * cut) under a load of bookmarks and posts. Bookmarks answer 503 quickly meanwhile, posts go on,
 * nothing is a 500 or hangs, and bookmarks work again within 5 s of the database's return.
 * (bookmarks/DatabaseOutageTest checks the same per request, with the routes.)
 */
@RequiresService(Service.POSTGRESQL)
class DatabaseFaultTest {

  private static final Duration FAULT = Duration.ofSeconds(1);
  private static final Duration DATABASE_TIMEOUT = Duration.ofMillis(500);
  private static final Duration RECOVERY_TARGET = Duration.ofSeconds(5);

  @Test
  void bookmarksAre503WhileTheDatabaseIsAwayAndHealAtOnce() throws Exception {
    String schema = TestSchemas.newName();
    ActorSystem proxySystem = ActorSystem.create("db-proxy", TestConfig.base());
    FaultVerdict verdict;
    FaultVerdict postsOnly;
    try (ControllableUpstream upstream = TestUpstreams.start();
        TcpProxy proxy = TcpProxy.to(proxySystem, Service.POSTGRESQL);
        BoundApp app =
            BoundApp.start(
                "async-example.upstream.base-url = \""
                    + upstream.baseUrl()
                    + "\"\nasync-example.database.url = \"postgresql://postgres@127.0.0.1:"
                    + proxy.port()
                    + "/test\"\nasync-example.database.schema = "
                    + schema
                    + "\nasync-example.database.connect-timeout = "
                    + DATABASE_TIMEOUT.toMillis()
                    + "ms\nasync-example.database.acquire-timeout = "
                    + DATABASE_TIMEOUT.toMillis()
                    + "ms");
        SteadyLoad load =
            new SteadyLoad(
                    "127.0.0.1",
                    app.port(),
                    3,
                    Duration.ofMillis(20),
                    Duration.ofSeconds(10),
                    DatabaseFaultTest::request,
                    () -> true)
                .start()) {
      FaultRun run = new FaultRun(load, DatabaseFaultTest::healthy);
      verdict = run.measure(proxy::cut, FAULT, proxy::restore, RECOVERY_TARGET);
      postsOnly =
          FaultVerdict.of(
              load.outcomes().stream()
                  .filter(o -> o.request().target().startsWith("/v1/posts/"))
                  .toList(),
              run.faultEnd() - FAULT.toNanos(),
              run.faultEnd(),
              DatabaseFaultTest::healthy);
    } finally {
      Systems.stop(proxySystem);
      TestSchemas.drop(schema);
    }

    assertThat(verdict.seen()).as("%s", verdict).containsKey("503");
    assertThat(verdict.serverErrors()).as("500s: %s", verdict).isZero();
    assertThat(verdict.unanswered()).as("unanswered: %s", verdict).isZero();
    assertThat(verdict.maxLatency())
        .as("nothing waits past the database timeouts: %s", verdict)
        .isLessThan(DATABASE_TIMEOUT.multipliedBy(2).plus(UpstreamFaultsTest.SLACK));
    assertThat(verdict.recovery())
        .as("recovery: %s", verdict)
        .hasValueSatisfying(r -> assertThat(r).isLessThanOrEqualTo(RECOVERY_TARGET));
    assertThat(postsOnly.seen().keySet()).as("posts: %s", postsOnly).containsOnly("200");
  }

  /** Bookmarks saved and listed, and posts between them. */
  private static Request request(long n) {
    long user = n % 7 + 1;
    return switch ((int) (n % 3)) {
      case 0 -> new Request("PUT", "/v1/users/" + user + "/bookmarks/" + (n % 50 + 1), "");
      case 1 -> Request.get("/v1/users/" + user + "/bookmarks");
      default -> Request.get("/v1/posts/" + (n % 100 + 1));
    };
  }

  private static boolean healthy(Outcome outcome) {
    return (outcome.status() == 200 || outcome.status() == 201)
        && outcome.ending() == RawHttp.Ending.ANSWERED
        && outcome.latency().compareTo(UpstreamFaultsTest.HEALTHY_LATENCY) <= 0;
  }
}
