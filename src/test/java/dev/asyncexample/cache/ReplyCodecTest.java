package dev.asyncexample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.upstream.UpstreamReply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bytes kept in Redis: a reply comes back exactly, and anything else is no reply at all. */
class ReplyCodecTest {

  private static final UpstreamReply POST =
      new UpstreamReply(200, ByteString.fromString("{\"id\":1,\"title\":\"東京 🚀\"}"));

  @Test
  void aReplyRoundTripsExactly() {
    assertThat(ReplyCodec.decode(ReplyCodec.encode(POST))).contains(POST);
    UpstreamReply notFound = new UpstreamReply(404, ByteString.emptyByteString());
    assertThat(ReplyCodec.decode(ReplyCodec.encode(notFound))).contains(notFound);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "{\"id\":1}", "aec"})
  void foreignValuesAreNoReply(String stored) {
    assertThat(ReplyCodec.decode(stored.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void aMissingValueIsNoReply() {
    assertThat(ReplyCodec.decode(null)).isEmpty();
  }

  @Test
  void aTruncatedOrPaddedValueIsNoReply() {
    byte[] whole = ReplyCodec.encode(POST);

    assertThat(ReplyCodec.decode(Arrays.copyOf(whole, whole.length - 1))).isEmpty();
    assertThat(ReplyCodec.decode(Arrays.copyOf(whole, whole.length + 1))).isEmpty();
  }

  @Test
  void anotherVersionOrAnImpossibleStatusIsNoReply() {
    byte[] otherVersion = ReplyCodec.encode(POST);
    otherVersion[3] = 2;
    byte[] badStatus = ReplyCodec.encode(new UpstreamReply(200, ByteString.fromString("{}")));
    badStatus[4] = 0x7f;

    assertThat(ReplyCodec.decode(otherVersion)).isEmpty();
    assertThat(ReplyCodec.decode(badStatus)).isEmpty();
  }
}
