package dev.asyncexample.embedded;

/**
 * One request as it reached a {@link ControllableUpstream}.
 *
 * @param pathAndQuery e.g. {@code /comments?postId=3}
 * @param nanoTime when it arrived, on {@link System#nanoTime()}'s clock
 */
public record Arrival(String pathAndQuery, long nanoTime) {}
