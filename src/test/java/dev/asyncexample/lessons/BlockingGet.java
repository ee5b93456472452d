package dev.asyncexample.lessons;

import dev.asyncexample.upstream.UpstreamReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import org.apache.pekko.util.ByteString;

/**
 * The wrong way, on purpose: a GET with the JDK's blocking client, whose thread waits in a socket
 * read for the whole answer, as a JDBC call or any other blocking client would. Unlike a wait on a
 * CompletableFuture, the dispatcher's ForkJoinPool cannot see this wait, so it starts no spare
 * thread for it.
 */
final class BlockingGet {

  private final String baseUrl;
  private final int timeoutMillis;

  BlockingGet(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  /** GETs {@code path}, blocking the calling thread until the whole answer is read. */
  UpstreamReply get(String path) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      int status = connection.getResponseCode();
      try (InputStream body =
          status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        return new UpstreamReply(
            status,
            body == null
                ? ByteString.emptyByteString()
                : ByteString.fromArray(body.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
