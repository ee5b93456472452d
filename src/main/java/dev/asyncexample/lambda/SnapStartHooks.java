package dev.asyncexample.lambda;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda SnapStart (CRaC) hooks: before the snapshot the upstream connection pools are closed, so a
 * restored copy opens fresh connections instead of writing into sockets that died with the
 * snapshot.
 */
final class SnapStartHooks implements Resource {

  private static final Logger log = LoggerFactory.getLogger(SnapStartHooks.class);

  // CRaC keeps resources by weak reference: without this one the hooks would be collected.
  private static final List<SnapStartHooks> REGISTERED = new CopyOnWriteArrayList<>();

  private final ActorSystem<?> system;

  private SnapStartHooks(ActorSystem<?> system) {
    this.system = system;
  }

  /** Registers the hooks; on a JVM without CRaC (anything but SnapStart here) they never run. */
  static void register(ActorSystem<?> system) {
    SnapStartHooks hooks = new SnapStartHooks(system);
    Core.getGlobalContext().register(hooks);
    REGISTERED.add(hooks);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    // Pekko's host pools restart by themselves on the next request after this.
    Http.get(system).shutdownAllConnectionPools().toCompletableFuture().get(5, TimeUnit.SECONDS);
    log.info("Before snapshot: upstream connection pools closed");
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    log.info("Restored from snapshot; connection pools reopen on first use");
  }
}
