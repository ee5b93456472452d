package dev.asyncexample.fuzz;

import static dev.asyncexample.fuzz.Pieces.chance;
import static dev.asyncexample.fuzz.Pieces.pick;
import static dev.asyncexample.fuzz.Pieces.pickInt;
import static dev.asyncexample.fuzz.Pieces.utf8;

import java.util.SplittableRandom;

/** Request bodies: notes and near-notes, broken JSON, deep nesting, huge strings, raw bytes. */
final class Bodies {

  private static final String[] BROKEN_JSON = {
    "NaN",
    "Infinity",
    "-Infinity",
    "{\"note\": NaN}",
    "{'note':'x'}",
    "{\"note\":\"x\",}",
    "{\"note\":\"x\"} /* c */",
    "{\"note\": \"x\" \"y\"}",
    "{\"note\":\"\\x\"}",
    "{\"note\":\"\\ud800\"}",
    "\u00ef\u00bb\u00bf{}",
    "{\"note\":\"x\"",
    "{\"note\":",
    "{",
    "}",
    ":",
    "{\"note\":1e999999}",
    "{\"note\":-0}",
    "1e400",
    "123456789012345678901234567890",
    "{\"note\":\"a\",\"note\":\"b\"}",
    "{\"note\":\"\u00ff\u00fe\u00c0\u00af\"}",
    "{\"note\":\"\u0000\"}",
    "[] []",
    "{\"__proto__\":{\"note\":1}}",
    "\"note\""
  };

  private static final String[] CONTENT_TYPES = {
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=utf-16",
    "application/problem+json",
    "multipart/form-data; boundary=x",
    "multipart/form-data; boundary=",
    "???",
    "application/json, text/plain",
    "application/octet-stream",
    "APPLICATION/JSON",
    ""
  };

  private Bodies() {}

  /** A body to send with a request; JSON-like most of the time. */
  static String content(SplittableRandom r) {
    return switch (r.nextInt(12)) {
      case 0 -> "";
      case 1, 2 -> "{\"note\":\"" + text(r) + "\"}";
      case 3 -> pick(r, "{\"note\":null}", "{}", "{\"other\":1}", "{\"note\":\"\"}");
      case 4 ->
          "{\"note\":"
              + pick(r, "42", "[\"x\"]", "{}", "true", "1.5", "{\"a\":[1,2,{\"b\":null}]}")
              + "}";
      case 5 -> "{\"note\":\"" + noteOfLength(r) + "\"}";
      case 6 -> pick(r, "[]", "\"x\"", "1", "null", "true", "[\"note\"]");
      case 7, 8 -> pick(r, BROKEN_JSON);
      case 9 -> deep(r);
      case 10 -> "{\"note\":\"" + "x".repeat(pickInt(r, 16000, 16384, 20000, 100_000)) + "\"}";
      default -> randomBytes(r);
    };
  }

  /** A Content-Type header line for a body: JSON mostly, none sometimes, else something odd. */
  static String contentType(SplittableRandom r) {
    int pick = r.nextInt(100);
    if (pick < 65) {
      return "Content-Type: application/json\r\n";
    }
    if (pick < 80) {
      return "";
    }
    if (pick < 83) {
      return "Content-Type: application/json\r\nContent-Type: text/plain\r\n";
    }
    return "Content-Type: " + pick(r, CONTENT_TYPES) + "\r\n";
  }

  /** {@code body} as chunks of random sizes, with extensions and trailers now and then. */
  static String chunked(SplittableRandom r, String body) {
    StringBuilder wire = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int size = Math.min(body.length() - at, r.nextInt(1, 4096));
      wire.append(Integer.toHexString(size));
      if (chance(r, 10)) {
        wire.append(pick(r, ";ext=1", ";e=\"q\"", ";" + "e".repeat(300)));
      }
      wire.append("\r\n").append(body, at, at + size).append("\r\n");
      at += size;
    }
    wire.append("0\r\n");
    if (chance(r, 10)) {
      wire.append(pick(r, "X-Trailer: t\r\n", "Content-Length: 5\r\n", "X-T: a\r\n".repeat(100)));
    }
    return wire.append("\r\n").toString();
  }

  private static String text(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> "read later";
      case 1 -> utf8("Grüße, 東京 🚀");
      case 2 -> "\\\"quoted\\\" \\\\ \\t \\n \\u0000 \\ud83d\\ude80";
      case 3 -> utf8("\u202e\u200b\ufeff");
      case 4 -> "<script>alert(1)</script>";
      default -> "x".repeat(r.nextInt(0, 50));
    };
  }

  /** Around the 1000-character limit, counted in ASCII or in emoji (two UTF-16 units each). */
  private static String noteOfLength(SplittableRandom r) {
    int length = pickInt(r, 999, 1000, 1001, 1500);
    return chance(r, 50) ? "n".repeat(length) : utf8("🚀".repeat(length));
  }

  private static String deep(SplittableRandom r) {
    int depth = pickInt(r, 500, 999, 1000, 1001, 5000, 15_000);
    return switch (r.nextInt(3)) {
      case 0 -> "[".repeat(depth);
      case 1 -> "{\"a\":".repeat(depth / 5);
      default -> "[".repeat(depth / 2) + "]".repeat(depth / 2);
    };
  }

  private static String randomBytes(SplittableRandom r) {
    StringBuilder bytes = new StringBuilder();
    int length = r.nextInt(1, 200);
    for (int i = 0; i < length; i++) {
      bytes.append((char) r.nextInt(0, 256));
    }
    return bytes.toString();
  }
}
