package dev.asyncexample.tracing;

import static dev.asyncexample.tracing.SemanticAttributes.ERROR_TYPE;
import static dev.asyncexample.tracing.SemanticAttributes.HTTP_REQUEST_METHOD;
import static dev.asyncexample.tracing.SemanticAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.asyncexample.tracing.SemanticAttributes.SERVER_ADDRESS;
import static dev.asyncexample.tracing.SemanticAttributes.SERVER_PORT;
import static dev.asyncexample.tracing.SemanticAttributes.URL_FULL;
import static dev.asyncexample.tracing.SemanticAttributes.URL_TEMPLATE;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.ToIntFunction;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The client span of one outgoing HTTP request, a child of the request it serves; its context goes
 * out with the request ({@code traceparent}), so the server it calls continues the trace.
 */
public final class ClientSpan {

  private static final ClientSpan NONE = new ClientSpan(null, null, null);

  private final Span span;
  private final Context context;
  private final Tracing tracing;

  private ClientSpan(Span span, Context context, Tracing tracing) {
    this.span = span;
    this.context = context;
    this.tracing = tracing;
  }

  /**
   * Starts the span of {@code request} when {@code parent} is traced; otherwise a span that does
   * nothing.
   *
   * @param template the upstream path's template, e.g. {@code /posts/{id}}: the span's name
   */
  public static ClientSpan start(RequestContext parent, HttpRequest request, String template) {
    if (!parent.traced()) {
      return NONE;
    }
    String method = request.method().value();
    Uri uri = request.getUri();
    Span span =
        parent
            .tracing()
            .tracer()
            .spanBuilder(method + " " + template)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent.trace())
            .setAttribute(HTTP_REQUEST_METHOD, method)
            .setAttribute(URL_FULL, uri.toString())
            .setAttribute(URL_TEMPLATE, template)
            .setAttribute(SERVER_ADDRESS, uri.host().address())
            .setAttribute(SERVER_PORT, (long) uri.port())
            .startSpan();
    return new ClientSpan(span, parent.trace().with(span), parent.tracing());
  }

  /** {@code request} carrying this span's context ({@code traceparent}); as is when untraced. */
  public HttpRequest propagate(HttpRequest request) {
    if (span == null) {
      return request;
    }
    List<HttpHeader> headers = new ArrayList<>(2);
    tracing.propagator().inject(context, headers, HeaderList.SETTER);
    return request.addHeaders(headers);
  }

  /**
   * {@code call}, ending this span when it completes: with the status {@code status} reads off its
   * result, or with its failure. A plain future only: never a stage Pekko produced (see
   * StageBridge).
   */
  public <T> CompletionStage<T> endWhen(CompletionStage<T> call, ToIntFunction<T> status) {
    if (span == null) {
      return call;
    }
    return call.whenComplete(
        (result, failure) -> {
          if (failure != null) {
            span.recordException(failure);
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
          } else {
            int code = status.applyAsInt(result);
            span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) code);
            // For a client any 4xx or 5xx is a failed call (HTTP semantic conventions).
            if (code >= 400) {
              span.setAttribute(ERROR_TYPE, Integer.toString(code));
              span.setStatus(StatusCode.ERROR);
            }
          }
          span.end();
        });
  }

  /** Collects the headers a propagator writes. */
  private enum HeaderList implements TextMapSetter<List<HttpHeader>> {
    SETTER;

    @Override
    public void set(List<HttpHeader> carrier, String key, String value) {
      if (carrier != null) {
        carrier.add(RawHeader.create(key, value));
      }
    }
  }
}
