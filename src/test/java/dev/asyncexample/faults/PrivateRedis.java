package dev.asyncexample.faults;

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
 * A redis-server of the test's own on a free loopback port, which the test may stop, start again on
 * the same port, or pause (SIGSTOP) and resume, without touching the machine's shared Redis.
 */
final class PrivateRedis implements AutoCloseable {

  private static final String BINARY = "/usr/bin/redis-server";

  private final int port;
  private final Path dir;
  private Process process;

  PrivateRedis() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = socket.getLocalPort();
    }
    this.dir = Files.createTempDirectory("redis-faults-");
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts it and waits until it accepts connections. */
  PrivateRedis start() throws Exception {
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

  /** SIGSTOP: connections stay open, and nothing answers on them. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: it answers again, the commands sent meanwhile first. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    // Only our own process, by its pid; Java has no API for these signals.
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (process != null && process.isAlive()) {
        resume();
      }
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
