package dev.asyncexample.posts;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The bytes a {@link Rendered} answer is cached as: a magic and version, the kind, when it was
 * fetched (epoch milliseconds, so every node reading a shared Redis agrees on its age), its tag,
 * then each body with its length. Anything else under a key (an older format, another program's
 * value, a truncated write) decodes to empty, so it is a miss and the refresh overwrites it.
 */
final class RenderedCodec {

  private static final ByteString MAGIC = ByteString.fromArray(new byte[] {'a', 'e', 'r', 2});

  /** Hex of 128 bits. */
  private static final int TAG_LENGTH = 32;

  private static final int HEADER = MAGIC.size() + 1 + Long.BYTES + TAG_LENGTH;

  /** An answer as kept, with when it was fetched. */
  record Stored(Rendered rendered, long fetchedAtMillis) {}

  private RenderedCodec() {}

  /** {@code rendered}, fetched just now. */
  static ByteString encode(Rendered rendered) {
    return encode(rendered, System.currentTimeMillis());
  }

  static ByteString encode(Rendered rendered, long fetchedAtMillis) {
    ByteStringBuilder out = new ByteStringBuilder();
    out.append(MAGIC);
    out.putByte(code(rendered.kind()));
    out.putLong(fetchedAtMillis, ByteOrder.BIG_ENDIAN);
    out.append(ByteString.fromString(rendered.tag(), StandardCharsets.US_ASCII));
    putBody(out, rendered.json());
    putBody(out, rendered.lines());
    return out.result();
  }

  static Optional<Rendered> decode(ByteString bytes) {
    return decodeStored(bytes).map(Stored::rendered);
  }

  static Optional<Stored> decodeStored(ByteString bytes) {
    if (bytes.size() < HEADER + 2 * Integer.BYTES || !bytes.slice(0, MAGIC.size()).equals(MAGIC)) {
      return Optional.empty();
    }
    Optional<Rendered.Kind> kind = kindOf(bytes.apply(MAGIC.size()));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    int at = MAGIC.size() + 1;
    long fetchedAt = bytes.slice(at, at + Long.BYTES).asByteBuffer().getLong();
    at += Long.BYTES;
    String tag = bytes.slice(at, at + TAG_LENGTH).decodeString(StandardCharsets.US_ASCII);
    at += TAG_LENGTH;
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
    return Optional.of(
        new Stored(new Rendered(kind.get(), json, bytes.slice(at, bytes.size()), tag), fetchedAt));
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
