package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request Cache-Control values skip the cache read. */
class CacheModeTest {

  @ParameterizedTest
  @ValueSource(strings = {"no-cache", "No-Cache", " no-cache ", "max-age=0, no-cache", "no-cache,"})
  void noCacheAmongTheDirectivesRefreshes(String header) {
    assertThat(CacheMode.fromCacheControl(header)).isEqualTo(CacheMode.REFRESH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "max-age=0", "no-store", "no-cache-please", "private"})
  void anythingElseReadsTheCache(String header) {
    assertThat(CacheMode.fromCacheControl(header)).isEqualTo(CacheMode.NORMAL);
  }
}
