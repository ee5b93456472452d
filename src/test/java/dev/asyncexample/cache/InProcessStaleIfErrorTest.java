package dev.asyncexample.cache;

/** Stale-if-error on the in-process cache. */
class InProcessStaleIfErrorTest extends StaleIfErrorContract {

  @Override
  protected String redisUrl() {
    return "";
  }
}
