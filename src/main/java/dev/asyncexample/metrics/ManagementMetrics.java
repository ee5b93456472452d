package dev.asyncexample.metrics;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on Pekko Management's port (application.conf lists it in cluster mode), for
 * scrapers that reach nodes there: the same scrape as the API's, of the application in the same
 * ActorSystem.
 */
public final class ManagementMetrics implements ManagementRouteProvider {

  private final Held held;

  /** Pekko Management creates it with the node's system. */
  public ManagementMetrics(ExtendedActorSystem system) {
    this.held = ID.get(system);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return Directives.path(
        "metrics",
        () ->
            Directives.get(
                () -> {
                  AppMetrics metrics = held.metrics.get();
                  return metrics == null ? Directives.reject() : metrics.scrapeRoute();
                }));
  }

  /** Makes {@code metrics} the ones management serves for {@code system}. */
  static void register(ActorSystem<?> system, AppMetrics metrics) {
    ID.get(Adapter.toClassic(system)).metrics.set(metrics);
  }

  private static final Id ID = new Id();

  /** The application's metrics, one per ActorSystem. */
  static final class Held implements Extension {
    private final AtomicReference<AppMetrics> metrics = new AtomicReference<>();
  }

  private static final class Id extends AbstractExtensionId<Held> {
    @Override
    public Held createExtension(ExtendedActorSystem system) {
      return new Held();
    }
  }
}
