package dev.asyncexample.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * One user at a glance: who they are, their posts each with its number of comments, and how many of
 * their todos are done. A part the upstream could not give is null and named in {@code missing}, so
 * a client can tell "no comments" (0) from "comments unknown" (null).
 *
 * @param todos null when the todos could not be fetched
 * @param missing what could not be fetched and why, in the API's words; empty when nothing is
 */
public record UserSummary(
    User user, List<PostSummary> posts, TodoCounts todos, List<MissingPart> missing) {

  public UserSummary {
    posts = List.copyOf(posts);
    missing = List.copyOf(missing);
  }

  /** The summary of {@code user} from its parts, each missing one named in {@link #missing()}. */
  public static UserSummary of(
      User user, List<Counted<PostSummary>> posts, Counted<TodoCounts> todos) {
    List<PostSummary> summaries = new ArrayList<>(posts.size());
    List<MissingPart> missing = new ArrayList<>();
    for (Counted<PostSummary> post : posts) {
      summaries.add(post.value());
      if (post.missing() != null) {
        missing.add(post.missing());
      }
    }
    if (todos.missing() != null) {
      missing.add(todos.missing());
    }
    return new UserSummary(user, summaries, todos.value(), missing);
  }

  /**
   * A post of the user.
   *
   * @param comments how many comments it has; null when they could not be fetched
   */
  public record PostSummary(int id, String title, Integer comments) {}

  /** The user's todos, counted. */
  public record TodoCounts(int done, int open) {

    static TodoCounts of(List<Todo> todos) {
      int done = (int) todos.stream().filter(Todo::completed).count();
      return new TodoCounts(done, todos.size() - done);
    }
  }

  /**
   * A part left out of the summary.
   *
   * @param part which, e.g. {@code "comments of post 3"} or {@code "todos"}
   * @param detail why, as the API would say it for a whole request
   */
  public record MissingPart(String part, String detail) {}
}
