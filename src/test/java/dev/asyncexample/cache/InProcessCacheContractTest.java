package dev.asyncexample.cache;

/** The cache contract on the embedded default, the in-process cache. */
class InProcessCacheContractTest extends CacheContractTest {

  @Override
  protected String redisUrl() {
    return "";
  }

  @Override
  protected String backendName() {
    return "in-process";
  }
}
