package dev.asyncexample.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client that writes raw bytes to a socket and reads whatever comes back, for edge tests. */
final class RawClient implements AutoCloseable {

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

  private final Socket socket;

  private RawClient(Socket socket) {
    this.socket = socket;
  }

  static RawClient connect(int port) throws IOException {
    return new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  /** Sends {@code request} on a new connection and reads until it closes or {@code wait} passes. */
  static Answer exchange(int port, String request, Duration wait) throws IOException {
    try (RawClient client = connect(port)) {
      client.send(request);
      return client.readUntilClosed(wait);
    }
  }

  void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Everything received until the server closes the connection, or {@code wait} has passed. */
  Answer readUntilClosed(Duration wait) throws IOException {
    return read(wait, false);
  }

  /** One whole response (sized by its Content-Length), leaving the connection open. */
  Answer readResponse(Duration wait) throws IOException {
    return read(wait, true);
  }

  private Answer read(Duration wait, boolean oneResponse) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return new Answer(received.toString(StandardCharsets.ISO_8859_1), false);
      }
      socket.setSoTimeout((int) left);
      int read;
      try {
        read = in.read(buffer);
      } catch (SocketTimeoutException e) {
        return new Answer(received.toString(StandardCharsets.ISO_8859_1), false);
      } catch (SocketException e) {
        // Reset: closed too, just less politely.
        return new Answer(received.toString(StandardCharsets.ISO_8859_1), true);
      }
      if (read < 0) {
        return new Answer(received.toString(StandardCharsets.ISO_8859_1), true);
      }
      received.write(buffer, 0, read);
      Answer sofar = new Answer(received.toString(StandardCharsets.ISO_8859_1), false);
      if (oneResponse && sofar.complete()) {
        return sofar;
      }
    }
  }

  /** Whether the server closed the connection within {@code wait}, reading what it sent. */
  boolean closedWithin(Duration wait) throws IOException {
    return readUntilClosed(wait).closed();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** What the server sent, and whether it closed the connection. */
  record Answer(String text, boolean closed) {

    /** The status codes of every response in the text, in order. */
    List<Integer> statuses() {
      List<Integer> statuses = new ArrayList<>();
      Matcher matcher = STATUS_LINE.matcher(text);
      while (matcher.find()) {
        statuses.add(Integer.parseInt(matcher.group(1)));
      }
      return statuses;
    }

    /** The value of {@code name} in the first response's head, or null. */
    String header(String name) {
      String head = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n")));
      for (String line : head.lines().toList()) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** The first response has arrived in full. */
    boolean complete() {
      int head = text.indexOf("\r\n\r\n");
      String length = header("Content-Length");
      return head >= 0 && length != null && text.length() >= head + 4 + Integer.parseInt(length);
    }

    /** The first response's body. */
    String body() {
      int start = text.indexOf("\r\n\r\n");
      return start < 0 ? "" : text.substring(start + 4);
    }
  }
}
