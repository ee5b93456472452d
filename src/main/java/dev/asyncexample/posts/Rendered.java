package dev.asyncexample.posts;

import org.apache.pekko.util.ByteString;

/**
 * One upstream answer in the form the API answers with, validated and encoded once per fetch, and
 * shared as-is by every caller that joined the fetch and every cache hit.
 *
 * @param json the post, or the posts as a JSON array
 * @param lines the posts as NDJSON (one post per line); empty for a single post
 */
public record Rendered(Kind kind, ByteString json, ByteString lines) {

  /** What the upstream had. */
  public enum Kind {
    /** A post, or a list with at least one post. */
    FOUND,
    /** The upstream answered 404. */
    MISSING,
    /** An empty list. */
    EMPTY
  }

  static final Rendered MISSING =
      new Rendered(Kind.MISSING, ByteString.emptyByteString(), ByteString.emptyByteString());

  static final Rendered EMPTY =
      new Rendered(Kind.EMPTY, ByteString.fromString("[]"), ByteString.emptyByteString());
}
