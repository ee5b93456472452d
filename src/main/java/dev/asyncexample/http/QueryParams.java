package dev.asyncexample.http;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/** Query parameters validated the way FastAPI would, with the same 422 body. */
public final class QueryParams {

  private QueryParams() {}

  /**
   * Runs {@code inner} with the integer query parameter {@code name}, {@code fallback} when it is
   * absent, or answers 422 when it is not an integer in {@code [min, max]}.
   */
  public static Route integer(
      String name, long fallback, long min, long max, LongFunction<Route> inner) {
    return Directives.parameterOptional(
        name,
        (Optional<String> raw) ->
            raw.isEmpty()
                ? inner.apply(fallback)
                : IntegerInput.parse(
                    List.of("query", name), raw.get(), min, max, value -> inner.apply(value)));
  }
}
