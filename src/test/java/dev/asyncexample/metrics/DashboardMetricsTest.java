package dev.asyncexample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.asyncexample.testing.BoundApp;
import dev.asyncexample.testing.HttpCalls;
import dev.asyncexample.testing.Systems;
import dev.asyncexample.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Grafana dashboard and the alerting rules in deploy/ use only metrics the application serves:
 * the whole application runs a mixed set of requests, and every metric name in their PromQL must be
 * in its real {@code /metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsTest {

  private static final Path DASHBOARD = Path.of("deploy/grafana/async-example.json");
  private static final Path ALERTS = Path.of("deploy/prometheus/alerts.yaml");

  /** PromQL words that are not metric names: operators, modifiers and aggregation clauses. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private ActorSystem client;
  private BoundApp app;
  private Scrape scrape;

  @BeforeAll
  void runMixedRequestsAndScrape() throws Exception {
    client = ActorSystem.create("dashboard-client", TestConfig.base());
    app = BoundApp.start("");
    String base = "http://127.0.0.1:" + app.port();
    for (String path :
        List.of(
            "/",
            "/health",
            "/ready",
            "/v1/posts",
            "/v1/posts/1",
            "/v1/posts/1",
            "/v1/posts/100000",
            "/v1/posts/abc",
            "/v1/users/1/posts",
            "/no/such/path",
            "/v1/users/1/bookmarks")) {
      HttpCalls.send(client, HttpRequest.GET(base + path));
    }
    HttpCalls.send(
        client,
        HttpRequest.PUT(base + "/v1/users/1/bookmarks/2")
            .withEntity(ContentTypes.APPLICATION_JSON, "{\"note\":\"n\"}"));
    // The dashboard and the rules use no meter that only a GC or a failure would create, so a
    // short run's scrape must hold every name they use.
    scrape = Scrape.parse(HttpCalls.statusAndBody(client, base + "/metrics").substring(4));
  }

  @AfterAll
  void stop() throws Exception {
    app.close();
    Systems.stop(client);
  }

  @Test
  void everyMetricTheDashboardUsesIsServed() throws IOException {
    List<String> expressions = new ArrayList<>();
    collectExpressions(new ObjectMapper().readTree(DASHBOARD.toFile()), expressions);
    assertThat(expressions).hasSizeGreaterThan(20);
    assertServed(expressions);
  }

  @Test
  void everyMetricTheAlertsUseIsServed() throws IOException {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(rule.path("alert").asText()).isNotBlank();
        assertThat(rule.path("labels").path("severity").asText()).isIn("page", "warn");
        expressions.add(rule.path("expr").asText());
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
    assertServed(expressions);
  }

  @Test
  void findsTheMetricNamesOfAnExpression() {
    // The extraction itself, on the shapes the files use, so a lax one cannot pass them unread.
    assertThat(
            metricNames(
                "histogram_quantile(0.99, sum by (le, uri) (rate(a_bucket{job=~\"$job\", uri!=\"x\"}"
                    + "[$__rate_interval]))) / on (uri) group_left b_total + max(c) > 1"))
        .containsExactly("a_bucket", "b_total", "c");
  }

  private void assertServed(List<String> expressions) {
    Set<String> served = scrape.names();
    for (String expression : expressions) {
      Set<String> used = metricNames(expression);
      assertThat(used).as(expression).isNotEmpty();
      assertThat(served).as("metrics served, used by: %s", expression).containsAll(used);
    }
  }

  private static void collectExpressions(JsonNode node, List<String> into) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals("expr")) {
                  into.add(field.getValue().asText());
                } else {
                  collectExpressions(field.getValue(), into);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectExpressions(child, into));
    }
  }

  /** The metric names in a PromQL expression. */
  static Set<String> metricNames(String expression) {
    String bare =
        expression
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
            .replaceAll("\\{[^}]*}", " ") // label matchers
            .replaceAll("\\[[^]]*]", " ") // ranges
            .replaceAll("\\$\\{?\\w+}?", " ") // Grafana variables
            .replaceAll(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
                " "); // label lists
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String word = m.group();
      boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }
}
