package dev.asyncexample.json;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Turns a JSON array into a stream of decoded elements, one element in memory at a time. */
public final class JsonArrays {

  private JsonArrays() {}

  /**
   * Decodes the elements of {@code json} lazily, as the stream pulls them.
   *
   * @param onError turns a decoding failure into the exception the stream fails with
   * @throws IllegalArgumentException at once when {@code json} is not an array, so a caller can
   *     refuse the body before it starts a response
   */
  public static <T> Source<T, NotUsed> elements(
      ByteString json, Class<T> type, Function<Exception, RuntimeException> onError) {
    if (!startsWithArray(json)) {
      throw new IllegalArgumentException("expected a JSON array");
    }
    ObjectReader reader = Json.MAPPER.readerFor(type);
    return Source.fromIterator(() -> new Decoding<T>(reader.readValues(json.toArray()), onError));
  }

  private static boolean startsWithArray(ByteString json) {
    for (int i = 0; i < json.size(); i++) {
      byte b = json.apply(i);
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '[';
      }
    }
    return false;
  }

  /** Jackson's iterator with its failures translated, so the stream fails with our exception. */
  private static final class Decoding<T> implements Iterator<T> {
    private final MappingIterator<T> elements;
    private final Function<Exception, RuntimeException> onError;

    Decoding(MappingIterator<T> elements, Function<Exception, RuntimeException> onError) {
      this.elements = elements;
      this.onError = onError;
    }

    @Override
    public boolean hasNext() {
      try {
        return elements.hasNextValue();
      } catch (IOException e) {
        throw onError.apply(e);
      }
    }

    @Override
    public T next() {
      try {
        return elements.nextValue();
      } catch (IOException | RuntimeException e) {
        throw onError.apply(e);
      }
    }
  }
}
