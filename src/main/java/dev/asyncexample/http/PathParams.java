package dev.asyncexample.http;

import java.util.List;
import java.util.function.IntFunction;
import org.apache.pekko.http.javadsl.server.Route;

/** Path parameters validated the way FastAPI would, with the same 422 body. */
public final class PathParams {

  private PathParams() {}

  /**
   * Runs {@code inner} with {@code raw} as a 32-bit integer, or answers 422 naming {@code name}.
   * Zero and negative numbers are valid: they are the upstream's to judge.
   */
  public static Route int32(String name, String raw, IntFunction<Route> inner) {
    return IntegerInput.parse(
        List.of("path", name),
        raw,
        Integer.MIN_VALUE,
        Integer.MAX_VALUE,
        value -> inner.apply(Math.toIntExact(value)));
  }
}
