package dev.asyncexample.summary;

/** One of a user's todos, in the upstream's shape. */
public record Todo(int userId, int id, String title, boolean completed) {}
