package dev.asyncexample.testing;

import dev.asyncexample.embedded.ControllableUpstream;

/** Embedded upstreams for tests: loopback, a free port, the standard 100 posts. */
public final class TestUpstreams {

  private TestUpstreams() {}

  /** Starts one and waits until it listens (test threads may block). */
  public static ControllableUpstream start() {
    return ControllableUpstream.start("127.0.0.1", 0, 100, TestConfig.base())
        .toCompletableFuture()
        .join();
  }
}
