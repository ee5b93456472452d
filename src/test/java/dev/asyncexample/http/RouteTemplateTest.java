package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.asyncexample.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.scaladsl.model.IllegalUriException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Each request is known by the template of the route it matched, and by nothing else: whatever path
 * a client sends, the name is one the routes declared, or {@code UNKNOWN}.
 */
class RouteTemplateTest extends ApiTestSupport {

  private static final Pattern ROUTE = Pattern.compile(" route=(\\S+) id=");

  @Test
  void eachRouteIsKnownByItsTemplate() {
    List<String> seen =
        templatesOf(
            List.of(
                HttpRequest.GET("/"),
                HttpRequest.GET("/health"),
                HttpRequest.GET("/ready"),
                HttpRequest.GET("/openapi.json"),
                HttpRequest.GET("/docs"),
                HttpRequest.GET("/docs/init.js"),
                HttpRequest.GET("/v1/posts"),
                HttpRequest.GET("/v1/posts/3"),
                HttpRequest.GET("/v1/posts/abc"),
                HttpRequest.GET("/v1/users/2/posts"),
                HttpRequest.GET("/v1/users/2/bookmarks"),
                HttpRequest.PUT("/v1/users/2/bookmarks/3"),
                HttpRequest.DELETE("/v1/users/2/bookmarks/3"),
                HttpRequest.GET("/v1/exports"),
                HttpRequest.GET("/v1/exports/some-name"),
                HttpRequest.GET("/v1/nothing-here"),
                HttpRequest.GET("/v1/posts/1/2")));

    assertThat(seen)
        .containsExactly(
            "/",
            "/health",
            "/ready",
            "/openapi.json",
            "/docs",
            "/docs/{file}",
            "/v1/posts",
            "/v1/posts/{post_id}",
            "/v1/posts/{post_id}",
            "/v1/users/{user_id}/posts",
            "/v1/users/{user_id}/bookmarks",
            "/v1/users/{user_id}/bookmarks/{post_id}",
            "/v1/users/{user_id}/bookmarks/{post_id}",
            "/v1/exports",
            "/v1/exports/{name}",
            RouteTemplate.UNKNOWN,
            RouteTemplate.UNKNOWN);
  }

  @Test
  void noPathAClientSendsBecomesAName() {
    Random random = new Random(20261202L);
    String[] pieces = {
      "v1",
      "posts",
      "users",
      "bookmarks",
      "exports",
      "docs",
      "1",
      "-1",
      "x",
      "%2F",
      "..",
      "",
      "%00",
      "2147483648",
      "ready",
      "health",
      "metrics",
      "openapi.json",
      "%E2%9C%93"
    };
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder path = new StringBuilder();
      int depth = 1 + random.nextInt(5);
      for (int d = 0; d < depth; d++) {
        path.append('/').append(pieces[random.nextInt(pieces.length)]);
      }
      HttpRequest request;
      try {
        request = HttpRequest.GET(path.toString());
      } catch (IllegalUriException refusedBeforeSending) {
        continue; // the server's parser refuses it too, before any route
      }
      requests.add(request.withMethod(random.nextBoolean() ? HttpMethods.GET : HttpMethods.POST));
    }

    assertThat(requests).hasSizeGreaterThan(300);
    Set<String> names = new HashSet<>(templatesOf(requests));

    Set<String> allowed = new HashSet<>(RouteTemplate.declared());
    allowed.add(RouteTemplate.UNKNOWN);
    assertThat(allowed).isNotEmpty();
    assertThat(names).isSubsetOf(allowed);
    // Some of the random paths are routes, most are not: both kinds of name show up.
    assertThat(names).contains(RouteTemplate.UNKNOWN).hasSizeGreaterThan(1);
  }

  private List<String> templatesOf(List<HttpRequest> requests) {
    Logger access = (Logger) LoggerFactory.getLogger("access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      // The testkit awaits lazily; asking for the status makes each request finish here.
      requests.forEach(request -> assertThat(app().run(request).statusCode()).isPositive());
    } finally {
      access.detachAppender(lines);
    }
    List<String> templates = new ArrayList<>();
    for (ILoggingEvent line : lines.list) {
      Matcher matcher = ROUTE.matcher(line.getFormattedMessage());
      assertThat(matcher.find()).as(line.getFormattedMessage()).isTrue();
      templates.add(matcher.group(1));
    }
    assertThat(templates).hasSameSizeAs(requests);
    return templates;
  }
}
