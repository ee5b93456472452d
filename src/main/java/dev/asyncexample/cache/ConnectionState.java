package dev.asyncexample.cache;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Redis cache is reachable, logged on changes only: one WARN when it goes down, one
 * INFO when it is back, and nothing for the requests in between.
 */
final class ConnectionState {

  private static final Logger log = LoggerFactory.getLogger(ConnectionState.class);

  private enum Phase {
    CONNECTING,
    UP,
    DOWN
  }

  private record Snapshot(Phase phase, String detail) {}

  private final String target;
  private final AtomicReference<Snapshot> current =
      new AtomicReference<>(new Snapshot(Phase.CONNECTING, "connecting"));

  /**
   * @param target where Redis is, as it may be logged (no password)
   */
  ConnectionState(String target) {
    this.target = target;
  }

  void up() {
    Snapshot before = current.getAndSet(new Snapshot(Phase.UP, null));
    if (before.phase() == Phase.DOWN) {
      log.info("Redis cache at {} is back; answers are cached again", target);
    } else if (before.phase() == Phase.CONNECTING) {
      log.info("Redis cache at {} connected", target);
    }
  }

  void down(String detail) {
    Snapshot before = current.getAndSet(new Snapshot(Phase.DOWN, detail));
    if (before.phase() != Phase.DOWN) {
      log.warn(
          "Redis cache at {} is unavailable ({}); requests go to the upstream until it is back",
          target,
          detail);
    }
  }

  boolean isUp() {
    return current.get().phase() == Phase.UP;
  }

  /** Why it is not up, for {@code /ready}. */
  String detail() {
    String detail = current.get().detail();
    return detail == null ? "up" : detail;
  }
}
