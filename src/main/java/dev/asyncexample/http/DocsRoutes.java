package dev.asyncexample.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The OpenAPI document at {@code /openapi.json} and Swagger UI at {@code /docs}, all from the
 * classpath: the UI comes from the swagger-ui webjar, so the docs work offline.
 */
final class DocsRoutes extends AllDirectives {

  /**
   * What the docs page may load: its own scripts, styles and images (Swagger UI's CSS draws its
   * icons as data: URIs) and calls to this server (the OpenAPI document, "Try it out"); nothing
   * inline, nothing from another origin, no framing by other sites.
   */
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'");

  private static final HttpHeader CSP =
      RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY);

  private static final String WEBJAR_PROPERTIES =
      "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  /** Empty where the webjar was left out (the Lambda zip, to stay under its size limit). */
  private final Optional<String> swaggerUiDirectory;

  DocsRoutes() {
    this.swaggerUiDirectory =
        swaggerUiVersion().map(version -> "META-INF/resources/webjars/swagger-ui/" + version);
  }

  Route route() {
    // get() sits inside the paths: a GET that passes a method directive cancels the method
    // rejections of every other route, which would turn their 405s into 404s.
    return concat(
        path(
            "openapi.json",
            () ->
                RouteTemplate.named(
                    "/openapi.json",
                    () ->
                        get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON)))),
        pathPrefix("docs", () -> swaggerUiDirectory.map(this::docs).orElseGet(this::noDocs)));
  }

  private Route noDocs() {
    return RouteTemplate.named(
        "/docs",
        () ->
            get(
                () ->
                    complete(
                        Problems.response(
                            StatusCodes.NOT_FOUND,
                            "This package has no Swagger UI; the API is described at"
                                + " /openapi.json"))));
  }

  private Route docs(String swaggerUiDirectory) {
    return get(
        () ->
            respondWithHeader(
                CSP,
                () ->
                    concat(
                        pathEndOrSingleSlash(
                            () ->
                                RouteTemplate.named(
                                    "/docs",
                                    () ->
                                        getFromResource(
                                            "docs/index.html", ContentTypes.TEXT_HTML_UTF8))),
                        RouteTemplate.named(
                            "/docs/{file}",
                            () ->
                                concat(
                                    path("init.js", () -> getFromResource("docs/init.js")),
                                    getFromResourceDirectory(swaggerUiDirectory))))));
  }

  /** The webjar's files live under its version, which only its own metadata knows. */
  private static Optional<String> swaggerUiVersion() {
    try (InputStream in =
        DocsRoutes.class.getClassLoader().getResourceAsStream(WEBJAR_PROPERTIES)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      return Optional.of(properties.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
