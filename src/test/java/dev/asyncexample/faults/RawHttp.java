package dev.asyncexample.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 request on a fresh connection, read to its end, from plain blocking sockets: what a
 * simple client sees, byte for byte, including how the connection ended (refused, reset, closed
 * early). Never a pool and never a retry, so nothing hides a dropped request. Blocks the calling
 * thread: test threads only.
 */
public final class RawHttp {

  /** How the exchange ended, as the client saw it. */
  public enum Ending {
    /** A whole answer (as long as its Content-Length said), then the close we asked for. */
    ANSWERED,
    /** Nobody listened: the request was never accepted. */
    REFUSED,
    /** Accepted, then closed before a whole answer (no answer, or a body cut short). */
    CLOSED_EARLY,
    /** Accepted, then reset. */
    RESET,
    /** No end within the client's timeout. */
    TIMED_OUT
  }

  /** What came back: a status of 0 when there was no status line. */
  public record Answer(int status, String head, String body, Ending ending) {

    /** The value of {@code name} in the head, if present. */
    public Optional<String> header(String name) {
      String prefix = "\r\n" + name.toLowerCase(Locale.ROOT) + ":";
      String lower = head.toLowerCase(Locale.ROOT);
      int at = lower.indexOf(prefix);
      if (at < 0) {
        return Optional.empty();
      }
      int start = at + prefix.length();
      int end = head.indexOf("\r\n", start);
      return Optional.of(head.substring(start, end < 0 ? head.length() : end).strip());
    }
  }

  private RawHttp() {}

  public static Answer get(String host, int port, String target, Duration timeout) {
    return send(host, port, "GET", target, "", timeout);
  }

  /** Sends {@code method target} with {@code body} (JSON when not empty). */
  public static Answer send(
      String host, int port, String method, String target, String body, Duration timeout) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Ending ending;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      write(socket.getOutputStream(), host, port, method, target, body);
      ending = readAll(socket.getInputStream(), received);
    } catch (ConnectException e) {
      ending = Ending.REFUSED;
    } catch (SocketTimeoutException e) {
      ending = Ending.TIMED_OUT;
    } catch (IOException e) {
      ending = Ending.RESET;
    }
    return parse(received.toByteArray(), ending);
  }

  private static void write(
      OutputStream out, String host, int port, String method, String target, String body)
      throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: ")
            .append(host)
            .append(':')
            .append(port)
            .append("\r\nConnection: close\r\n");
    if (!method.equals("GET")) {
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(content.length)
          .append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.write(content);
    out.flush();
  }

  private static Ending readAll(InputStream in, ByteArrayOutputStream received) throws IOException {
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // Bytes before the reset are kept: a reset mid-answer is told apart from one before it.
      return Ending.RESET;
    }
    return Ending.ANSWERED;
  }

  private static Answer parse(byte[] bytes, Ending ending) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int endOfHead = text.indexOf("\r\n\r\n");
    if (endOfHead < 0 || !text.startsWith("HTTP/1.1 ")) {
      return new Answer(0, text, "", ending == Ending.ANSWERED ? Ending.CLOSED_EARLY : ending);
    }
    String head = text.substring(0, endOfHead);
    byte[] body = java.util.Arrays.copyOfRange(bytes, endOfHead + 4, bytes.length);
    int status = Integer.parseInt(head.substring(9, 12));
    Answer answer = new Answer(status, head, new String(body, StandardCharsets.UTF_8), ending);
    boolean cutShort =
        answer
            .header("Content-Length")
            .map(length -> Long.parseLong(length) > body.length)
            .orElse(false);
    return cutShort && ending == Ending.ANSWERED
        ? new Answer(status, head, answer.body(), Ending.CLOSED_EARLY)
        : answer;
  }
}
