package dev.asyncexample.http;

import dev.asyncexample.json.Json;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.common.EntityStreamingSupport;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Streams a list as a JSON array, or as NDJSON (one JSON document per line) for a client that asks
 * for {@code application/x-ndjson}; elements are rendered one by one, never gathered.
 */
public final class JsonStreams {

  /** Newline-delimited JSON. */
  public static final MediaType.WithFixedCharset NDJSON =
      MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8, "ndjson");

  /** NDJSON as a content type, for whole bodies. */
  public static final ContentType.WithFixedCharset NDJSON_TYPE = ContentTypes.create(NDJSON);

  private static final EntityStreamingSupport ARRAY = EntityStreamingSupport.json();

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private static final EntityStreamingSupport LINES =
      EntityStreamingSupport.json()
          .withFramingRendererFlow(Flow.of(ByteString.class).map(json -> json.concat(NEWLINE)))
          .withContentType(ContentTypes.create(NDJSON));

  /** Each element as one JSON document, labelled as NDJSON so the stream's type matches. */
  private static final Marshaller<Object, RequestEntity> LINE =
      Marshaller.withFixedContentType(
          ContentTypes.create(NDJSON),
          value -> HttpEntities.create(ContentTypes.create(NDJSON), Json.bytes(value)));

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
    Source<Object, NotUsed> values = items.map(item -> item);
    return wantsLines(request)
        ? Directives.completeOKWithSource(values, LINE, LINES)
        : Directives.completeOKWithSource(values, Json.marshaller(), ARRAY);
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
