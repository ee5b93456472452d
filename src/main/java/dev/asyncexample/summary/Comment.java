package dev.asyncexample.summary;

/** A comment on a post, in the upstream's shape. */
public record Comment(int postId, int id, String name, String email, String body) {}
