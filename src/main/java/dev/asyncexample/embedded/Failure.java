package dev.asyncexample.embedded;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a {@link ControllableUpstream} misbehaves when a test or the control endpoint asks it to.
 * Most failures shape one answer; those {@link #atConnection() at the connection} change what
 * happens to every connection, so switching to them drops the connections already open.
 */
public enum Failure {
  /** Answer normally. */
  NONE("normal", false),
  /** 500 with a JSON body. */
  SERVER_ERROR("server-error", false),
  /** 200 with a body that is not valid JSON. */
  MALFORMED_JSON("garbage", false),
  /** 200 with valid JSON of the wrong shape (an object where posts are expected). */
  WRONG_SHAPE("wrong-shape", false),
  /** Headers promise a body, part of it is sent, then the connection is reset (TCP RST). */
  CONNECTION_RESET("reset", false),
  /** Headers promise more bytes (Content-Length) than are sent, then the connection closes. */
  TRUNCATED("truncated", true),
  /** Connections are accepted and closed at once, before any answer. */
  CLOSED("closed", true),
  /** Nothing listens: connections are refused, and open ones are dropped, as if it crashed. */
  DOWN("down", true);

  private final String modeName;
  private final boolean atConnection;

  Failure(String modeName, boolean atConnection) {
    this.modeName = modeName;
    this.atConnection = atConnection;
  }

  /** Its name on the control endpoint, e.g. {@code server-error}. */
  public String modeName() {
    return modeName;
  }

  /** Whether it acts on connections (at accept time) rather than on single answers. */
  public boolean atConnection() {
    return atConnection;
  }

  public static Optional<Failure> byModeName(String name) {
    return Arrays.stream(values()).filter(f -> f.modeName.equals(name)).findFirst();
  }
}
