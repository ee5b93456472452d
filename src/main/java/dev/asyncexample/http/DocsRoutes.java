package dev.asyncexample.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The OpenAPI document at {@code /openapi.json} and Swagger UI at {@code /docs}, all from the
 * classpath: the UI comes from the swagger-ui webjar, so the docs work offline.
 */
final class DocsRoutes extends AllDirectives {

  private static final String WEBJAR_PROPERTIES =
      "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final String swaggerUiDirectory;

  DocsRoutes() {
    this.swaggerUiDirectory = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion();
  }

  Route route() {
    // get() sits inside the paths: a GET that passes a method directive cancels the method
    // rejections of every other route, which would turn their 405s into 404s.
    return concat(
        path(
            "openapi.json",
            () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))),
        pathPrefix(
            "docs",
            () ->
                get(
                    () ->
                        concat(
                            pathEndOrSingleSlash(
                                () ->
                                    getFromResource(
                                        "docs/index.html", ContentTypes.TEXT_HTML_UTF8)),
                            path("init.js", () -> getFromResource("docs/init.js")),
                            getFromResourceDirectory(swaggerUiDirectory)))));
  }

  /** The webjar's files live under its version, which only its own metadata knows. */
  private static String swaggerUiVersion() {
    try (InputStream in =
        DocsRoutes.class.getClassLoader().getResourceAsStream(WEBJAR_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("swagger-ui webjar is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
