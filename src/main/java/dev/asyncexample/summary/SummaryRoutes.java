package dev.asyncexample.summary;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.cache.CacheMode;
import dev.asyncexample.http.PathParams;
import dev.asyncexample.http.Problems;
import dev.asyncexample.http.RequestLog;
import dev.asyncexample.http.RouteTemplate;
import dev.asyncexample.json.Json;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/users/{user_id}/summary}: the user, their posts with their comment counts, and
 * their todos counted, made by a {@link Summarizer} from several upstream resources.
 */
public final class SummaryRoutes extends AllDirectives {

  private static final HttpResponse USER_NOT_FOUND =
      Problems.response(StatusCodes.NOT_FOUND, "User not found");

  /**
   * Made of parts of different ages, and maybe without some: clients ask again rather than reuse.
   */
  private static final List<HttpHeader> NO_CACHE =
      List.of(CacheControl.create(CacheDirectives.NO_CACHE));

  private final Summarizer summaries;

  public SummaryRoutes(Summarizer summaries) {
    this.summaries = summaries;
  }

  public Route route() {
    return path(
        segment("v1").slash("users").slash(segment()).slash("summary"),
        rawId ->
            RouteTemplate.named(
                "/v1/users/{user_id}/summary",
                () -> get(() -> PathParams.int32("user_id", rawId, this::summary))));
  }

  private Route summary(int userId) {
    return RequestLog.context(
        context ->
            optionalHeaderValueByName(
                "Cache-Control",
                cacheControl ->
                    onSuccess(
                        summaries.summarize(
                            userId,
                            context,
                            cacheControl.map(CacheMode::fromCacheControl).orElse(CacheMode.NORMAL)),
                        found ->
                            found.isPresent()
                                ? complete(StatusCodes.OK, NO_CACHE, found.get(), Json.marshaller())
                                : complete(USER_NOT_FOUND))));
  }
}
