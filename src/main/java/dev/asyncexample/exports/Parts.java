package dev.asyncexample.exports;

import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a byte stream into upload parts of at least {@code size} bytes (S3 needs 5 MiB for every
 * part but the last), holding at most one part being filled.
 */
final class Parts {

  /**
   * One part. {@code number} counts from 1; {@code last} is set on the final one only, which may be
   * smaller than the others, or empty.
   */
  record Part(int number, ByteString bytes, boolean last) {}

  /** Bytes, or the end of a stream that completed (a failed stream never sends it). */
  private record Chunk(ByteString bytes, boolean end) {}

  /** What is being filled, and how many parts went out before it. */
  private record Filling(int sent, ByteString bytes) {}

  private static final Chunk END = new Chunk(ByteString.emptyByteString(), true);

  private Parts() {}

  static Flow<ByteString, Part, NotUsed> ofSize(long size) {
    return Flow.of(ByteString.class)
        .map(bytes -> new Chunk(bytes, false))
        // The last part is only cut on a real end: on a failure no partial object may be written.
        .concat(Source.single(END))
        .statefulMap(
            () -> new Filling(0, ByteString.emptyByteString()),
            (filling, chunk) -> {
              ByteString bytes = filling.bytes().concat(chunk.bytes());
              if (chunk.end()) {
                return Pair.create(
                    new Filling(filling.sent() + 1, ByteString.emptyByteString()),
                    Optional.of(new Part(filling.sent() + 1, bytes, true)));
              }
              if (bytes.size() < size) {
                return Pair.create(new Filling(filling.sent(), bytes), Optional.<Part>empty());
              }
              int number = filling.sent() + 1;
              return Pair.create(
                  new Filling(number, ByteString.emptyByteString()),
                  Optional.of(new Part(number, bytes, false)));
            },
            filling -> Optional.empty())
        .filter(Optional::isPresent)
        .map(Optional::get);
  }
}
