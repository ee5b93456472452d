package dev.asyncexample.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncexample.http.Problems.InvalidInputException;
import dev.asyncexample.json.Json;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken JSON is described in our words, never in the parser's. */
class NoteBodyTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "NaN | Invalid JSON",
        "{\"note\": Infinity} | Invalid JSON",
        "{\"note\": 'x'} | Invalid JSON",
        "{\"note\": \"x | Unexpected end of input",
        "{\"note\": | Unexpected end of input",
      })
  void brokenJsonIsAJsonInvalidErrorInOurWords(String body, String described) {
    assertDescribed(body, described);
  }

  @Test
  void nestingPastTheParsersLimitIsDescribedToo() {
    assertDescribed("[".repeat(1001), "Too deeply nested, or a value too long");
  }

  private static void assertDescribed(String body, String described) {
    assertThatThrownBy(() -> NoteBody.note(ByteString.fromString(body)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.error().type()).isEqualTo("json_invalid");
              assertThat(e.error().ctx()).containsEntry("error", described);
              assertThat(Json.bytes(e.error()).utf8String())
                  .doesNotContain("Jackson", "JsonReadFeature", "StreamReadConstraints", "enable");
            });
  }
}
