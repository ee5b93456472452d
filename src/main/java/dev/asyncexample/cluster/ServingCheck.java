package dev.asyncexample.cluster;

import dev.asyncexample.http.Readiness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * Pekko Management's {@code /ready} check (application.conf lists it): true only while the
 * application's own {@code /ready} would say so. Orchestrators probe management, so without it a
 * draining node, whose membership is still {@code Up}, would keep getting traffic.
 */
public final class ServingCheck implements Supplier<CompletionStage<Boolean>> {

  private final Served served;

  /** Pekko Management creates it with the node's system. */
  public ServingCheck(ActorSystem system) {
    this.served = ID.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    Readiness readiness = served.readiness.get();
    return CompletableFuture.completedFuture(
        readiness != null && readiness.state() == Readiness.State.READY);
  }

  /** Makes {@code readiness} the one the check reports for {@code system}. */
  static void register(ActorSystem system, Readiness readiness) {
    ID.get(system).readiness.set(readiness);
  }

  private static final Id ID = new Id();

  /** The application's readiness, one per ActorSystem. */
  static final class Served implements Extension {
    private final AtomicReference<Readiness> readiness = new AtomicReference<>();
  }

  private static final class Id extends AbstractExtensionId<Served> {
    @Override
    public Served createExtension(ExtendedActorSystem system) {
      return new Served();
    }
  }
}
