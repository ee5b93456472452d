package dev.asyncexample.posts;

import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The bytes a {@link Rendered} answer is cached as: a magic and version, the kind, then each body
 * with its length. Anything else under a key (an older format, another program's value, a truncated
 * write) decodes to empty, so it is a miss and the refresh overwrites it.
 */
final class RenderedCodec {

  private static final ByteString MAGIC = ByteString.fromArray(new byte[] {'a', 'e', 'r', 1});

  private RenderedCodec() {}

  static ByteString encode(Rendered rendered) {
    ByteStringBuilder out = new ByteStringBuilder();
    out.append(MAGIC);
    out.putByte(code(rendered.kind()));
    putBody(out, rendered.json());
    putBody(out, rendered.lines());
    return out.result();
  }

  static Optional<Rendered> decode(ByteString bytes) {
    if (bytes.size() < MAGIC.size() + 1 + 2 * Integer.BYTES
        || !bytes.slice(0, MAGIC.size()).equals(MAGIC)) {
      return Optional.empty();
    }
    Optional<Rendered.Kind> kind = kindOf(bytes.apply(MAGIC.size()));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    int at = MAGIC.size() + 1;
    int jsonLength = intAt(bytes, at);
    at += Integer.BYTES;
    if (jsonLength < 0 || jsonLength > bytes.size() - at - Integer.BYTES) {
      return Optional.empty();
    }
    // Slices share the cached bytes: a hit copies nothing.
    ByteString json = bytes.slice(at, at + jsonLength);
    at += jsonLength;
    int linesLength = intAt(bytes, at);
    at += Integer.BYTES;
    if (linesLength != bytes.size() - at) {
      return Optional.empty();
    }
    return Optional.of(new Rendered(kind.get(), json, bytes.slice(at, bytes.size())));
  }

  /** Stable codes, so that reordering the enum never misreads what another instance cached. */
  private static byte code(Rendered.Kind kind) {
    return switch (kind) {
      case FOUND -> 'F';
      case MISSING -> 'M';
      case EMPTY -> 'E';
    };
  }

  private static Optional<Rendered.Kind> kindOf(byte code) {
    return switch (code) {
      case 'F' -> Optional.of(Rendered.Kind.FOUND);
      case 'M' -> Optional.of(Rendered.Kind.MISSING);
      case 'E' -> Optional.of(Rendered.Kind.EMPTY);
      default -> Optional.empty();
    };
  }

  private static void putBody(ByteStringBuilder out, ByteString body) {
    out.putInt(body.size(), ByteOrder.BIG_ENDIAN);
    out.append(body);
  }

  private static int intAt(ByteString bytes, int at) {
    return (bytes.apply(at) & 0xff) << 24
        | (bytes.apply(at + 1) & 0xff) << 16
        | (bytes.apply(at + 2) & 0xff) << 8
        | (bytes.apply(at + 3) & 0xff);
  }
}
