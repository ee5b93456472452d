package dev.asyncexample.exports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncexample.testing.ApiTestSupport;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** Without a bucket, the export endpoints answer 503 and the rest of the API is unaffected. */
class ExportsNotConfiguredTest extends ApiTestSupport {

  @Test
  void exportEndpointsAre503() {
    for (HttpRequest request :
        List.of(
            HttpRequest.POST("/v1/exports"),
            HttpRequest.GET("/v1/exports"),
            HttpRequest.GET("/v1/exports/posts-20200101T000000Z-00000000.ndjson"))) {
      TestRouteResult result = app().run(request);
      String body = result.entityString();
      assertThat(result.response().status().intValue()).as(request.getUri().path()).isEqualTo(503);
      assertThat(body).isEqualTo("{\"detail\":\"S3 exports are not configured\"}");
    }
  }

  @Test
  void theRestOfTheApiServes() {
    app().run(HttpRequest.GET("/v1/posts/1")).assertStatusCode(200);
  }
}
