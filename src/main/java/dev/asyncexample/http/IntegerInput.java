package dev.asyncexample.http;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;

/** An integer read from the request within bounds, or pydantic's 422 for it. */
final class IntegerInput {

  private IntegerInput() {}

  /**
   * Runs {@code inner} with {@code raw} parsed, or answers 422 with pydantic's error type and
   * message for {@code loc}.
   */
  static Route parse(
      List<Object> loc, String raw, long min, long max, Function<Long, Route> inner) {
    BigInteger value;
    try {
      value = new BigInteger(raw.strip());
    } catch (NumberFormatException e) {
      return Problems.validation(
          new Problems.FieldError(
              "int_parsing",
              loc,
              "Input should be a valid integer, unable to parse string as an integer",
              raw));
    }
    if (value.compareTo(BigInteger.valueOf(max)) > 0) {
      return Problems.validation(
          new Problems.FieldError(
              "less_than_equal", loc, "Input should be less than or equal to " + max, raw));
    }
    if (value.compareTo(BigInteger.valueOf(min)) < 0) {
      return Problems.validation(
          new Problems.FieldError(
              "greater_than_equal", loc, "Input should be greater than or equal to " + min, raw));
    }
    return inner.apply(value.longValueExact());
  }
}
