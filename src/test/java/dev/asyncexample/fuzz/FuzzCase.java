package dev.asyncexample.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated exchange: the bytes sent on a fresh connection and what a correct server sees in
 * them.
 *
 * @param wire the bytes to send, one char (0..255) per byte
 * @param methods the method of each request a correct server reads from {@code wire}, in order;
 *     more answers than this means it read a request that was not there (smuggling)
 * @param mustAnswer whether the first request is complete, so it must get an answer
 */
record FuzzCase(int index, String family, String wire, List<String> methods, boolean mustAnswer) {

  byte[] bytes() {
    return wire.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The case for a failure report: family and bytes, escaped and cut to a readable length. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < wire.length() && text.length() < 700; i++) {
      char c = wire.charAt(i);
      if (c == '\r') {
        text.append("\\r");
      } else if (c == '\n') {
        text.append("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        text.append(String.format("\\x%02x", (int) c));
      } else {
        text.append(c);
      }
    }
    if (text.length() >= 700) {
      text.append("... (").append(wire.length()).append(" bytes)");
    }
    return "#" + index + " " + family + ": " + text;
  }
}
