package dev.asyncexample.testing;

import dev.asyncexample.embedded.ControllableUpstream;
import java.time.Duration;

/** Embedded upstreams for tests: loopback, a free port, the standard 100 posts. */
public final class TestUpstreams {

  private TestUpstreams() {}

  /** Starts one and waits until it listens (test threads may block). */
  public static ControllableUpstream start() {
    return ControllableUpstream.start("127.0.0.1", 0, 100, TestConfig.base())
        .toCompletableFuture()
        .join();
  }

  /** As {@link #start()}, each healthy answer sent {@code latency} after its request arrived. */
  public static ControllableUpstream start(Duration latency) {
    return ControllableUpstream.start("127.0.0.1", 0, 100, latency, TestConfig.base())
        .toCompletableFuture()
        .join();
  }
}
