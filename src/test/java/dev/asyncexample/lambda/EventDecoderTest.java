package dev.asyncexample.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncexample.json.Json;
import java.io.IOException;
import java.io.InputStream;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.junit.jupiter.api.Test;

/** The sample events in src/test/resources/lambda, as the route will see them. */
class EventDecoderTest {

  @Test
  void httpApiCookiesBecomeOneCookieHeader() throws IOException {
    LambdaRequest decoded = decode("http-api-v2.json");

    assertThat(decoded.shape()).isEqualTo(EventShape.HTTP_API_V2);
    HttpRequest request = decoded.request();
    assertThat(request.method().value()).isEqualTo("GET");
    assertThat(request.getUri().toString()).isEqualTo("/v1/posts/1");
    assertThat(request.getHeader("Cookie").map(HttpHeader::value)).contains("session=abc");
    // Modelled, not raw: content negotiation only sees a parsed Accept header.
    assertThat(request.getHeader(Accept.class)).isPresent();
  }

  @Test
  void restApiMultiValueHeadersArriveOnceEach() throws IOException {
    LambdaRequest decoded = decode("rest-api-v1.json");

    assertThat(decoded.shape()).isEqualTo(EventShape.REST_API_V1);
    assertThat(decoded.multiValue()).isTrue();
    assertThat(decoded.request().getHeaders()).hasSize(3);
    assertThat(decoded.request().getHeader("X-Request-Id").map(HttpHeader::value))
        .contains("sample-v1");
  }

  @Test
  void albSingleValueEvent() throws IOException {
    LambdaRequest decoded = decode("alb.json");

    assertThat(decoded.shape()).isEqualTo(EventShape.ALB);
    assertThat(decoded.multiValue()).isFalse();
    assertThat(decoded.request().getUri().toString()).isEqualTo("/v1/posts/1");
  }

  @Test
  void restApiPathsAreEncodedAgain() throws IOException {
    JsonNode event = Json.MAPPER.readTree(resource("rest-api-v1.json"));
    ((ObjectNode) event).put("path", "/v1/posts/a b%");

    HttpRequest request = EventDecoder.decode(event, EventShape.REST_API_V1).request();

    assertThat(request.getUri().toString()).isEqualTo("/v1/posts/a%20b%25");
    assertThat(request.getUri().pathSegments()).containsExactly("v1", "posts", "a b%");
  }

  private static LambdaRequest decode(String name) throws IOException {
    JsonNode event = Json.MAPPER.readTree(resource(name));
    return EventDecoder.decode(event, EventShape.of(event));
  }

  private static InputStream resource(String name) {
    return EventDecoderTest.class.getResourceAsStream("/lambda/" + name);
  }
}
