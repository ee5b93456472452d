package dev.asyncexample.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parts of a request, some plausible and some hostile: methods, ids, paths, queries, versions
 * and headers. Every string holds one char (0..255) per byte on the wire.
 */
final class Pieces {

  static final String[] COMMON_METHODS = {
    "GET", "GET", "GET", "GET", "PUT", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH"
  };

  static final String[] ODD_METHODS = {
    "TRACE",
    "CONNECT",
    "FOO",
    "get",
    "M-SEARCH",
    "PRI",
    "PROPFIND",
    "GET\u0000",
    "G\u00c9T",
    "A".repeat(40),
    "GET:",
    "[GET]"
  };

  private static final String[] ODD_IDS = {
    "0",
    "-1",
    "101",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "99999999999999999999",
    "1e3",
    "0x1",
    "+1",
    "01",
    "1.0",
    "%201",
    "1%20",
    "%00",
    "%2F",
    "%D9%A1%D9%A2",
    "%EF%BC%91",
    "NaN",
    "null",
    "1;1",
    "1,2",
    "9".repeat(300),
    "%C0%AF",
    "%E2%80%AE1"
  };

  private static final String[] DOCS_FILES = {
    "",
    "/",
    "/init.js",
    "/swagger-ui.css",
    "/swagger-ui-bundle.js",
    "/favicon-32x32.png",
    "/index.html",
    "/oauth2-redirect.html",
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fetc%2fpasswd",
    "/nope.js",
    "//init.js",
    "/init.js/"
  };

  private static final String[] PATH_INSERTS = {
    "%", "%2", "%zz", "%00", "%C0%AF", "%252e", "%2e%2e", "//", "/./", "/../", ";x=1", "#frag", "?",
    "%FF", "%u0041", "\\", " ", "\t", "\"", "<", ">", "{", "|", "^", "`"
  };

  private static final String[] QUERY_KEYS = {
    "userId", "limit", "after", "name", "q", "", "a[]", "%00", "userId", "limit", "user%49d"
  };

  private static final String[] QUERY_VALUES = {
    "", "abc", "%zz", "%FF", "1%262", "a=b", "-1", "501", "0", "500", "1.5", "%2B1", "+1"
  };

  private static final String[] ODD_VERSIONS = {
    "HTTP/2.0",
    "HTTP/1.2",
    "HTTP/0.9",
    "HTTP/1.10",
    "HTTP/11",
    "http/1.1",
    "HTTP /1.1",
    "",
    "HTTP/1.1\u0000",
    "HTTP/3",
    "HTTP/1.1 extra"
  };

  private Pieces() {}

  static String pick(SplittableRandom r, String... options) {
    return options[r.nextInt(options.length)];
  }

  static boolean chance(SplittableRandom r, int percent) {
    return r.nextInt(100) < percent;
  }

  /** {@code text} as UTF-8 on the wire. */
  static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static String method(SplittableRandom r) {
    return chance(r, 92) ? pick(r, COMMON_METHODS) : pick(r, ODD_METHODS);
  }

  static String id(SplittableRandom r) {
    return chance(r, 70) ? String.valueOf(r.nextInt(1, 121)) : pick(r, ODD_IDS);
  }

  /** A path of the API (or near one), sometimes damaged. */
  static String path(SplittableRandom r) {
    String path =
        switch (r.nextInt(15)) {
          case 0 -> "/";
          case 1 -> "/v1/posts";
          case 2, 3 -> "/v1/posts/" + id(r);
          case 4 -> "/v1/users/" + id(r) + "/posts";
          case 5 -> "/v1/users/" + id(r) + "/bookmarks";
          case 6, 7 -> "/v1/users/" + id(r) + "/bookmarks/" + id(r);
          case 8 -> "/v1/exports";
          case 9 ->
              "/v1/exports/"
                  + pick(r, "posts-20260101T000000Z-0123abcd.ndjson", "..%2F..%2Fetc", "x", "");
          case 10 -> pick(r, "/health", "/ready", "/openapi.json");
          case 11 -> "/docs" + pick(r, DOCS_FILES);
          case 12 -> "/" + segment(r);
          case 13 -> "/v1/posts/" + id(r) + "/" + segment(r);
          default -> "/v1" + pick(r, "", "/", "/users", "/users/1", "/users/1/bookmarks/1/2");
        };
    return chance(r, 15) ? damage(r, path) : path;
  }

  private static String segment(SplittableRandom r) {
    StringBuilder s = new StringBuilder();
    int length = r.nextInt(1, 12);
    for (int i = 0; i < length; i++) {
      s.append((char) r.nextInt('a', 'z' + 1));
    }
    return s.toString();
  }

  /** One to three odd bytes, broken escapes or dot segments put into {@code path}. */
  private static String damage(SplittableRandom r, String path) {
    StringBuilder damaged = new StringBuilder(path);
    int count = r.nextInt(1, 4);
    for (int i = 0; i < count; i++) {
      int at = r.nextInt(1, damaged.length() + 1);
      String insert = chance(r, 40) ? String.valueOf((char) oddByte(r)) : pick(r, PATH_INSERTS);
      damaged.insert(at, insert);
    }
    return damaged.toString();
  }

  /** A control character, DEL, or a byte above ASCII. */
  static int oddByte(SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> r.nextInt(0x00, 0x20);
      case 1 -> 0x7f;
      default -> r.nextInt(0x80, 0x100);
    };
  }

  /** A query string with its '?', often empty; keys may repeat. */
  static String query(SplittableRandom r) {
    if (chance(r, 60)) {
      return "";
    }
    List<String> parameters = new ArrayList<>();
    int count = r.nextInt(1, 6);
    for (int i = 0; i < count; i++) {
      String key = pick(r, QUERY_KEYS);
      String value = chance(r, 50) ? id(r) : pick(r, QUERY_VALUES);
      parameters.add(chance(r, 10) ? key : key + "=" + value);
    }
    return "?" + String.join(chance(r, 10) ? ";" : "&", parameters) + (chance(r, 10) ? "&" : "");
  }

  static String version(SplittableRandom r) {
    if (chance(r, 95)) {
      return "HTTP/1.1";
    }
    return chance(r, 40) ? "HTTP/1.0" : pick(r, ODD_VERSIONS);
  }

  /** Header lines (each ending in CRLF) a client might send, and some no client should. */
  static String headers(SplittableRandom r) {
    StringBuilder h = new StringBuilder();
    if (chance(r, 97)) {
      h.append("Host: localhost\r\n");
    } else if (chance(r, 50)) {
      h.append(pick(r, "Host: \r\n", "Host: a b\r\n", "Host: x:99999\r\n", "Host: [::1\r\n"))
          .append(chance(r, 50) ? "Host: other\r\n" : "");
    }
    optional(
        h,
        r,
        30,
        "Accept",
        "application/json",
        "application/x-ndjson",
        "text/html",
        "*/*",
        "text/csv",
        "application/json;q=0",
        "application/x-ndjson;q=1, application/json;q=0.5",
        "////",
        "",
        "image/*");
    optional(h, r, 5, "Accept-Charset", "iso-8859-1", "utf-8;q=0", "*");
    optional(h, r, 8, "Accept-Encoding", "gzip", "br;q=1, identity;q=0", "*;q=0", "deflate");
    optional(h, r, 10, "Cache-Control", "no-cache", "max-age=0", "no-store", "garbage");
    optional(
        h, r, 20, "X-Request-Id", "req-" + r.nextInt(), "<script>", "a b", "x".repeat(200), "");
    optional(
        h, r, 5, "Range", "bytes=0-5", "bytes=999999-", "bytes=abc", "items=0-5", manyRanges());
    optional(h, r, 3, "If-None-Match", "*", "\"x\"");
    optional(h, r, 3, "If-Match", "\"x\"", "*");
    optional(h, r, 3, "If-Modified-Since", "garbage", "Mon, 01 Jan 1990 00:00:00 GMT");
    optional(h, r, 3, "If-Unmodified-Since", "Mon, 01 Jan 1990 00:00:00 GMT");
    optional(h, r, 8, "Connection", "keep-alive", "close", "Upgrade", "foo");
    optional(h, r, 3, "Upgrade", "h2c", "websocket");
    optional(h, r, 3, "Expect", "100-continue", "200-ok");
    optional(h, r, 5, "Origin", "https://evil.example", "null");
    optional(h, r, 5, "Cookie", "a=b", "a=" + "b".repeat(500));
    optional(h, r, 5, "Authorization", "Basic !!!", "Bearer x");
    optional(h, r, 5, "User-Agent", "fuzz", utf8("zerstört/1.0 ☃"));
    if (chance(r, 4)) {
      int count = r.nextInt(10, 81);
      for (int i = 0; i < count; i++) {
        h.append("X-Flood-").append(i).append(": ").append(r.nextInt()).append("\r\n");
      }
    }
    if (chance(r, 2)) {
      h.append("X-Long: ")
          .append("v".repeat(pickInt(r, 8000, 8192, 8193, 9000, 20000)))
          .append("\r\n");
    }
    if (chance(r, 2)) {
      h.append("X-").append("n".repeat(pickInt(r, 61, 62, 63, 200))).append(": v\r\n");
    }
    if (chance(r, 3)) {
      h.append(
          pick(
              r,
              "X-Fold: a\r\n b\r\n",
              "Bad Name: x\r\n",
              "X-A\u0000: y\r\n",
              ": nameless\r\n",
              "X-\u00fc: y\r\n",
              "X-A: \u0000\r\n",
              "X-A: \u007f\r\n",
              "X-A: \u00ff\r\n",
              "NoColonHere\r\n",
              "X-A : spaced\r\n"));
    }
    return h.toString();
  }

  private static String manyRanges() {
    StringBuilder ranges = new StringBuilder("bytes=0-0");
    for (int i = 1; i < 40; i++) {
      ranges.append(',').append(i * 2).append('-').append(i * 2);
    }
    return ranges.toString();
  }

  private static void optional(
      StringBuilder h, SplittableRandom r, int percent, String name, String... values) {
    if (chance(r, percent)) {
      h.append(name).append(": ").append(pick(r, values)).append("\r\n");
    }
  }

  static int pickInt(SplittableRandom r, int... options) {
    return options[r.nextInt(options.length)];
  }
}
