package dev.asyncexample.http;

import java.math.BigInteger;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.pekko.http.javadsl.server.Route;

/** Path parameters validated the way FastAPI would, with the same 422 body. */
public final class PathParams {

  private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);

  private PathParams() {}

  /**
   * Runs {@code inner} with {@code raw} as a 32-bit integer, or answers 422 naming {@code name}.
   * Zero and negative numbers are valid: they are the upstream's to judge.
   */
  public static Route int32(String name, String raw, IntFunction<Route> inner) {
    List<String> loc = List.of("path", name);
    BigInteger value;
    try {
      value = new BigInteger(raw);
    } catch (NumberFormatException e) {
      return Problems.validation(
          new Problems.FieldError(
              "int_parsing",
              loc,
              "Input should be a valid integer, unable to parse string as an integer",
              raw));
    }
    if (value.compareTo(MAX) > 0) {
      return Problems.validation(
          new Problems.FieldError(
              "less_than_equal",
              loc,
              "Input should be less than or equal to " + Integer.MAX_VALUE,
              raw));
    }
    if (value.compareTo(MIN) < 0) {
      return Problems.validation(
          new Problems.FieldError(
              "greater_than_equal",
              loc,
              "Input should be greater than or equal to " + Integer.MIN_VALUE,
              raw));
    }
    return inner.apply(value.intValueExact());
  }
}
