package dev.asyncexample.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.concurrent.CompletionStage;

/**
 * A backing service whose state {@code /ready} reports. None of them decides readiness: each is
 * optional, or degrades only its own feature, so taking the instance out of a load balancer would
 * make things worse.
 */
public interface DependencyCheck {

  /** The key {@code /ready} reports it under, such as {@code cache}. */
  String name();

  /** What serves it in this configuration, such as {@code redis} or {@code in-process}. */
  String backend();

  /** The state right now; answers quickly (the caller stops waiting after a second). */
  CompletionStage<State> check();

  /** What {@code /ready} says of one dependency. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record State(String backend, String state, String detail) {

    public static State up(String backend) {
      return new State(backend, "up", null);
    }

    public static State down(String backend, String detail) {
      return new State(backend, "down", detail);
    }
  }
}
