package dev.asyncexample.testing;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.testkit.javadsl.TestKit;

/** Stopping test ActorSystems cleanly. */
public final class Systems {

  private Systems() {}

  /**
   * Closes the client pools, then the system: terminating with pools open logs "Pool shutdown
   * unexpectedly". The wait is bounded because an overflowed pool never reports closed.
   */
  public static void stop(ActorSystem system) {
    try {
      Http.get(system).shutdownAllConnectionPools().toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (Exception stillClosing) {
      // The system's termination closes whatever is left.
    }
    TestKit.shutdownActorSystem(system);
  }
}
