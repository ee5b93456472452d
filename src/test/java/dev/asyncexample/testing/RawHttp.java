package dev.asyncexample.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.util.ByteString;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send: writes the bytes as given,
 * closes its sending side (so a server waiting for more sees the end at once), and reads every
 * response until the server closes the connection.
 */
public final class RawHttp {

  /** More than any answer of the API; a server that sends more is cut off here. */
  private static final int MAX_READ = 16 * 1024 * 1024;

  /** How long to keep reading once every request is answered, for one answer too many. */
  private static final Duration AFTER_LAST_ANSWER = Duration.ofMillis(200);

  private static final Pattern CRLF = Pattern.compile("\r\n");

  /** One response: its status, headers (names in lower case) and body (de-chunked). */
  public record Response(int status, Map<String, List<String>> headers, ByteString body) {

    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String text() {
      return body.utf8String();
    }

    @Override
    public String toString() {
      String text = text();
      return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) : text);
    }
  }

  /**
   * What came back on one connection.
   *
   * @param closed the server closed (or reset) the connection before the deadline; a connection
   *     whose every request was answered may stay open
   * @param reset the connection was reset, so responses sent just before may have been lost
   * @param trouble bytes that are no well-formed response, described; empty when all parsed
   */
  public record Exchange(List<Response> responses, boolean closed, boolean reset, String trouble) {}

  private RawHttp() {}

  /**
   * Sends {@code request} on a new connection to the loopback address on {@code port} and reads
   * until the server closes it, or all of {@code methods} are answered (and a moment more passed,
   * for any answer too many), or {@code deadline} passes.
   *
   * @param methods the method of each request in {@code request}, in order: answers to HEAD have no
   *     body
   */
  public static Exchange exchange(int port, byte[] request, List<String> methods, Duration deadline)
      throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean closed = false;
    boolean reset = false;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) deadline.toMillis());
      socket.setTcpNoDelay(true);
      try {
        socket.getOutputStream().write(request);
        socket.shutdownOutput();
      } catch (SocketException e) {
        // The server may answer and close before it read everything (a body over the limit).
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      boolean allAnswered = false;
      while (received.size() < MAX_READ) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout((int) left);
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          break;
        } catch (SocketException e) {
          closed = true;
          reset = true;
          break;
        }
        if (n < 0) {
          closed = true;
          break;
        }
        received.write(buffer, 0, n);
        // Parsed only when the server paused, not for every piece of a large body.
        if (!allAnswered && in.available() == 0 && answeredAll(received.toByteArray(), methods)) {
          // Some connections stay open after a half-close; an extra answer would follow at once.
          allAnswered = true;
          end = Math.min(end, System.nanoTime() + AFTER_LAST_ANSWER.toNanos());
        }
      }
    }
    List<Response> responses = new ArrayList<>();
    String trouble = parse(received.toByteArray(), methods, responses);
    return new Exchange(responses, closed, reset, trouble);
  }

  private static boolean answeredAll(byte[] data, List<String> methods) {
    List<Response> responses = new ArrayList<>();
    return parse(data, methods, responses).isEmpty() && responses.size() >= methods.size();
  }

  /** Splits {@code data} into responses; answers what could not be parsed, or "". */
  static String parse(byte[] data, List<String> methods, List<Response> into) {
    int pos = 0;
    int answered = 0;
    while (pos < data.length) {
      int headEnd = indexOf(data, "\r\n\r\n", pos);
      if (headEnd < 0) {
        return "incomplete response head at byte " + pos;
      }
      String[] lines =
          CRLF.split(new String(data, pos, headEnd - pos, StandardCharsets.ISO_8859_1), -1);
      int status = statusOf(lines[0]);
      if (status < 0) {
        return "not a status line at byte " + pos + ": " + lines[0];
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          return "malformed response header: " + lines[i];
        }
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
      pos = headEnd + 4;
      if (status < 200) {
        continue; // 100 Continue and other interim answers precede the real one
      }
      boolean head = answered < methods.size() && methods.get(answered).equals("HEAD");
      answered++;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
      List<String> length = headers.getOrDefault("content-length", List.of());
      if (status == 204 || status == 304 || (head && startsWith(data, pos, "HTTP/1."))) {
        // no body
      } else if (head && pos >= data.length) {
        // no body, and nothing after it
      } else if (encoding.stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
        pos = dechunk(data, pos, body);
        if (pos < 0) {
          return "malformed chunked response body";
        }
      } else if (!length.isEmpty()) {
        int n = Integer.parseInt(length.get(0));
        if (pos + n > data.length) {
          return "response body shorter than its Content-Length " + n;
        }
        body.write(data, pos, n);
        pos += n;
      } else {
        body.write(data, pos, data.length - pos);
        pos = data.length;
      }
      into.add(new Response(status, headers, ByteString.fromArrayUnsafe(body.toByteArray())));
    }
    return "";
  }

  private static int statusOf(String line) {
    if (!line.startsWith("HTTP/1.") || line.length() < 12) {
      return -1;
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Appends the chunks at {@code pos} to {@code body}; answers the position after, or -1. */
  private static int dechunk(byte[] data, int pos, ByteArrayOutputStream body) {
    while (true) {
      int lineEnd = indexOf(data, "\r\n", pos);
      if (lineEnd < 0) {
        return -1;
      }
      String sizeLine = new String(data, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
      int semicolon = sizeLine.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)), 16);
      } catch (NumberFormatException e) {
        return -1;
      }
      pos = lineEnd + 2;
      if (size == 0) {
        // Trailers, then an empty line.
        while (true) {
          int trailerEnd = indexOf(data, "\r\n", pos);
          if (trailerEnd < 0) {
            return -1;
          }
          boolean last = trailerEnd == pos;
          pos = trailerEnd + 2;
          if (last) {
            return pos;
          }
        }
      }
      if (pos + size + 2 > data.length) {
        return -1;
      }
      body.write(data, pos, size);
      pos += size + 2;
    }
  }

  private static boolean startsWith(byte[] data, int pos, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
    if (pos + p.length > data.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (data[pos + i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] data, String needle, int from) {
    byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = from; i <= data.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (data[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
