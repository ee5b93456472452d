package dev.asyncexample.bookmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.embedded.Failure;
import dev.asyncexample.http.JsonStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaRanges;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** What every bookmark backend must do; subclasses pick the database. */
abstract class BookmarksTests extends BookmarksContract {

  @Test
  void putCreatesOnceThenUpdatesOnlyAChangedNote() {
    int user = newUser();
    JsonNode created =
        json(
            app()
                .run(put(user, 7, "{\"note\":\"read later\"}"))
                .assertStatusCode(StatusCodes.CREATED));
    assertThat(created.get("userId").asInt()).isEqualTo(user);
    assertThat(created.get("postId").asInt()).isEqualTo(7);
    assertThat(created.get("note").asText()).isEqualTo("read later");
    assertThat(created.get("post").get("id").asInt()).isEqualTo(7);

    JsonNode same =
        json(app().run(put(user, 7, "{\"note\":\"read later\"}")).assertStatusCode(StatusCodes.OK));
    assertThat(same.get("id")).isEqualTo(created.get("id"));
    assertThat(same.get("updatedAt")).isEqualTo(created.get("updatedAt"));

    JsonNode changed =
        json(app().run(put(user, 7, "{\"note\":\"done\"}")).assertStatusCode(StatusCodes.OK));
    assertThat(changed.get("id")).isEqualTo(created.get("id"));
    assertThat(changed.get("note").asText()).isEqualTo("done");
    assertThat(changed.get("createdAt")).isEqualTo(created.get("createdAt"));
    assertThat(changed.get("updatedAt").asText()).isGreaterThan(created.get("updatedAt").asText());

    assertThat(json(app().run(list(user, ""))).findValuesAsText("note")).containsExactly("done");
  }

  @Test
  void putWithoutABodyStoresNoNote() {
    JsonNode created = json(app().run(put(newUser(), 8)).assertStatusCode(StatusCodes.CREATED));
    assertThat(created.get("note").isNull()).isTrue();
  }

  @Test
  void postMustExistUpstream() {
    int user = newUser();
    app()
        .run(put(user, 100_000))
        .assertStatusCode(StatusCodes.NOT_FOUND)
        .assertEntity("{\"detail\":\"Post not found\"}");
    app().run(list(user, "")).assertStatusCode(StatusCodes.OK).assertEntity("[]");
  }

  @Test
  void noteIsValidatedLikePydantic() {
    int user = newUser();
    String tooLong = "x".repeat(1001);
    assertThat(error(app().run(put(user, 1, "{\"note\":\"" + tooLong + "\"}"))))
        .isEqualTo("string_too_long [body, note]");
    assertThat(error(app().run(put(user, 1, "{\"note\":42}"))))
        .isEqualTo("string_type [body, note]");
    assertThat(error(app().run(put(user, 1, "[\"note\"]"))))
        .isEqualTo("model_attributes_type [body]");
    assertThat(error(app().run(put(user, 1, "{\"note\":")))).isEqualTo("json_invalid [body, 8]");
    app().run(list(user, "")).assertEntity("[]");

    // A thousand characters are allowed, counted as Python counts them (one per emoji).
    String emoji = "\uD83D\uDE80".repeat(1000);
    JsonNode saved =
        json(
            app()
                .run(put(user, 1, "{\"note\":\"" + emoji + "\"}"))
                .assertStatusCode(StatusCodes.CREATED));
    assertThat(saved.get("note").asText()).isEqualTo(emoji);
  }

  @Test
  void aBodyOverTheLimitIsA413InOurWords() {
    String note = "x".repeat(20_000);

    app()
        .run(put(newUser(), 1, "{\"note\":\"" + note + "\"}"))
        .assertStatusCode(StatusCodes.CONTENT_TOO_LARGE)
        .assertEntity("{\"detail\":\"Request body is too large\"}");
  }

  @Test
  void concurrentPutsOfOneBookmarkCreateOneRow() throws Exception {
    int user = newUser();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String body = "{\"note\":\"caller " + i + "\"}";
        statuses.add(
            CompletableFuture.supplyAsync(
                () -> app().run(put(user, 5, body)).response().status().intValue(), callers));
      }
      List<Integer> codes = new ArrayList<>();
      for (CompletableFuture<Integer> status : statuses) {
        codes.add(status.get());
      }
      assertThat(codes).containsOnly(201, 200).filteredOn(code -> code == 201).hasSize(1);
    } finally {
      callers.shutdownNow();
    }
    assertThat(json(app().run(list(user, ""))).size()).isEqualTo(1);
  }

  @Test
  void deleteRemovesOnce() {
    int user = newUser();
    app().run(put(user, 4)).assertStatusCode(StatusCodes.CREATED);
    app()
        .run(HttpRequest.DELETE("/v1/users/" + user + "/bookmarks/4"))
        .assertStatusCode(StatusCodes.NO_CONTENT);
    app()
        .run(HttpRequest.DELETE("/v1/users/" + user + "/bookmarks/4"))
        .assertStatusCode(StatusCodes.NOT_FOUND)
        .assertEntity("{\"detail\":\"Bookmark not found\"}");
    app().run(list(user, "")).assertEntity("[]");
  }

  @Test
  void listIsInCreationOrderAndPagesByKeyset() {
    int user = newUser();
    int[] posts = {7, 2, 9, 4, 1};
    for (int post : posts) {
      app().run(put(user, post)).assertStatusCode(StatusCodes.CREATED);
    }
    List<Integer> seen = new ArrayList<>();
    String query = "?limit=2";
    for (int page = 0; page < 3; page++) {
      JsonNode items = json(app().run(list(user, query)).assertStatusCode(StatusCodes.OK));
      assertThat(items.size()).isBetween(1, 2);
      items.forEach(item -> seen.add(item.get("postId").asInt()));
      query = "?limit=2&after=" + items.get(items.size() - 1).get("id").asLong();
    }
    assertThat(seen).containsExactly(7, 2, 9, 4, 1);
    app().run(list(user, query)).assertStatusCode(StatusCodes.OK).assertEntity("[]");
    assertThat(json(app().run(list(user, "?limit=500"))).size()).isEqualTo(5);
    assertThat(json(app().run(list(user, "?limit=1"))).size()).isEqualTo(1);
  }

  @Test
  void badPageParametersAre422() {
    int user = newUser();
    assertThat(error(app().run(list(user, "?limit=0"))))
        .isEqualTo("greater_than_equal [query, limit]");
    assertThat(error(app().run(list(user, "?limit=501"))))
        .isEqualTo("less_than_equal [query, limit]");
    assertThat(error(app().run(list(user, "?limit=ten")))).isEqualTo("int_parsing [query, limit]");
    assertThat(error(app().run(list(user, "?after=-1"))))
        .isEqualTo("greater_than_equal [query, after]");
  }

  @Test
  void userWithoutBookmarksGetsAnEmptyList() {
    app()
        .run(list(newUser(), ""))
        .assertStatusCode(StatusCodes.OK)
        .assertMediaType("application/json")
        .assertEntity("[]");
  }

  @Test
  void ndjsonWhenAskedFor() {
    int user = newUser();
    IntStream.of(3, 6, 9)
        .forEach(post -> app().run(put(user, post)).assertStatusCode(StatusCodes.CREATED));
    HttpRequest request =
        list(user, "").addHeader(Accept.create(MediaRanges.create(JsonStreams.NDJSON)));
    TestRouteResult result =
        app().run(request).assertStatusCode(StatusCodes.OK).assertMediaType("application/x-ndjson");
    String[] lines = result.entityString().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(List.of(lines).stream().map(line -> json(line).get("postId").asInt()))
        .containsExactly(3, 6, 9);
    assertThat(result.entityString()).endsWith("}\n");

    app()
        .run(list(newUser(), "").addHeader(Accept.create(MediaRanges.create(JsonStreams.NDJSON))))
        .assertStatusCode(StatusCodes.OK)
        .assertMediaType("application/x-ndjson")
        .assertEntity("");
  }

  @Test
  void vanishedPostIsListedWithNullPost() throws Exception {
    int user = newUser();
    app().run(put(user, 2)).assertStatusCode(StatusCodes.CREATED);
    // The upstream has no post 99999: as if it had been deleted after being bookmarked.
    bookmarks.save(user, 99_999, "gone").toCompletableFuture().get();
    app().run(put(user, 3)).assertStatusCode(StatusCodes.CREATED);

    JsonNode items = json(app().run(list(user, "")).assertStatusCode(StatusCodes.OK));
    assertThat(items.findValuesAsText("postId")).containsExactly("2", "99999", "3");
    assertThat(items.get(1).get("post").isNull()).isTrue();
    assertThat(items.get(0).get("post").get("id").asInt()).isEqualTo(2);
  }

  @Test
  void upstreamFailureWhileListingLeavesThePostsOutAndSaysWhy() {
    int user = newUser();
    app().run(put(user, 1)).assertStatusCode(StatusCodes.CREATED);
    upstream.fail(Failure.SERVER_ERROR);

    JsonNode items = json(app().run(list(user, "")).assertStatusCode(StatusCodes.OK));

    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("postId").asInt()).isEqualTo(1);
    assertThat(items.get(0).get("post").isNull()).isTrue();
    assertThat(items.get(0).get("postError").asText()).isEqualTo("Upstream answered 500");
    // Saving still needs the post, so it fails whole.
    app().run(put(user, 2)).assertStatusCode(StatusCodes.BAD_GATEWAY);
  }

  @Test
  void aLookupFailingMidListDoesNotCutTheListShort() {
    int user = newUser();
    IntStream.rangeClosed(1, 8)
        .forEach(post -> app().run(put(user, post)).assertStatusCode(StatusCodes.CREATED));
    upstream.flapEveryOtherAnswer(Failure.SERVER_ERROR);

    JsonNode items = json(app().run(list(user, "")).assertStatusCode(StatusCodes.OK));

    assertThat(items.findValuesAsText("postId"))
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    List<JsonNode> found = new ArrayList<>();
    List<JsonNode> missing = new ArrayList<>();
    items.forEach(item -> (item.get("post").isNull() ? missing : found).add(item));
    assertThat(found).isNotEmpty().allSatisfy(item -> assertThat(item.has("postError")).isFalse());
    assertThat(missing)
        .isNotEmpty()
        .allSatisfy(
            item -> assertThat(item.get("postError").asText()).isEqualTo("Upstream answered 500"));
  }

  @Test
  void aSlowUpstreamCostsTheListOneBudgetNotOnePerWaveOfLookups() {
    int user = newUser();
    // Three times as many bookmarks as the list looks up at once (4 in these tests): without one
    // budget for the whole list, each wave of lookups would wait out the upstream timeout in turn.
    IntStream.rangeClosed(1, 12)
        .forEach(post -> app().run(put(user, post)).assertStatusCode(StatusCodes.CREATED));
    upstream.delay(upstreamTimeout().multipliedBy(4));

    long start = System.nanoTime();
    JsonNode items = json(app().run(list(user, "")).assertStatusCode(StatusCodes.OK));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(items).hasSize(12);
    assertThat(items)
        .allSatisfy(
            item -> {
              assertThat(item.get("post").isNull()).isTrue();
              assertThat(item.get("postError").asText())
                  .isEqualTo("Upstream did not answer in time");
            });
    // One budget plus room for a loaded machine, well short of the three budgets of three waves.
    assertThat(took).isLessThan(upstreamTimeout().multipliedBy(2));
  }

  @Test
  void wrongMethodIs405WithAllow() {
    app()
        .run(HttpRequest.GET("/v1/users/1/bookmarks/3"))
        .assertStatusCode(StatusCodes.METHOD_NOT_ALLOWED)
        .assertHeaderExists("Allow", "PUT, DELETE");
  }

  /** The first validation error as "type [loc...]". */
  private static String error(TestRouteResult result) {
    result.assertStatusCode(StatusCodes.UNPROCESSABLE_CONTENT);
    JsonNode first = json(result).get("detail").get(0);
    List<String> loc = new ArrayList<>();
    first.get("loc").forEach(part -> loc.add(part.asText()));
    return first.get("type").asText() + " " + loc;
  }
}
