package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.RouteTestSupport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaRanges;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** Lists that truly stream are written in chunks of about 8 KiB, not one per element. */
class JsonStreamsTest extends RouteTestSupport {

  private static final int ROWS = 500;

  private final Route rows =
      JsonStreams.complete(
          Source.range(1, ROWS).map(i -> Map.of("id", i, "text", "row " + i)), JsonStreams::empty);

  @Test
  void piecesAreGatheredIntoChunksOfAtLeastEightKiBInOrder() throws Exception {
    List<ByteString> pieces =
        IntStream.rangeClosed(1, 2_000).mapToObj(i -> ByteString.fromString(i + ",")).toList();

    List<ByteString> chunks = collect(JsonStreams.inChunks(Source.from(pieces)));

    assertThat(chunks.size()).isLessThan(pieces.size() / 10);
    chunks
        .subList(0, chunks.size() - 1)
        .forEach(chunk -> assertThat(chunk.size()).isGreaterThanOrEqualTo(8 * 1024));
    assertThat(chunks.stream().reduce(ByteString.emptyByteString(), ByteString::concat))
        .isEqualTo(pieces.stream().reduce(ByteString.emptyByteString(), ByteString::concat));
  }

  @Test
  void aJsonArrayOfManyRowsComesInFewChunks() throws Exception {
    List<ByteString> chunks = chunksServed(HttpRequest.GET("/"));
    String body = chunks.stream().map(ByteString::utf8String).reduce("", String::concat);

    assertThat(body).startsWith("[{").endsWith("}]").contains("\"row 250\"");
    assertThat(chunks.size()).isBetween(2, ROWS / 20);
  }

  @Test
  void ndjsonOfManyRowsComesInFewChunks() throws Exception {
    List<ByteString> chunks =
        chunksServed(
            HttpRequest.GET("/").addHeader(Accept.create(MediaRanges.create(JsonStreams.NDJSON))));
    String body = chunks.stream().map(ByteString::utf8String).reduce("", String::concat);

    assertThat(body.lines().count()).isEqualTo(ROWS);
    assertThat(chunks.size()).isBetween(2, ROWS / 20);
  }

  /** The HTTP chunks of the answer as a bound server writes them (the route testkit joins them). */
  private List<ByteString> chunksServed(HttpRequest request) throws Exception {
    ServerBinding binding =
        Http.get(system())
            .newServerAt("127.0.0.1", 0)
            .bind(rows)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    try {
      HttpResponse response =
          Http.get(system())
              .singleRequest(
                  request.withUri("http://127.0.0.1:" + binding.localAddress().getPort() + "/"))
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      assertThat(response.entity()).isInstanceOf(HttpEntity.Chunked.class);
      return collect(
          ((HttpEntity.Chunked) response.entity())
              .getChunks()
              .filter(chunk -> !chunk.isLastChunk())
              .map(HttpEntity.ChunkStreamPart::data));
    } finally {
      binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private <M> List<ByteString> collect(Source<ByteString, M> bytes) throws Exception {
    return bytes.runWith(Sink.seq(), materializer()).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
