package dev.asyncexample.bookmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.json.Json;
import dev.asyncexample.testing.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The whole API as in production, on the database a subclass chooses, with helpers for bookmark
 * requests. Each test takes users of its own, so tests never see each other's bookmarks.
 */
abstract class BookmarksContract extends ApiTestSupport {

  private static final AtomicInteger users = new AtomicInteger(1000);

  /** A user no other test touches. */
  protected static int newUser() {
    return users.incrementAndGet();
  }

  protected static HttpRequest put(int user, int post) {
    return HttpRequest.PUT("/v1/users/" + user + "/bookmarks/" + post);
  }

  protected static HttpRequest put(int user, int post, String json) {
    return put(user, post).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
  }

  protected static HttpRequest list(int user, String query) {
    return HttpRequest.GET("/v1/users/" + user + "/bookmarks" + query);
  }

  protected static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
