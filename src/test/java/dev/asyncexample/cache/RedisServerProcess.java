package dev.asyncexample.cache;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server on a loopback port of its own, which a test may stop and start again
 * without touching the machine's shared Redis. Keeps nothing on disk.
 */
final class RedisServerProcess implements AutoCloseable {

  private static final String BINARY = "/usr/bin/redis-server";

  private final int port;
  private final Path dir;
  private Process process;

  private RedisServerProcess(int port) throws IOException {
    this.port = port;
    this.dir = Files.createTempDirectory("redis-test-");
  }

  /** A server not started yet, on a port that is free right now. */
  static RedisServerProcess onFreePort() throws IOException {
    return new RedisServerProcess(freePort());
  }

  /** A loopback port nothing listens on (free when asked). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Starts it and waits until it accepts connections. */
  RedisServerProcess start() throws Exception {
    process =
        new ProcessBuilder(
                BINARY,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      Thread.sleep(20);
    }
    return this;
  }

  /** Stops it (SIGTERM) and waits until it is gone; clients see their connections close. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    File[] left = dir.toFile().listFiles();
    for (File file : left == null ? new File[0] : left) {
      Files.deleteIfExists(file.toPath());
    }
    Files.deleteIfExists(dir);
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
