package dev.asyncexample.posts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.pekko.util.ByteString;

/**
 * One upstream answer in the form the API answers with, validated and encoded once per fetch, and
 * shared as-is by every caller that joined the fetch and every cache hit.
 *
 * @param json the post, or the posts as a JSON array
 * @param lines the posts as NDJSON (one post per line); empty for a single post
 * @param tag names these exact bytes, for ETags: computed once here, so a hit hashes nothing
 */
public record Rendered(Kind kind, ByteString json, ByteString lines, String tag) {

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

  /** An answer tagged by its JSON (the NDJSON lines are made from the same posts). */
  public Rendered(Kind kind, ByteString json, ByteString lines) {
    this(kind, json, lines, tagOf(json));
  }

  /**
   * The first 128 bits of the JSON's SHA-256, in hex: unlike a 32-bit checksum, two versions of a
   * post never share a tag in practice, so a 304 never hides a change.
   */
  static String tagOf(ByteString json) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    return HexFormat.of().formatHex(digest.digest(json.toArrayUnsafe()), 0, 16);
  }
}
