package dev.asyncexample.posts;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.asyncexample.json.Json;
import dev.asyncexample.upstream.UpstreamException;
import dev.asyncexample.upstream.UpstreamReply;
import java.io.IOException;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Turns an upstream answer into what the API answers: every post is decoded (so a broken one is a
 * 502 before any byte is sent) and encoded again in our own compact form, once per fetch. Other
 * resources ({@link Resource.Form#JSON}) are only checked to be JSON and compacted.
 */
final class PostsRenderer {

  private static final ObjectReader ONE = Json.MAPPER.readerFor(Post.class);
  private static final ObjectReader LIST = Json.MAPPER.readerForListOf(Post.class);
  private static final byte[] OPEN = {'['};
  private static final byte[] COMMA = {','};
  private static final byte[] CLOSE = {']'};
  private static final byte[] NEWLINE = {'\n'};

  private PostsRenderer() {}

  static Rendered render(Resource resource, UpstreamReply reply) {
    return switch (resource.form()) {
      case POST -> post(reply);
      case POSTS -> list(reply);
      case JSON -> json(reply);
    };
  }

  /**
   * Any JSON the upstream sends for a resource that is not posts: checked to be JSON and compacted
   * once per fetch; what it must contain is for the caller, which knows its shape.
   */
  private static Rendered json(UpstreamReply reply) {
    if (reply.status() == 404) {
      return Rendered.MISSING;
    }
    requireSuccess(reply);
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(reply.body().toArrayUnsafe());
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new UpstreamException(UpstreamException.Kind.BAD_GATEWAY, "Upstream sent no JSON");
    }
    return new Rendered(Rendered.Kind.FOUND, Json.bytes(tree), ByteString.emptyByteString());
  }

  private static Rendered post(UpstreamReply reply) {
    if (reply.status() == 404) {
      return Rendered.MISSING;
    }
    requireSuccess(reply);
    Post post = decodeOne(reply.body());
    return new Rendered(Rendered.Kind.FOUND, Json.bytes(post), ByteString.emptyByteString());
  }

  private static Rendered list(UpstreamReply reply) {
    requireSuccess(reply);
    List<Post> posts;
    try {
      posts = LIST.readValue(reply.body().toArrayUnsafe());
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (posts.isEmpty()) {
      return Rendered.EMPTY;
    }
    ByteStringBuilder array = new ByteStringBuilder();
    ByteStringBuilder lines = new ByteStringBuilder();
    array.putBytes(OPEN);
    for (int i = 0; i < posts.size(); i++) {
      ByteString one = Json.bytes(posts.get(i));
      if (i > 0) {
        array.putBytes(COMMA);
      }
      array.append(one);
      lines.append(one).putBytes(NEWLINE);
    }
    array.putBytes(CLOSE);
    return new Rendered(Rendered.Kind.FOUND, array.result(), lines.result());
  }

  /** Decodes one post, as a stream of them (exports) does too. */
  static Post decodeOne(ByteString json) {
    try {
      return ONE.readValue(json.toArrayUnsafe());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static void requireSuccess(UpstreamReply reply) {
    if (reply.status() < 200 || reply.status() > 299) {
      throw new UpstreamException(
          UpstreamException.Kind.BAD_GATEWAY, "Upstream answered " + reply.status());
    }
  }

  static UpstreamException unreadable(Exception cause) {
    String what =
        cause instanceof JsonParseException ? "invalid JSON" : "JSON of an unexpected shape";
    return new UpstreamException(
        UpstreamException.Kind.BAD_GATEWAY, "Upstream sent " + what, cause);
  }
}
