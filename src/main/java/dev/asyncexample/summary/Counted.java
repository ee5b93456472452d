package dev.asyncexample.summary;

/**
 * A part of a summary that may be left out: its value, or null with why it is missing.
 *
 * @param missing null when the value is there
 */
public record Counted<T>(T value, UserSummary.MissingPart missing) {}
