package dev.asyncexample.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the posts feature keeps in the cache, and what it refuses to read back. */
class RenderedCodecTest {

  static Stream<Rendered> answers() {
    return Stream.of(
        new Rendered(
            Rendered.Kind.FOUND,
            ByteString.fromString("[{\"id\":1},{\"id\":2}]"),
            ByteString.fromString("{\"id\":1}\n{\"id\":2}\n")),
        new Rendered(
            Rendered.Kind.FOUND, ByteString.fromString("{\"id\":1}"), ByteString.emptyByteString()),
        Rendered.MISSING,
        Rendered.EMPTY);
  }

  @ParameterizedTest
  @MethodSource("answers")
  void everyKindOfAnswerReadsBackAsWritten(Rendered answer) {
    assertThat(RenderedCodec.decode(RenderedCodec.encode(answer))).contains(answer);
  }

  @Test
  void anythingElseUnderTheKeyIsAMiss() {
    ByteString good = RenderedCodec.encode(answers().findFirst().orElseThrow());

    assertThat(RenderedCodec.decode(ByteString.fromString("{\"id\":1}"))).isEmpty();
    assertThat(RenderedCodec.decode(ByteString.emptyByteString())).isEmpty();
    // A truncated write, a longer one, and an unknown kind.
    assertThat(RenderedCodec.decode(good.take(good.size() - 1))).isEmpty();
    assertThat(RenderedCodec.decode(good.concat(ByteString.fromString("x")))).isEmpty();
    assertThat(RenderedCodec.decode(withByte(good, 4, 'Z'))).isEmpty();
    // Another version of the format.
    assertThat(RenderedCodec.decode(withByte(good, 3, 9))).isEmpty();
  }

  private static ByteString withByte(ByteString bytes, int index, int value) {
    byte[] changed = bytes.toArray();
    changed[index] = (byte) value;
    return ByteString.fromArray(changed);
  }
}
