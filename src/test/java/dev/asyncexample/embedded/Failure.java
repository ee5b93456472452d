package dev.asyncexample.embedded;

/** How a {@link ControllableUpstream} misbehaves when a test asks it to. */
public enum Failure {
  /** Answer normally. */
  NONE,
  /** 500 with a JSON body. */
  SERVER_ERROR,
  /** 200 with a body that is not valid JSON. */
  MALFORMED_JSON,
  /** 200 with valid JSON of the wrong shape (an object where posts are expected). */
  WRONG_SHAPE,
  /** Headers promise a body, then the connection is dropped. */
  CONNECTION_RESET
}
