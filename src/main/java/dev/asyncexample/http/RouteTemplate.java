package dev.asyncexample.http;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The route template a request matched, such as {@code /v1/posts/{post_id}}: the name metrics and
 * traces use for it. The Java DSL has no templates of its own, so each route names its template
 * where it is declared ({@link #named}). A request that no named route matched is {@link #UNKNOWN},
 * never its raw path: labels must not grow with whatever paths clients send.
 */
public final class RouteTemplate {

  /** The template of a request no named route matched (an unknown path, a rejected request). */
  public static final String UNKNOWN = "UNKNOWN";

  private static final AttributeKey<Slot> SLOT = AttributeKey.create("route-template", Slot.class);

  /** Every template a route has declared: the whole set of values a label can take. */
  private static final Set<String> DECLARED = ConcurrentHashMap.newKeySet();

  private RouteTemplate() {}

  /**
   * Where one request's template is written once a named route matches it. Created per request at
   * the edge ({@link RequestLog#around}), read there when the response is ready.
   */
  public static final class Slot {
    // Written by the route, read when its response is mapped: the future that carries the response
    // orders the two, volatile keeps that true if a route hops threads in between.
    private volatile String template = UNKNOWN;

    public String template() {
      return template;
    }
  }

  /**
   * {@code inner}, recorded as matching {@code template}. Put it inside the path directive that
   * matches the template, so only requests on that path take its name.
   */
  public static Route named(String template, Supplier<Route> inner) {
    DECLARED.add(template);
    return Directives.extractRequest(
        request -> {
          request.getAttribute(SLOT).ifPresent(slot -> slot.template = template);
          return inner.get();
        });
  }

  /** {@code request} with an empty slot its route will fill. */
  static HttpRequest withSlot(HttpRequest request, Slot slot) {
    return request.addAttribute(SLOT, slot);
  }

  /** The template recorded so far for {@code request}, if it went through the edge. */
  public static Optional<String> of(HttpRequest request) {
    return request.getAttribute(SLOT).map(Slot::template);
  }

  /** Every template declared by the routes built so far. */
  public static Set<String> declared() {
    return Set.copyOf(DECLARED);
  }
}
