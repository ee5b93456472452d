package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncexample.embedded.PostCatalog;
import dev.asyncexample.posts.Post;
import dev.asyncexample.testing.BoundApp;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /docs} as a user sees it: the whole application on a free port, Swagger UI in headless
 * Chromium. Skipped, with the reason, where no browser is installed (see {@link HeadlessChromium}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsPageBrowserTest {

  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  // Generous: the page's first load parses a 1 MB script, on a machine that may be busy.
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private HeadlessChromium chromium;
  private BoundApp app;
  private WebDriver browser;

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.skipUnlessInstalled();
    // Side by side: on a busy machine each takes seconds, mostly waiting for a CPU.
    FutureTask<HeadlessChromium> launch = new FutureTask<>(HeadlessChromium::start);
    new Thread(launch, "chromium-launch").start();
    try {
      app = BoundApp.start("");
    } finally {
      chromium = launch.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
    browser = chromium.driver();
  }

  @AfterAll
  void stop() throws Exception {
    // Null when the browser is missing: @AfterAll runs after a skipped @BeforeAll too.
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      if (chromium != null) {
        chromium.close();
      }
    }
  }

  @Test
  void thePageLoadsWithoutConsoleErrors() {
    List<WebElement> operations = openDocs();

    assertThat(operations).isNotEmpty();
    assertThat(chromium.consoleErrors()).isEmpty();
  }

  @Test
  void thePageListsEveryOperationOfTheDocument() throws IOException {
    Set<String> shown = new TreeSet<>();
    for (WebElement operation : openDocs()) {
      shown.add(method(operation) + " " + path(operation));
    }

    assertThat(shown).isEqualTo(documentedOperations());
  }

  @Test
  void tryingOutAPostShowsTheAnswer() {
    String operation =
        openDocs().stream()
            .filter(block -> method(block).equals("GET"))
            .filter(block -> path(block).equals("/v1/posts/{post_id}"))
            .map(block -> "[id='" + block.getDomAttribute("id") + "'] ")
            .findFirst()
            .orElseThrow();

    usable(operation + ".opblock-summary-control").click();
    usable(operation + ".try-out__btn").click();
    WebElement postId = usable(operation + "input[placeholder='post_id']");
    postId.clear();
    postId.sendKeys("1");
    usable(operation + "button.execute").click();
    String status =
        usable(operation + ".live-responses-table tbody .response-col_status").getText();
    String body =
        usable(operation + ".live-responses-table tbody .response-col_description pre").getText();

    // The embedded upstream makes each post from its id alone, so this is the post it served.
    Post first = new PostCatalog(1).byId(1).orElseThrow();
    assertThat(status).isEqualTo("200");
    assertThat(body).contains("\"id\": 1,", "\"title\": \"" + first.title() + "\"");
    assertThat(chromium.consoleErrors()).isEmpty();
  }

  /** Opens the page and waits until Swagger UI has rendered the operations, or an error. */
  private List<WebElement> openDocs() {
    browser.get("http://127.0.0.1:" + app.port() + "/docs");
    new WebDriverWait(browser, PATIENCE)
        .withMessage(() -> "nothing rendered; console errors: " + chromium.consoleErrors())
        .until(
            ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(".errors-wrapper"))));
    List<WebElement> errors = browser.findElements(By.cssSelector(".errors-wrapper"));
    assertThat(errors)
        // Lazily: reading the console empties it, and the tests read it after this.
        .as(() -> "Swagger UI's errors; console errors: " + chromium.consoleErrors())
        .extracting(WebElement::getText)
        .isEmpty();
    return browser.findElements(By.cssSelector(".opblock"));
  }

  /** Every operation in openapi.json, as "METHOD /path". */
  private static Set<String> documentedOperations() throws IOException {
    JsonNode paths;
    try (InputStream in =
        DocsPageBrowserTest.class.getClassLoader().getResourceAsStream("openapi.json")) {
      paths = new ObjectMapper().readTree(in).path("paths");
    }
    Set<String> operations = new TreeSet<>();
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      for (String method : METHODS) {
        if (paths.path(path).has(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return operations;
  }

  private static String method(WebElement operation) {
    return operation.findElement(By.cssSelector(".opblock-summary-method")).getText();
  }

  private static String path(WebElement operation) {
    return operation
        .findElement(By.cssSelector(".opblock-summary-path"))
        .getDomAttribute("data-path");
  }

  /**
   * Waits until the element is on the page, visible and enabled (React renders on its own time).
   */
  private WebElement usable(String css) {
    return new WebDriverWait(browser, PATIENCE)
        .ignoring(StaleElementReferenceException.class)
        .until(
            driver -> {
              WebElement element = driver.findElement(By.cssSelector(css));
              return element.isDisplayed() && element.isEnabled() ? element : null;
            });
  }
}
