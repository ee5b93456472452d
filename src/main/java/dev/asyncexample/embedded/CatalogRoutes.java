package dev.asyncexample.embedded;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.asyncexample.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.Patterns;

/**
 * JSONPlaceholder's {@code /posts}, {@code /users/{id}}, {@code /comments} and {@code /todos}
 * endpoints over a {@link PostCatalog} (and the users, todos and comments that go with it), every
 * answer sent after a fixed latency.
 */
final class CatalogRoutes extends AllDirectives {

  private final PostCatalog catalog;
  private final UserCatalog users = new UserCatalog();
  private final CommentCatalog comments;
  private final Duration latency;

  CatalogRoutes(PostCatalog catalog, Duration latency) {
    this.catalog = catalog;
    this.comments = new CommentCatalog(catalog);
    this.latency = latency;
  }

  Route route() {
    return handleRejections(
        RejectionHandler.newBuilder()
            .handleNotFound(json(StatusCodes.NOT_FOUND, Map.of()))
            .build()
            .withFallback(RejectionHandler.defaultHandler()),
        () -> afterLatency(() -> get(() -> concat(posts(), users(), comments(), todos()))));
  }

  private Route afterLatency(Supplier<Route> inner) {
    if (latency.isZero()) {
      return inner.get();
    }
    // A scheduled completion rather than a sleep: thousands of waiting requests hold no thread.
    return extractActorSystem(
        system ->
            onSuccess(
                Patterns.after(
                    latency, system, () -> CompletableFuture.completedFuture(Done.getInstance())),
                done -> inner.get()));
  }

  private Route posts() {
    return concat(
        path(
            "posts",
            () ->
                parameterOptional(
                    "userId",
                    userId ->
                        json(StatusCodes.OK, userId.map(this::byUser).orElse(catalog.all())))),
        path(
            segment("posts").slash(segment()),
            id ->
                parseInt(id)
                    .flatMap(catalog::byId)
                    .map(post -> json(StatusCodes.OK, post))
                    .orElseGet(() -> json(StatusCodes.NOT_FOUND, Map.of()))));
  }

  private Route users() {
    return path(
        segment("users").slash(segment()),
        id ->
            parseInt(id)
                .flatMap(users::byId)
                .map(user -> json(StatusCodes.OK, user))
                .orElseGet(() -> json(StatusCodes.NOT_FOUND, Map.of())));
  }

  private Route comments() {
    // As JSONPlaceholder: filtered by postId, an unknown or non-numeric one is an empty list.
    return path(
        "comments",
        () ->
            parameterOptional(
                "postId",
                postId ->
                    json(
                        StatusCodes.OK,
                        postId
                            .map(id -> parseInt(id).map(comments::ofPost).orElse(List.of()))
                            .orElse(comments.all()))));
  }

  private Route todos() {
    return path(
        "todos",
        () ->
            parameterOptional(
                "userId",
                userId ->
                    json(
                        StatusCodes.OK,
                        userId
                            .map(id -> parseInt(id).map(users::todosOf).orElse(List.of()))
                            .orElse(users.allTodos()))));
  }

  private Object byUser(String userId) {
    // Like JSONPlaceholder: an unknown or non-numeric user is an empty list, not an error.
    return parseInt(userId).map(catalog::byUser).orElse(List.of());
  }

  private Route json(StatusCode status, Object body) {
    return complete(HttpResponse.create().withStatus(status).withEntity(Json.entity(body)));
  }

  private static Optional<Integer> parseInt(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
