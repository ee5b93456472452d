package dev.asyncexample.http;

import dev.asyncexample.json.Json;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Streams a list as a JSON array, or as NDJSON (one JSON document per line) for a client that asks
 * for {@code application/x-ndjson}; elements are rendered one by one and written in chunks of about
 * 8 KiB, never gathered whole.
 */
public final class JsonStreams {

  /** Newline-delimited JSON. */
  public static final MediaType.WithFixedCharset NDJSON =
      MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8, "ndjson");

  /** NDJSON as a content type, for whole bodies. */
  public static final ContentType.WithFixedCharset NDJSON_TYPE = ContentTypes.create(NDJSON);

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  /**
   * Bodies are written in chunks of at least this many bytes (the last may be smaller): one chunk
   * per element would cost a write, and a frame on the wire, per row.
   */
  static final int CHUNK_BYTES = 8 * 1024;

  private static final ByteString OPEN = ByteString.fromString("[");
  private static final ByteString COMMA = ByteString.fromString(",");
  private static final ByteString CLOSE = ByteString.fromString("]");

  private static final Marshaller<Source<ByteString, NotUsed>, RequestEntity> ARRAY =
      chunked(ContentTypes.APPLICATION_JSON);
  private static final Marshaller<Source<ByteString, NotUsed>, RequestEntity> LINES =
      chunked(NDJSON_TYPE);

  private JsonStreams() {}

  /**
   * Answers 200 with {@code items}, in the format the request accepts. The status is decided on the
   * first element alone: none gives {@code whenEmpty}, and a first element that fails is still an
   * error response rather than a broken 200 (a later failure cuts the body short).
   */
  public static <T> Route complete(Source<T, NotUsed> items, Supplier<Route> whenEmpty) {
    return Directives.extractRequest(
        request ->
            Directives.extractMaterializer(
                materializer ->
                    Directives.onSuccess(
                        items.prefixAndTail(1).runWith(Sink.head(), materializer),
                        split ->
                            split.first().isEmpty()
                                ? whenEmpty.get()
                                : render(
                                    request, Source.from(split.first()).concat(split.second())))));
  }

  /** An empty list, in the format the request accepts. */
  public static Route empty() {
    return Directives.extractRequest(request -> render(request, Source.<Object>empty()));
  }

  private static <T> Route render(HttpRequest request, Source<T, NotUsed> items) {
    Source<ByteString, NotUsed> rendered = items.map(Json::bytes);
    return wantsLines(request)
        ? Directives.complete(
            StatusCodes.OK, inChunks(rendered.map(json -> json.concat(NEWLINE))), LINES)
        : Directives.complete(
            StatusCodes.OK, inChunks(rendered.intersperse(OPEN, COMMA, CLOSE)), ARRAY);
  }

  /** Gathers small pieces into chunks of {@link #CHUNK_BYTES}, as they come. */
  public static Source<ByteString, NotUsed> inChunks(Source<ByteString, NotUsed> pieces) {
    return pieces
        .groupedWeighted(CHUNK_BYTES, piece -> (long) piece.size())
        .map(
            group -> {
              ByteStringBuilder chunk = new ByteStringBuilder();
              group.forEach(chunk::append);
              return chunk.result();
            });
  }

  /** Labels a stream of bytes; marshalling still negotiates, so a 406 stays possible. */
  private static Marshaller<Source<ByteString, NotUsed>, RequestEntity> chunked(
      ContentType.NonBinary type) {
    return Marshaller.withFixedContentType(type, bytes -> HttpEntities.createChunked(type, bytes));
  }

  /** Only an explicit {@code application/x-ndjson} asks for lines; wildcards get the array. */
  public static boolean wantsLines(HttpRequest request) {
    return request
        .getHeader(Accept.class)
        .map(
            accept ->
                StreamSupport.stream(accept.getMediaRanges().spliterator(), false)
                    .anyMatch(
                        range ->
                            range.qValue() > 0
                                && range
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .startsWith("application/x-ndjson")))
        .orElse(false);
  }
}
