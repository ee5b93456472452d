package dev.asyncexample.testing;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import scala.concurrent.Future;

/**
 * JUnit 5 base for route tests. pekko-http-testkit 1.x ships only JUnit 4 bases; this adapter gives
 * its {@code testRoute(...)} assertions an ActorSystem per test class and reports through Jupiter.
 * Replace it with the testkit's own {@code JUnitJupiterRouteTest} once a release ships one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RouteTestSupport extends RouteTest {

  private ActorSystem system;
  private Materializer materializer;

  @BeforeAll
  void startActorSystem() {
    system = ActorSystem.create(getClass().getSimpleName(), config());
    materializer = Materializer.matFromSystem(system);
  }

  /** The configuration of this class's ActorSystem; override to tune the pool, say. */
  protected Config config() {
    return TestConfig.base();
  }

  @AfterAll
  void stopActorSystem() {
    Systems.stop(system);
  }

  @Override
  public ActorSystem system() {
    return system;
  }

  @Override
  public Materializer materializer() {
    return materializer;
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(
      HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean predicate, String message) {
        Assertions.assertTrue(predicate, message);
      }
    };
  }
}
