package dev.asyncexample.fuzz;

import dev.asyncexample.testing.ErrorAnswers;
import dev.asyncexample.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the server may answer to a generated case, whatever its bytes. */
final class AnswerChecks {

  /**
   * The only 5xx the API documents: the upstream failing or slow, or a dependency down (502, 503,
   * 504), and HTTP's own answers to a method or a protocol version the server does not implement
   * (501, 505).
   */
  private static final Set<Integer> DOCUMENTED_5XX = Set.of(501, 502, 503, 504, 505);

  private AnswerChecks() {}

  /** What is wrong with {@code exchange} as the answer to {@code sent}; empty when nothing. */
  static List<String> violations(FuzzCase sent, RawHttp.Exchange exchange) {
    List<String> wrong = new ArrayList<>();
    List<RawHttp.Response> responses = exchange.responses();
    if (!exchange.closed() && responses.size() < sent.methods().size()) {
      wrong.add("the server stopped answering but kept the connection open");
    }
    if (!exchange.trouble().isEmpty()) {
      wrong.add("bytes that are no HTTP response: " + exchange.trouble());
    }
    if (responses.size() > sent.methods().size()) {
      wrong.add(
          responses.size()
              + " answers to "
              + sent.methods().size()
              + " request(s): the server read a request from inside another");
    }
    if (sent.mustAnswer() && responses.isEmpty() && !exchange.reset()) {
      wrong.add("no answer to a complete request");
    }
    for (int i = 0; i < responses.size(); i++) {
      RawHttp.Response response = responses.get(i);
      boolean head = i < sent.methods().size() && sent.methods().get(i).equals("HEAD");
      if (response
          .header("X-Request-Id")
          .map(id -> id.startsWith(RequestGenerator.SMUGGLED_ID))
          .orElse(false)) {
        wrong.add("answered the request hidden in the body (smuggled)");
      }
      if (response.status() >= 500 && !DOCUMENTED_5XX.contains(response.status())) {
        wrong.add("status " + response.status());
      }
      for (String violation : ErrorAnswers.violations(response, !head)) {
        wrong.add(response.status() + ": " + violation);
      }
    }
    return wrong;
  }
}
