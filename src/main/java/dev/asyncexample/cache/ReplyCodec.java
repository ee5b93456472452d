package dev.asyncexample.cache;

import dev.asyncexample.upstream.UpstreamReply;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * The bytes a reply is kept as outside this process: a magic and version, the status, the body's
 * length, then the body. Anything else under a key (an older format, another program's value, a
 * truncated write) decodes to empty, so it is a miss and the refresh overwrites it.
 */
final class ReplyCodec {

  private static final byte[] MAGIC = {'a', 'e', 'c', 1};
  private static final int HEADER = MAGIC.length + Short.BYTES + Integer.BYTES;

  private ReplyCodec() {}

  static byte[] encode(UpstreamReply reply) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER + reply.body().size());
    buffer.put(MAGIC).putShort((short) reply.status()).putInt(reply.body().size());
    reply.body().copyToBuffer(buffer);
    return buffer.array();
  }

  static Optional<UpstreamReply> decode(byte[] bytes) {
    if (bytes == null
        || bytes.length < HEADER
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
    int status = Short.toUnsignedInt(buffer.getShort());
    int length = buffer.getInt();
    if (status < 100 || status > 599 || length != buffer.remaining()) {
      return Optional.empty();
    }
    return Optional.of(new UpstreamReply(status, ByteString.fromArray(bytes, HEADER, length)));
  }
}
