package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.RouteTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The docs page carries a Content-Security-Policy that allows what the page loads and nothing else:
 * no inline code, nothing from another origin.
 */
class DocsSecurityPolicyTest extends RouteTestSupport {

  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

  private final Route docs = new DocsRoutes().route();

  @ParameterizedTest
  @ValueSource(strings = {"/docs", "/docs/", "/docs/init.js", "/docs/swagger-ui-bundle.js"})
  void everyDocsAnswerCarriesThePolicy(String path) {
    testRoute(docs)
        .run(HttpRequest.GET(path))
        .assertStatusCode(StatusCodes.OK)
        .assertHeaderExists("Content-Security-Policy", DocsRoutes.CONTENT_SECURITY_POLICY);
  }

  @Test
  void thePolicyAllowsOnlyThisOriginAndNothingInline() {
    String policy = DocsRoutes.CONTENT_SECURITY_POLICY;

    assertThat(policy)
        .startsWith("default-src 'none'")
        .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
  }

  @Test
  void thePageLoadsOnlyFilesOfThisServerAndHasNoInlineCode() {
    String page = testRoute(docs).run(HttpRequest.GET("/docs")).entityString();
    List<String> loaded = new ArrayList<>();
    Matcher reference = REFERENCE.matcher(page);
    while (reference.find()) {
      loaded.add(reference.group(1));
    }

    assertThat(loaded).isNotEmpty().allMatch(url -> url.startsWith("/") && !url.startsWith("//"));
    for (String url : loaded) {
      testRoute(docs).run(HttpRequest.GET(url)).assertStatusCode(StatusCodes.OK);
    }
    // Every script has a src, and no style or handler sits in the markup.
    assertThat(page.split("<script", -1)).hasSize(page.split("<script src=", -1).length);
    assertThat(page).doesNotContain("<style", "style=", "onload=", "onerror=", "javascript:");
    assertThat(testRoute(docs).run(HttpRequest.GET("/docs/init.js")).entityString())
        .contains("url: \"/openapi.json\"")
        .doesNotContain("http:", "https:");
  }
}
