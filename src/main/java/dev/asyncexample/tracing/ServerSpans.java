package dev.asyncexample.tracing;

import static dev.asyncexample.tracing.SemanticAttributes.ERROR_TYPE;
import static dev.asyncexample.tracing.SemanticAttributes.HTTP_REQUEST_METHOD;
import static dev.asyncexample.tracing.SemanticAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.asyncexample.tracing.SemanticAttributes.HTTP_ROUTE;
import static dev.asyncexample.tracing.SemanticAttributes.NETWORK_PROTOCOL_VERSION;
import static dev.asyncexample.tracing.SemanticAttributes.SERVER_ADDRESS;
import static dev.asyncexample.tracing.SemanticAttributes.SERVER_PORT;
import static dev.asyncexample.tracing.SemanticAttributes.URL_PATH;
import static dev.asyncexample.tracing.SemanticAttributes.URL_SCHEME;
import static dev.asyncexample.tracing.SemanticAttributes.USER_AGENT_ORIGINAL;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.Uri;

/**
 * The server span of one request, from the edge to its response. It continues the caller's trace
 * ({@code traceparent}, {@code tracestate}); its name, method and route template, is known only
 * once a route matched, so it starts as the method and is renamed at the end.
 */
public final class ServerSpans {

  private ServerSpans() {}

  /**
   * Starts {@code request}'s server span, when tracing is on, and returns the context its work runs
   * in.
   */
  public static RequestContext start(Tracing tracing, HttpRequest request, String requestId) {
    if (!tracing.enabled()) {
      return new RequestContext(requestId, tracing, Context.root());
    }
    Context parent = tracing.propagator().extract(Context.root(), request, RequestHeaders.GETTER);
    String method = request.method().value();
    Uri uri = request.getUri();
    SpanBuilder builder =
        tracing
            .tracer()
            .spanBuilder(method)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(HTTP_REQUEST_METHOD, method)
            .setAttribute(URL_PATH, uri.path())
            .setAttribute(URL_SCHEME, uri.scheme())
            .setAttribute(SERVER_ADDRESS, uri.host().address())
            .setAttribute(SERVER_PORT, (long) uri.port())
            .setAttribute(NETWORK_PROTOCOL_VERSION, protocolVersion(request));
    request
        .getHeader("User-Agent")
        .ifPresent(agent -> builder.setAttribute(USER_AGENT_ORIGINAL, agent.value()));
    Span span = builder.startSpan();
    return new RequestContext(requestId, tracing, parent.with(span));
  }

  /**
   * Ends the server span in {@code context} with the response's status; a 5xx marks it failed (a
   * 4xx is the client's doing, so not the server span's error). Does nothing when untraced.
   *
   * @param route the template that matched, or null when none did (the span keeps the method alone
   *     as its name, as the conventions ask)
   */
  public static void end(RequestContext context, String method, String route, int status) {
    if (!context.traced()) {
      return;
    }
    Span span = Span.fromContext(context.trace());
    if (route != null) {
      span.updateName(method + " " + route);
      span.setAttribute(HTTP_ROUTE, route);
    }
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
    if (status >= 500) {
      span.setAttribute(ERROR_TYPE, Integer.toString(status));
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  private static String protocolVersion(HttpRequest request) {
    String protocol = request.protocol().value();
    int slash = protocol.indexOf('/');
    return slash < 0 ? protocol : protocol.substring(slash + 1);
  }

  /**
   * Reads trace headers off a Pekko request; header names are matched ignoring case. It lists no
   * keys: the W3C propagators ask for the headers they know by name.
   */
  private enum RequestHeaders implements TextMapGetter<HttpRequest> {
    GETTER;

    @Override
    public String get(HttpRequest carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key).map(HttpHeader::value).orElse(null);
    }
  }
}
