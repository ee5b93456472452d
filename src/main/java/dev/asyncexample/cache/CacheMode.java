package dev.asyncexample.cache;

import java.util.Arrays;
import java.util.Locale;

/** How one request uses the cache. */
public enum CacheMode {
  /** Serve a fresh cached answer if there is one; otherwise fetch it and keep it. */
  NORMAL,
  /** Do not read the cache, fetch from the upstream, and keep the fresh answer. */
  REFRESH;

  /**
   * The mode a request's {@code Cache-Control} asks for: {@code no-cache} among its directives
   * means {@link #REFRESH}.
   */
  public static CacheMode fromCacheControl(String headerValue) {
    boolean noCache =
        Arrays.stream(headerValue.split(",", -1))
            .anyMatch(directive -> directive.strip().toLowerCase(Locale.ROOT).equals("no-cache"));
    return noCache ? REFRESH : NORMAL;
  }
}
