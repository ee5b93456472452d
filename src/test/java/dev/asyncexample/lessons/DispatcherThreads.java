package dev.asyncexample.lessons;

import com.typesafe.config.Config;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the threads of an ActorSystem's default dispatcher, and the most seen since the last
 * {@link #takePeak()}: a blocked dispatcher may start spare threads, and the formula of a blocked
 * server (threads / latency) needs the number that really ran.
 */
final class DispatcherThreads implements AutoCloseable {

  private final String prefix;
  private final AtomicInteger peak = new AtomicInteger();
  // A plain thread, not a dispatcher's: it must keep counting while the dispatcher is blocked.
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "dispatcher-threads-sampler");
            thread.setDaemon(true);
            return thread;
          });

  /** Watches the default dispatcher of the ActorSystem named {@code systemName}. */
  DispatcherThreads(String systemName) {
    this.prefix = systemName + "-pekko.actor.default-dispatcher-";
    var unused =
        sampler.scheduleAtFixedRate(
            () -> peak.accumulateAndGet(now(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
  }

  /** The dispatcher's threads alive now. */
  int now() {
    // From the root group: pool threads need not share the group of the thread that asks.
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() * 2 + 16];
    int count = root.enumerate(threads, true);
    int matching = 0;
    for (int i = 0; i < count; i++) {
      if (threads[i].getName().startsWith(prefix)) {
        matching++;
      }
    }
    return matching;
  }

  /** The most threads seen since the last call; the count starts again from those alive now. */
  int takePeak() {
    return peak.getAndSet(now());
  }

  /** What the configuration asks of the default dispatcher (Pekko's fork-join sizing). */
  static int parallelism(Config config) {
    Config pool = config.getConfig("pekko.actor.default-dispatcher.fork-join-executor");
    int byCores =
        (int)
            Math.ceil(
                Runtime.getRuntime().availableProcessors() * pool.getDouble("parallelism-factor"));
    return Math.min(
        pool.getInt("parallelism-max"), Math.max(pool.getInt("parallelism-min"), byCores));
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
