package dev.asyncexample.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.asyncexample.concurrent.Failures;
import dev.asyncexample.json.Json;
import dev.asyncexample.tracing.LogContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.RequestEntityExpectedRejection;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnacceptedResponseContentTypeRejection;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.server.ContentNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/** Every error the API answers, in FastAPI's shape: {@code {"detail": ...}}. */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  /** FastAPI's error body. {@code detail} is a message, or a list of validation errors. */
  public record Detail(Object detail) {}

  private Problems() {}

  public static HttpResponse response(StatusCode status, Object detail) {
    return HttpResponse.create().withStatus(status).withEntity(Json.entity(new Detail(detail)));
  }

  public static Route complete(StatusCode status, String detail) {
    return Directives.complete(response(status, detail));
  }

  /**
   * Turns failures of our own routes into JSON; nothing reaches the client as a stack trace. What
   * it logs carries the request's id and trace (MDC).
   */
  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .matchAny(
            thrown ->
                RequestLog.context(context -> LogContext.get(context, () -> fromException(thrown))))
        .build();
  }

  private static Route fromException(Throwable thrown) {
    Throwable cause = Failures.unwrap(thrown);
    if (cause instanceof InvalidInputException invalid) {
      return validation(invalid.error());
    }
    if (cause instanceof EntityStreamSizeException) {
      return complete(StatusCodes.CONTENT_TOO_LARGE, "Request body is too large");
    }
    if (cause instanceof ApiProblem problem) {
      if (problem.logged()) {
        log.warn("{}{}", cause.getMessage(), describe(cause.getCause()));
      }
      HttpResponse answer = response(problem.status(), problem.detail());
      return Directives.complete(
          problem.retryAfter().map(wait -> answer.addHeader(retryAfter(wait))).orElse(answer));
    }
    if (cause instanceof TimeoutException) {
      log.warn("Timed out waiting for the upstream{}", describe(cause));
      return complete(StatusCodes.GATEWAY_TIMEOUT, "Upstream did not answer in time");
    }
    log.error("Unhandled failure in a route", cause);
    return complete(StatusCodes.INTERNAL_SERVER_ERROR, "Internal Server Error");
  }

  /** {@code Retry-After} in whole seconds, rounded up: at least 1, since 0 invites a storm. */
  public static HttpHeader retryAfter(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return RawHeader.create("Retry-After", Long.toString(seconds));
  }

  /** The cause in one short line for the log: its type and the start of its message. */
  private static String describe(Throwable cause) {
    if (cause == null) {
      return "";
    }
    String message = String.valueOf(cause.getMessage());
    String shortMessage = message.length() > 160 ? message.substring(0, 160) + "…" : message;
    return " (" + cause.getClass().getSimpleName() + ": " + shortMessage + ")";
  }

  /**
   * 404 and 405 with FastAPI's texts, the rejections a client can fix with our words for them, and
   * every other rejection with the status and headers Pekko gives it (Allow, Content-Range...) but
   * our words for that status: Pekko's texts quote exceptions and client input.
   */
  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, Problems::methodNotAllowed)
        .handle(MalformedRequestContentRejection.class, Problems::unreadableBody)
        .handleAll(UnacceptedResponseContentTypeRejection.class, Problems::notAcceptable)
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            rejection -> statusInOurWords(StatusCodes.UNSUPPORTED_MEDIA_TYPE))
        .handle(
            RequestEntityExpectedRejection.class,
            rejection -> complete(StatusCodes.BAD_REQUEST, "The request needs a body"))
        .handleNotFound(complete(StatusCodes.NOT_FOUND, "Not Found"))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(Problems::reworded);
  }

  /** A body that could not be read: ours to word, as Pekko's text quotes its exception. */
  private static Route unreadableBody(MalformedRequestContentRejection rejection) {
    if (rejection.getCause() instanceof EntityStreamSizeException) {
      return complete(StatusCodes.CONTENT_TOO_LARGE, "Request body is too large");
    }
    return complete(StatusCodes.BAD_REQUEST, "The request body could not be read");
  }

  private static Route methodNotAllowed(List<MethodRejection> rejections) {
    List<HttpMethod> supported =
        rejections.stream().map(MethodRejection::supported).distinct().collect(Collectors.toList());
    return Directives.complete(
        response(StatusCodes.METHOD_NOT_ALLOWED, "Method Not Allowed")
            .addHeader(Allow.create(supported.toArray(HttpMethod[]::new))));
  }

  /** 406 naming what the client could accept instead; the types are ours, never its input. */
  private static Route notAcceptable(List<UnacceptedResponseContentTypeRejection> rejections) {
    String offered =
        rejections.stream()
            .flatMap(rejection -> CollectionConverters.asJava(rejection.supported()).stream())
            .map(ContentNegotiator.Alternative::format)
            .distinct()
            .sorted()
            .collect(Collectors.joining(", "));
    return complete(
        StatusCodes.NOT_ACCEPTABLE,
        offered.isEmpty()
            ? ErrorWords.forStatus(StatusCodes.NOT_ACCEPTABLE.intValue())
            : "This resource is available only as " + offered);
  }

  private static Route statusInOurWords(StatusCode status) {
    return complete(status, ErrorWords.forStatus(status.intValue()));
  }

  /**
   * Wraps routes whose error answers may come from Pekko itself rather than a rejection (412 from a
   * conditional GET of a file, ...), so those speak our JSON too.
   */
  public static Route inOurWords(Supplier<Route> inner) {
    return Directives.mapResponse(Problems::reworded, inner);
  }

  /**
   * An error answer that is not our JSON (Pekko's default texts) gets our words for its status; its
   * status and headers stay.
   */
  static HttpResponse reworded(HttpResponse response) {
    if (response.status().intValue() < 400
        || response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
      return response;
    }
    // Never materialised: dropping an unread server-side body leaks nothing.
    return response.withEntity(
        Json.entity(new Detail(ErrorWords.forStatus(response.status().intValue()))));
  }

  /** The response of a request that outlived {@code pekko.http.server.request-timeout}. */
  public static HttpResponse requestTimeout() {
    return unrouted(
        StatusCodes.SERVICE_UNAVAILABLE, "The server did not produce a response in time");
  }

  /**
   * An error answer no route produced (the parser's, a timeout's, a guard's in front of the
   * routes): it carries its own new id and the headers every answer has. Log the id with the cause,
   * so the two can be matched.
   */
  public static HttpResponse unrouted(StatusCode status, String detail) {
    return response(status, detail)
        .addHeader(RawHeader.create(RequestLog.HEADER, RequestLog.newId()))
        .addHeader(ApiRoutes.NO_SNIFF);
  }

  /** As {@link #unrouted(StatusCode, String)}, in our words for {@code status}. */
  public static HttpResponse unrouted(StatusCode status) {
    return unrouted(status, ErrorWords.forStatus(status.intValue()));
  }

  /**
   * A FastAPI/pydantic validation error for one input.
   *
   * @param loc where the input is: {@code ["path", "post_id"]}, {@code ["body", "note"]}, ...
   * @param ctx the limit that was broken, when there is one
   */
  public record FieldError(
      String type,
      List<Object> loc,
      String msg,
      Object input,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> ctx) {

    public FieldError(String type, List<Object> loc, String msg, Object input) {
      this(type, loc, msg, input, null);
    }
  }

  /** Thrown by code that reads input, to answer 422 with {@link #error()}. */
  public static final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialised: it only travels to the exception handler
    private final FieldError error;

    public InvalidInputException(FieldError error) {
      super(error.msg(), null, false, false);
      this.error = error;
    }

    public FieldError error() {
      return error;
    }
  }

  public static Route validation(FieldError error) {
    return Directives.complete(response(StatusCodes.UNPROCESSABLE_CONTENT, List.of(error)));
  }
}
