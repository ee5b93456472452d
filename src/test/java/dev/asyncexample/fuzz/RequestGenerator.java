package dev.asyncexample.fuzz;

import static dev.asyncexample.fuzz.Pieces.chance;
import static dev.asyncexample.fuzz.Pieces.pick;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Requests over the whole HTTP surface from a seed: case {@code i} of seed {@code s} is always the
 * same bytes, whichever thread makes it and whatever ran before, so a failing seed replays.
 */
final class RequestGenerator {

  /** Ids of requests hidden in bodies; the server must never answer one. */
  static final String SMUGGLED_ID = "smuggled-";

  private final long seed;

  RequestGenerator(long seed) {
    this.seed = seed;
  }

  /** Case {@code index}: any family but {@link #ambiguousFraming}'s. */
  FuzzCase generate(int index) {
    SplittableRandom r = random(index);
    int family = r.nextInt(100);
    if (family < 45) {
      return single(index, "request", r);
    }
    if (family < 55) {
      return requestLine(index, r);
    }
    if (family < 75) {
      return withBody(index, r);
    }
    if (family < 88) {
      return framing(index, r);
    }
    return pipelined(index, r);
  }

  /**
   * Case {@code index} of the framings a strict parser refuses and Pekko's does not: Content-Length
   * values past 2^64 or with digits apart, and HTTP/1.0 with Transfer-Encoding. Each hides a
   * request in its body; read leniently, it is answered (smuggled) or crashes the parser (500).
   */
  FuzzCase ambiguousFraming(int index) {
    SplittableRandom r = random(index);
    String hidden = smuggled(index);
    if (chance(r, 25)) {
      String wire =
          "PUT /v1/users/1/bookmarks/1 HTTP/1.0\r\nHost: localhost\r\n"
              + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(hidden.length())
              + "\r\n"
              + hidden
              + "\r\n0\r\n\r\n";
      return new FuzzCase(index, "http1.0-chunked", wire, List.of("PUT"), true);
    }
    int pad = r.nextInt(10, 60);
    String length =
        switch (r.nextInt(4)) {
          case 0 ->
              BigInteger.TWO
                  .pow(64)
                  .multiply(BigInteger.valueOf(r.nextInt(1, 4)))
                  .add(BigInteger.valueOf(pad))
                  .toString();
          case 1 -> "00" + BigInteger.TWO.pow(64).add(BigInteger.valueOf(pad));
          case 2 -> String.join(pick(r, " ", "\t", "  "), String.valueOf(pad).split(""));
          default -> "0 " + pad;
        };
    String wire =
        "PUT /v1/users/1/bookmarks/1 HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + length
            + "\r\n\r\n"
            + "x".repeat(pad)
            + hidden;
    return new FuzzCase(index, "ambiguous-length", wire, List.of("PUT"), true);
  }

  private SplittableRandom random(int index) {
    // SplitMix64's finaliser: neighbouring indexes get unrelated streams.
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }

  /** A request of the API's shape, with random method, path, query, headers and maybe a body. */
  private FuzzCase single(int index, String family, SplittableRandom r) {
    Request request = request(r);
    return new FuzzCase(
        index, family, request.wire(), List.of(request.method()), request.complete());
  }

  private record Request(String method, String wire, boolean complete) {}

  private Request request(SplittableRandom r) {
    String method = Pieces.method(r);
    String version = Pieces.version(r);
    String head = method + " " + Pieces.path(r) + Pieces.query(r) + " " + version + "\r\n";
    String headers = Pieces.headers(r);
    boolean hasBody =
        method.equals("PUT") || method.equals("POST") || method.equals("PATCH") || chance(r, 5);
    if (!hasBody) {
      return new Request(method, head + headers + "\r\n", true);
    }
    String body = Bodies.content(r);
    String type = Bodies.contentType(r);
    // HTTP/1.0 with chunked is ambiguousFraming's.
    if (version.equals("HTTP/1.1") && chance(r, 20)) {
      return new Request(
          method,
          head + headers + type + "Transfer-Encoding: chunked\r\n\r\n" + Bodies.chunked(r, body),
          true);
    }
    return new Request(
        method,
        head + headers + type + "Content-Length: " + body.length() + "\r\n\r\n" + body,
        true);
  }

  /** The request line and what precedes it, broken in the ways parsers differ on. */
  private FuzzCase requestLine(int index, SplittableRandom r) {
    String method = Pieces.method(r);
    String rest = " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String wire =
        switch (r.nextInt(8)) {
          case 0 -> Pieces.pick(r, Pieces.ODD_METHODS) + " /" + rest;
          case 1 ->
              method
                  + " "
                  + pick(
                      r,
                      "*",
                      "http://localhost/",
                      "http://other.example/v1/posts/1",
                      "localhost:80",
                      "",
                      "/ /",
                      "//",
                      "/?" + "&".repeat(100),
                      "/" + "a".repeat(Pieces.pickInt(r, 8100, 8180, 8190, 8200, 8300)))
                  + rest;
          case 2 ->
              method
                  + " / "
                  + pick(r, "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.1", "")
                  + "\r\nHost: localhost\r\n\r\n";
          case 3 -> method + pick(r, "  /", "\t/", " /\t") + rest;
          case 4 -> "\r\n\r\n" + method + " /" + rest;
          case 5 -> method + " / HTTP/1.1\nHost: localhost\n\n";
          case 6 ->
              pick(
                  r,
                  "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
                  "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                  "GET\r\n\r\n",
                  "\r\n\r\n");
          default -> {
            StringBuilder noise = new StringBuilder();
            int length = r.nextInt(1, 300);
            for (int i = 0; i < length; i++) {
              noise.append((char) r.nextInt(0, 256));
            }
            yield noise.append("\r\n\r\n").toString();
          }
        };
    // Some of these wait for more bytes or close at once: an answer is allowed, not owed.
    return new FuzzCase(index, "request-line", wire, List.of(method), false);
  }

  /** PUT of a note with any body, Content-Type and framing, lengths sometimes wrong. */
  private FuzzCase withBody(int index, SplittableRandom r) {
    String method = pick(r, "PUT", "PUT", "PUT", "POST", "DELETE", "GET");
    String path =
        chance(r, 80) ? "/v1/users/" + Pieces.id(r) + "/bookmarks/" + Pieces.id(r) : Pieces.path(r);
    String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + Bodies.contentType(r);
    String body = Bodies.content(r);
    int framing = r.nextInt(100);
    if (framing < 70) {
      return new FuzzCase(
          index,
          "body",
          head + "Content-Length: " + body.length() + "\r\n\r\n" + body,
          List.of(method),
          true);
    }
    if (framing < 90) {
      return new FuzzCase(
          index,
          "body-chunked",
          head + "Transfer-Encoding: chunked\r\n\r\n" + Bodies.chunked(r, body),
          List.of(method),
          true);
    }
    if (framing < 95 && body.length() > 1) {
      // Shorter than the body: what follows is read as a next request (garbage, answered 4xx).
      int declared = r.nextInt(0, body.length());
      return new FuzzCase(
          index,
          "body-short-length",
          head + "Content-Length: " + declared + "\r\n\r\n" + body,
          List.of(method, "?"),
          true);
    }
    // Longer than the body: the server reads to the end of the input and must not hang.
    return new FuzzCase(
        index,
        "body-long-length",
        head + "Content-Length: " + (body.length() + r.nextInt(1, 1000)) + "\r\n\r\n" + body,
        List.of(method),
        false);
  }

  /**
   * A request hidden in a body, framed in ways parsers have disagreed on: a correct server reads it
   * as body bytes or refuses the request, and never answers it.
   */
  private FuzzCase framing(int index, SplittableRandom r) {
    String hidden = smuggled(index);
    String method = pick(r, "PUT", "PUT", "GET", "DELETE", "POST");
    int variant = r.nextInt(12);
    // HTTP/1.0 with Transfer-Encoding is ambiguousFraming's.
    boolean lengthOnly = variant <= 2 || variant >= 10;
    String head =
        method
            + " /v1/users/1/bookmarks/"
            + r.nextInt(1, 101)
            + " HTTP/"
            + (lengthOnly && chance(r, 10) ? "1.0" : "1.1")
            + "\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    String chunk = Integer.toHexString(hidden.length());
    String wire =
        switch (variant) {
          case 0 -> head + "Content-Length: " + hidden.length() + "\r\n\r\n" + hidden;
          case 1 -> head + "Content-Length: 000" + hidden.length() + "\r\n\r\n" + hidden;
          case 2 -> head + "Content-Length:\t" + hidden.length() + " \r\n\r\n" + hidden;
          case 3 ->
              head
                  + "Transfer-Encoding: "
                  + pick(r, "chunked", "Chunked", "CHUNKED", " chunked", "chunked ")
                  + "\r\n\r\n"
                  + chunk
                  + "\r\n"
                  + hidden
                  + "\r\n0\r\n\r\n";
          case 4 ->
              head
                  + "Transfer-Encoding: chunked\r\nContent-Length: "
                  + pick(r, "0", "4", String.valueOf(hidden.length()))
                  + "\r\n\r\n"
                  + chunk
                  + "\r\n"
                  + hidden
                  + "\r\n0\r\n\r\n";
          case 5 ->
              head
                  + "Transfer-Encoding: "
                  + pick(
                      r,
                      "chunked, identity",
                      "identity, chunked",
                      "gzip, chunked",
                      "chunked, chunked",
                      "identity",
                      "xchunked",
                      "chunked;q=1")
                  + "\r\nContent-Length: "
                  + hidden.length()
                  + "\r\n\r\n"
                  + hidden;
          case 6 ->
              head
                  + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"
                  + chunk
                  + "\r\n"
                  + hidden
                  + "\r\n0\r\n\r\n";
          case 7 ->
              head
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + pick(
                      r,
                      "000" + chunk,
                      chunk.toUpperCase(java.util.Locale.ROOT),
                      chunk + ";x=\"y\"")
                  + "\r\n"
                  + hidden
                  + "\r\n0\r\n\r\n";
          case 8 -> head + "Transfer-Encoding: chunked\r\n\r\n" + chunk + "\n" + hidden + "\n0\n\n";
          case 9 ->
              head
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + pick(r, "1" + "0".repeat(16) + chunk, "-" + chunk, chunk + " ", "0x" + chunk)
                  + "\r\n"
                  + hidden
                  + "\r\n0\r\n\r\n";
          case 10 ->
              head
                  + "Expect: 100-continue\r\nContent-Length: "
                  + hidden.length()
                  + "\r\n\r\n"
                  + hidden;
          default ->
              head
                  + "Content-Length: "
                  + hidden.length()
                  + "\r\nContent-Length: "
                  + pick(r, "0", String.valueOf(hidden.length()))
                  + "\r\n\r\n"
                  + hidden;
        };
    return new FuzzCase(index, "framing", wire, List.of(method), true);
  }

  /** Two or three well-formed requests in one write, as a pipelining client sends them. */
  private FuzzCase pipelined(int index, SplittableRandom r) {
    int count = r.nextInt(2, 4);
    StringBuilder wire = new StringBuilder();
    List<String> methods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String method = pick(r, "GET", "GET", "PUT", "DELETE", "HEAD");
      String path =
          method.equals("GET") || method.equals("HEAD")
              ? Pieces.path(r) + Pieces.query(r)
              : "/v1/users/" + r.nextInt(1, 50) + "/bookmarks/" + r.nextInt(1, 101);
      String body = method.equals("PUT") ? "{\"note\":\"pipelined " + i + "\"}" : "";
      wire.append(method)
          .append(' ')
          .append(path)
          .append(" HTTP/1.1\r\nHost: localhost\r\n")
          .append(body.isEmpty() ? "" : "Content-Type: application/json\r\n")
          .append(body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n")
          .append("\r\n")
          .append(body);
      methods.add(method);
    }
    return new FuzzCase(index, "pipelined", wire.toString(), methods, true);
  }

  /** A complete request whose id gives it away if the server ever answers it. */
  private static String smuggled(int index) {
    return "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: "
        + SMUGGLED_ID
        + index
        + "\r\n\r\n";
  }
}
