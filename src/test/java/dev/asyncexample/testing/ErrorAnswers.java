package dev.asyncexample.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncexample.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every answer must carry, and what every error answer must look like: {@code {"detail": ...}}
 * as JSON, in our words, with nothing of our internals in it.
 */
public final class ErrorAnswers {

  /**
   * Text that only internals produce: exception and package names, libraries, stack frames, our
   * configuration keys and the parser's wording of its limits.
   */
  private static final List<String> INTERNAL_WORDS =
      List.of(
          "exception",
          "pekko",
          "akka",
          "jackson",
          "scala",
          "java.",
          "javax.",
          "org.apache",
          "com.fasterxml",
          "dev.asyncexample",
          "async-example.",
          "\tat ",
          "stacktrace",
          "configured limit",
          "streamreadconstraints",
          "jsonreadfeature",
          "max-",
          "parsing.",
          "error-handler");

  /** A stack frame or a fully qualified name: {@code at a.b.C(...)}, {@code a.b.c.D}. */
  private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b[a-z]+(\\.[a-z]+){2,}\\.[A-Z]");

  private ErrorAnswers() {}

  /** What is wrong with {@code response}; empty when it is as every answer must be. */
  public static List<String> violations(RawHttp.Response response) {
    return violations(response, true);
  }

  /**
   * As {@link #violations(RawHttp.Response)}; without {@code withBody} (an answer to HEAD) only its
   * headers are checked.
   */
  public static List<String> violations(RawHttp.Response response, boolean withBody) {
    List<String> wrong = new ArrayList<>();
    if (response.header("X-Request-Id").isEmpty()) {
      wrong.add("no X-Request-Id");
    }
    if (!response.header("X-Content-Type-Options").map("nosniff"::equals).orElse(false)) {
      wrong.add("no X-Content-Type-Options: nosniff");
    }
    if (response.status() < 400) {
      return wrong;
    }
    if (!response.header("Content-Type").map("application/json"::equals).orElse(false)) {
      wrong.add("Content-Type is " + response.header("Content-Type").orElse("missing"));
    }
    if (!withBody) {
      return wrong;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body().toArray());
    } catch (IOException e) {
      wrong.add("body is not JSON");
      return wrong;
    }
    if (body == null
        || !body.isObject()
        || body.size() != 1
        || !(body.path("detail").isTextual() || body.path("detail").isArray())) {
      wrong.add("body is not {\"detail\": ...}");
      return wrong;
    }
    String ours = withoutClientInput(body).toString();
    String lower = ours.toLowerCase(Locale.ROOT);
    for (String word : INTERNAL_WORDS) {
      if (lower.contains(word)) {
        wrong.add("detail mentions internals (" + word.strip() + ")");
      }
    }
    if (QUALIFIED_NAME.matcher(ours).find()) {
      wrong.add("detail holds a qualified class name");
    }
    return wrong;
  }

  /**
   * The body without the {@code input} of validation errors: FastAPI's 422 echoes what the client
   * sent, which may hold any text, and is not ours.
   */
  private static JsonNode withoutClientInput(JsonNode body) {
    JsonNode copy = body.deepCopy();
    for (JsonNode error : copy.path("detail")) {
      if (error instanceof ObjectNode object) {
        object.remove("input");
      }
    }
    return copy;
  }
}
