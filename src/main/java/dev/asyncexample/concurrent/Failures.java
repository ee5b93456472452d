package dev.asyncexample.concurrent;

import java.util.concurrent.CompletionException;

/** Failures as they come out of CompletionStages. */
public final class Failures {

  private Failures() {}

  /** The failure itself, without the CompletionException wrappers that stage chaining adds. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
