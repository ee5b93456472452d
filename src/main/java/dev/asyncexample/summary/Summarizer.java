package dev.asyncexample.summary;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.tracing.RequestContext;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Makes one user's summary out of its upstream parts ({@link UserParts}). Whether the parts are
 * fetched at once or one after another is the implementation's business; the answer is the same.
 */
public interface Summarizer {

  /**
   * The summary, or empty when the upstream has no such user. Fails, as a whole request would, when
   * the user or their posts cannot be fetched; a failed todos or comments fetch only leaves that
   * part out ({@link UserSummary#missing()}).
   */
  CompletionStage<Optional<UserSummary>> summarize(
      int userId, RequestContext context, CacheMode mode);
}
