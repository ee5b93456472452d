package dev.asyncexample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports where nothing listens: a server that is down, as a client sees it. */
public final class ClosedPorts {

  private ClosedPorts() {}

  /** A port the kernel just handed out and that was closed again at once. */
  public static int one() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
