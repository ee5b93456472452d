package dev.asyncexample.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.apache.pekko.util.ByteString;

/**
 * Finds where each request in a client's bytes ends (HTTP/1.1 message framing), as Pekko's parser
 * would, but refuses every request whose end two parsers could place differently.
 *
 * <p>Pekko HTTP 1.3.0 reads {@code Content-Length: 18446744073709551616} as 0 and {@code 1 2} as
 * 12, so a body can be run as a request of its own (request smuggling). Here a head is held back
 * until it is complete and its framing headers are checked; only then are its bytes released, and a
 * body is released as it arrives, counted to its end. Whatever is released is framed by Pekko
 * exactly as here; for anything else {@link #violation()} says why, and instead of the refused
 * request Pekko gets a replacement: for a head, a bodiless request of our own (which the server
 * answers with the error), for a broken chunked body, a byte its parser rejects. Nothing after it
 * is released. One per connection, not thread-safe.
 */
final class RequestFramer {

  private enum Phase {
    HEAD,
    FIXED_BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    STOPPED
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final int INCOMPLETE = -1;
  private static final int REFUSED = -2;

  /** A chunk-size line with extensions; Pekko itself refuses extensions past 256 characters. */
  private static final int MAX_CHUNK_LINE = 4096;

  /** Past it a length could reach Long's range; no real body comes near 10^18 bytes. */
  private static final int MAX_LENGTH_DIGITS = 18;

  private static final byte[] CONTENT_LENGTH = ascii("content-length");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
  private static final byte[] CHUNKED = ascii("chunked");
  private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");
  private static final byte[] REQUEST_ID = ascii("x-request-id");
  private static final byte[] NO_BYTES = new byte[0];

  /** Copied into the replacement request so the access log names what was refused. */
  private static final Set<String> PLAIN_METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final int MAX_TARGET = 2048;

  /** Refused by Pekko's parser wherever a chunk line, chunk end or trailer may start. */
  private static final ByteString POISON = ByteString.fromArray(new byte[] {0});

  private final int maxHeadSize;

  private Phase phase = Phase.HEAD;
  private long remaining;

  // The unit being scanned: a head, a chunk-size line, the CRLF after chunk data, or a trailer.
  private int unitLength;
  private int lineLength;
  private boolean afterCr;
  private boolean sawLine;

  // The start of a unit that began in an earlier chunk.
  private byte[] held = NO_BYTES;
  private int heldLength;

  private int headsReleased;
  private FramingViolation violation;

  RequestFramer(int maxHeadSize) {
    this.maxHeadSize = maxHeadSize;
  }

  /**
   * Takes the next bytes from the client and returns those that may go on to the server now, in
   * order; bytes of an unfinished head are kept for the next call. After a violation it returns the
   * released bytes before the refused request, then its replacement, once; then nothing.
   */
  ByteString accept(ByteString chunk) {
    if (phase == Phase.STOPPED) {
      return ByteString.emptyByteString();
    }
    byte[] bytes = chunk.toArrayUnsafe();
    int length = bytes.length;
    ByteString released = ByteString.emptyByteString();
    int position = 0;
    if (heldLength > 0) {
      int end = scan(bytes, 0, length);
      if (end == INCOMPLETE) {
        hold(bytes, 0, length);
        return released;
      }
      if (end == REFUSED) {
        return replaceRefused(released);
      }
      hold(bytes, 0, end);
      FramingViolation refused = unitComplete(held, 0, heldLength);
      if (refused != null) {
        return refuse(released, refused);
      }
      released = ByteString.fromArray(held, 0, heldLength);
      release();
      position = end;
    }
    int from = position;
    while (position < length) {
      if (phase == Phase.FIXED_BODY || phase == Phase.CHUNK_DATA) {
        int taken = (int) Math.min(remaining, length - position);
        position += taken;
        remaining -= taken;
        if (remaining == 0) {
          startUnit(phase == Phase.FIXED_BODY ? Phase.HEAD : Phase.CHUNK_END);
        }
        continue;
      }
      int end = scan(bytes, position, length);
      if (end == INCOMPLETE) {
        hold(bytes, position, length);
        return released.concat(chunk.slice(from, position));
      }
      if (end == REFUSED) {
        return replaceRefused(released.concat(chunk.slice(from, position)));
      }
      FramingViolation refused = unitComplete(bytes, position, end);
      if (refused != null) {
        hold(bytes, position, end);
        return refuse(released.concat(chunk.slice(from, position)), refused);
      }
      position = end;
    }
    return from == 0 && released.isEmpty() ? chunk : released.concat(chunk.slice(from, length));
  }

  /**
   * The client sent its last byte: returns the start of a head still held, for Pekko's parser to
   * answer as it answers any unfinished head (or bytes that are not HTTP, such as a TLS handshake);
   * then nothing more. No request can follow it, so none can be framed differently.
   */
  ByteString endOfInput() {
    if (phase != Phase.HEAD || heldLength == 0) {
      return ByteString.emptyByteString();
    }
    ByteString unfinished = ByteString.fromArray(held, 0, heldLength);
    phase = Phase.STOPPED;
    held = NO_BYTES;
    heldLength = 0;
    return unfinished;
  }

  /** Why reading stopped, or null while the client's requests are well framed. */
  FramingViolation violation() {
    return violation;
  }

  /** Request heads released so far (the replacement of a refused head not counted). */
  int headsReleased() {
    return headsReleased;
  }

  /** Between requests, with not a byte of the next head received. */
  boolean awaitingHead() {
    return phase == Phase.HEAD && unitLength == 0;
  }

  /** Part of a head received, the rest still awaited. */
  boolean readingHead() {
    return phase == Phase.HEAD && unitLength > 0;
  }

  /** A body (or part of its chunked framing) is still to come. */
  boolean readingBody() {
    return phase != Phase.HEAD && phase != Phase.STOPPED;
  }

  // --- scanning units ---------------------------------------------------------------------------

  private void startUnit(Phase next) {
    phase = next;
    unitLength = 0;
    lineLength = 0;
    afterCr = false;
    sawLine = false;
  }

  /**
   * Scans {@code bytes[from, to)} as the continuation of the current unit: the index just past its
   * end, {@link #INCOMPLETE} when it goes on, or {@link #REFUSED} at a line break that is not CR LF
   * or when the unit outgrows its limit (the bytes up to there are then held).
   */
  private int scan(byte[] bytes, int from, int to) {
    int limit = unitLimit();
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (++unitLength > limit) {
        hold(bytes, from, i);
        return refusedAt(phase == Phase.HEAD ? FramingViolation.HEAD_TOO_LARGE : brokenLine());
      }
      if (afterCr) {
        if (b != LF) {
          hold(bytes, from, i);
          return refusedAt(brokenLine());
        }
        afterCr = false;
        boolean empty = lineLength == 0;
        lineLength = 0;
        if (unitEndsWithLine(empty)) {
          return i + 1;
        }
      } else if (b == CR) {
        afterCr = true;
      } else if (b == LF) {
        hold(bytes, from, i);
        return refusedAt(brokenLine());
      } else {
        lineLength++;
      }
    }
    return INCOMPLETE;
  }

  private int unitLimit() {
    return switch (phase) {
      case CHUNK_SIZE -> MAX_CHUNK_LINE;
      case CHUNK_END -> 2;
      default -> maxHeadSize;
    };
  }

  private boolean unitEndsWithLine(boolean empty) {
    return switch (phase) {
      case HEAD -> headEndsWithLine(empty);
      case TRAILER -> empty;
      default -> true;
    };
  }

  private boolean headEndsWithLine(boolean empty) {
    // A leading empty line stays part of the head: Pekko refuses such a head itself.
    if (empty) {
      return sawLine;
    }
    sawLine = true;
    return false;
  }

  private FramingViolation brokenLine() {
    return phase == Phase.HEAD ? FramingViolation.BARE_LINE_BREAK : FramingViolation.INVALID_CHUNK;
  }

  private int refusedAt(FramingViolation refused) {
    violation = refused;
    return REFUSED;
  }

  /** Checks a whole unit {@code bytes[start, end)} and moves to what follows it. */
  private FramingViolation unitComplete(byte[] bytes, int start, int end) {
    FramingViolation refused =
        switch (phase) {
          case HEAD -> headComplete(bytes, start, end);
          case CHUNK_SIZE -> chunkSizeComplete(bytes, start, end - 2);
          case CHUNK_END -> {
            startUnit(Phase.CHUNK_SIZE);
            yield end - start == 2 ? null : FramingViolation.INVALID_CHUNK;
          }
          case TRAILER -> trailerComplete(bytes, start, end);
          default -> throw new IllegalStateException("no unit in " + phase);
        };
    return refused;
  }

  private FramingViolation headComplete(byte[] bytes, int start, int end) {
    int lineEnd = lineEnd(bytes, start, end);
    boolean http10 = endsWith(bytes, start, lineEnd, HTTP_1_0);
    long contentLength = -1;
    boolean chunked = false;
    for (int line = lineEnd + 2; line < end; line = lineEnd + 2) {
      lineEnd = lineEnd(bytes, line, end);
      if (lineEnd == line) {
        break;
      }
      if (bytes[line] == ' ' || bytes[line] == '\t') {
        return FramingViolation.FOLDED_HEADER;
      }
      int colon = indexOf(bytes, (byte) ':', line, lineEnd);
      if (colon < 0) {
        continue; // Pekko refuses a header line without a colon itself.
      }
      if (nameIs(bytes, line, colon, CONTENT_LENGTH)) {
        long length = decimal(bytes, colon + 1, lineEnd);
        if (length < 0) {
          return FramingViolation.INVALID_CONTENT_LENGTH;
        }
        if (contentLength >= 0 && contentLength != length) {
          return FramingViolation.CONFLICTING_CONTENT_LENGTH;
        }
        contentLength = length;
      } else if (nameIs(bytes, line, colon, TRANSFER_ENCODING)) {
        if (chunked || !valueIs(bytes, colon + 1, lineEnd, CHUNKED)) {
          return FramingViolation.UNSUPPORTED_TRANSFER_ENCODING;
        }
        chunked = true;
      }
    }
    if (chunked && contentLength >= 0) {
      return FramingViolation.CONTENT_LENGTH_WITH_TRANSFER_ENCODING;
    }
    if (chunked && http10) {
      return FramingViolation.TRANSFER_ENCODING_IN_HTTP_1_0;
    }
    headsReleased++;
    if (chunked) {
      startUnit(Phase.CHUNK_SIZE);
    } else if (contentLength > 0) {
      startUnit(Phase.FIXED_BODY);
      remaining = contentLength;
    } else {
      startUnit(Phase.HEAD);
    }
    return null;
  }

  /** {@code HEXDIG{1,8} [SP/HTAB]* [";" extension]}, as a value up to Integer.MAX_VALUE. */
  private FramingViolation chunkSizeComplete(byte[] bytes, int start, int end) {
    long size = 0;
    int i = start;
    while (i < end && hexValue(bytes[i]) >= 0 && i - start < 8) {
      size = size * 16 + hexValue(bytes[i]);
      i++;
    }
    if (i == start || size > Integer.MAX_VALUE) {
      return FramingViolation.INVALID_CHUNK;
    }
    while (i < end && (bytes[i] == ' ' || bytes[i] == '\t')) {
      i++;
    }
    if (i < end && bytes[i] != ';') {
      return FramingViolation.INVALID_CHUNK;
    }
    if (size == 0) {
      startUnit(Phase.TRAILER);
    } else {
      startUnit(Phase.CHUNK_DATA);
      remaining = size;
    }
    return null;
  }

  private FramingViolation trailerComplete(byte[] bytes, int start, int end) {
    for (int line = start; line < end; ) {
      int lineEnd = lineEnd(bytes, line, end);
      if (lineEnd > line && (bytes[line] == ' ' || bytes[line] == '\t')) {
        return FramingViolation.INVALID_CHUNK;
      }
      line = lineEnd + 2;
    }
    startUnit(Phase.HEAD);
    return null;
  }

  // --- refusing
  // -----------------------------------------------------------------------------------

  private ByteString replaceRefused(ByteString released) {
    return refuse(released, violation);
  }

  private ByteString refuse(ByteString released, FramingViolation refused) {
    violation = refused;
    ByteString replacement = refused.inHead() ? replacementHead() : POISON;
    phase = Phase.STOPPED;
    held = NO_BYTES;
    heldLength = 0;
    return released.concat(replacement);
  }

  /**
   * A bodiless request in place of the refused head, with its method and target when they are plain
   * (so the access log names them) and {@code Connection: close}, Pekko's last request here.
   */
  private ByteString replacementHead() {
    String method = "GET";
    String target = "/";
    int lineEnd = lineEnd(held, 0, heldLength);
    int firstSpace = indexOf(held, (byte) ' ', 0, lineEnd);
    int secondSpace = firstSpace < 0 ? -1 : indexOf(held, (byte) ' ', firstSpace + 1, lineEnd);
    if (secondSpace > firstSpace + 1) {
      String candidate = new String(held, 0, firstSpace, StandardCharsets.US_ASCII);
      if (PLAIN_METHODS.contains(candidate)) {
        method = candidate;
      }
      if (visibleAscii(held, firstSpace + 1, secondSpace)
          && secondSpace - firstSpace - 1 <= MAX_TARGET
          && held[firstSpace + 1] == '/') {
        target =
            new String(
                held, firstSpace + 1, secondSpace - firstSpace - 1, StandardCharsets.US_ASCII);
      }
    }
    return ByteString.fromString(
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\n"
            + requestIdHeader()
            + "Connection: close\r\n\r\n",
        StandardCharsets.US_ASCII);
  }

  /** The client's X-Request-Id line, when it is a plain token, so the refusal can be found. */
  private String requestIdHeader() {
    int lineEnd = lineEnd(held, 0, heldLength);
    for (int line = lineEnd + 2; line < heldLength; line = lineEnd + 2) {
      lineEnd = lineEnd(held, line, heldLength);
      int colon = indexOf(held, (byte) ':', line, lineEnd);
      if (colon > 0 && nameIs(held, line, colon, REQUEST_ID)) {
        int start = skipBlanks(held, colon + 1, lineEnd);
        int end = trimBlanks(held, start, lineEnd);
        if (end > start && end - start <= 128 && plainToken(held, start, end)) {
          return "X-Request-Id: "
              + new String(held, start, end - start, StandardCharsets.US_ASCII)
              + "\r\n";
        }
      }
    }
    return "";
  }

  // --- bytes
  // ----------------------------------------------------------------------------------------

  private void hold(byte[] bytes, int from, int to) {
    int count = to - from;
    if (heldLength + count > held.length) {
      held = Arrays.copyOf(held, Math.max(256, Math.max(held.length * 2, heldLength + count)));
    }
    System.arraycopy(bytes, from, held, heldLength, count);
    heldLength += count;
  }

  private void release() {
    heldLength = 0;
    if (held.length > 4096) {
      held = NO_BYTES; // an idle connection does not keep a large head's buffer
    }
  }

  /** Index of the CR of the first CRLF in {@code [from, to)}, or {@code to}. */
  private static int lineEnd(byte[] bytes, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (bytes[i] == CR && bytes[i + 1] == LF) {
        return i;
      }
    }
    return to;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** The header name {@code bytes[from, to)} equals the lower-case {@code name}, in any case. */
  private static boolean nameIs(byte[] bytes, int from, int to, byte[] name) {
    if (to - from != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      byte b = bytes[from + i];
      if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /**
   * The value {@code bytes[from, to)}, without surrounding SP/HTAB, is {@code word} in any case.
   */
  private static boolean valueIs(byte[] bytes, int from, int to, byte[] word) {
    int start = skipBlanks(bytes, from, to);
    int end = trimBlanks(bytes, start, to);
    return nameIs(bytes, start, end, word);
  }

  /**
   * The value {@code bytes[from, to)} as 1 to 18 decimal digits between optional SP/HTAB, or -1: no
   * sign, no list, no inner blanks, nothing that Pekko would read differently.
   */
  private static long decimal(byte[] bytes, int from, int to) {
    int start = skipBlanks(bytes, from, to);
    int end = trimBlanks(bytes, start, to);
    if (end == start || end - start > MAX_LENGTH_DIGITS) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int skipBlanks(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to && (bytes[i] == ' ' || bytes[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static int trimBlanks(byte[] bytes, int from, int to) {
    int i = to;
    while (i > from && (bytes[i - 1] == ' ' || bytes[i - 1] == '\t')) {
      i--;
    }
    return i;
  }

  private static boolean endsWith(byte[] bytes, int from, int to, byte[] suffix) {
    if (to - from < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (bytes[to - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Letters, digits and {@code ._:-}, as the request log accepts in an id. */
  private static boolean plainToken(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      boolean plain =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '.'
              || b == '_'
              || b == ':'
              || b == '-';
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static boolean visibleAscii(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
