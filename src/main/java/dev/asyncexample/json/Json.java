package dev.asyncexample.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.util.ByteString;

/** The one ObjectMapper of the application, and the marshaller that renders with it. */
public final class Json {

  /**
   * Strict about what we read from others (a missing field or a null int is an error, not a 0) and
   * lenient about fields we do not know, so an upstream that adds fields does not break us.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // Dates as ISO-8601 text with their offset, as FastAPI renders datetimes.
          .addModule(new JavaTimeModule())
          // Characters outside the BMP (emoji) as UTF-8, as the HTTP marshaller writes them.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /**
   * A body rendered ahead of time, labelled as JSON. Marshalling still negotiates, so a client that
   * accepts no JSON gets a 406, but no JSON work is done per request.
   */
  public static final Marshaller<ByteString, RequestEntity> RENDERED =
      rendered(ContentTypes.APPLICATION_JSON);

  private Json() {}

  /** As {@link #RENDERED}, for bodies of another type. */
  public static Marshaller<ByteString, RequestEntity> rendered(ContentType.NonBinary type) {
    return Marshaller.withFixedContentType(type, bytes -> HttpEntities.create(type, bytes));
  }

  private static final Marshaller<Object, RequestEntity> MARSHALLER = Jackson.marshaller(MAPPER);

  /** Renders any value with {@link #MAPPER}; built once, not per request. */
  @SuppressWarnings("unchecked") // it renders any Object, so it renders a T
  public static <T> Marshaller<T, RequestEntity> marshaller() {
    return (Marshaller<T, RequestEntity>) (Marshaller<?, RequestEntity>) MARSHALLER;
  }

  /** Renders a value we built ourselves; failing here is a programming error. */
  public static ByteString bytes(Object value) {
    try {
      return ByteString.fromArrayUnsafe(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getName(), e);
    }
  }

  public static HttpEntity.Strict entity(Object value) {
    return HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes(value));
  }
}
