package dev.asyncexample.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Turns an API Gateway (v1, v2) or ALB event into the HttpRequest a server would have parsed.
 * Malformed events fail with {@link IllegalArgumentException} (a 400).
 */
final class EventDecoder {

  private EventDecoder() {}

  static LambdaRequest decode(JsonNode event, EventShape shape) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    boolean multiValue = event.hasNonNull("multiValueHeaders");
    if (multiValue) {
      event
          .get("multiValueHeaders")
          .properties()
          .forEach(h -> h.getValue().forEach(v -> headers.add(Map.entry(h.getKey(), v.asText()))));
    } else {
      event
          .path("headers")
          .properties()
          .forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue().asText())));
    }
    String method;
    String target;
    switch (shape) {
      case HTTP_API_V2 -> {
        method = event.path("requestContext").path("http").path("method").asText();
        target =
            Targets.withQuery(
                event.path("rawPath").asText("/"), event.path("rawQueryString").asText(""));
        // HTTP APIs move the Cookie header into an array of its own.
        List<String> cookies = new ArrayList<>();
        event.path("cookies").forEach(c -> cookies.add(c.asText()));
        if (!cookies.isEmpty()) {
          headers.add(Map.entry("Cookie", String.join("; ", cookies)));
        }
      }
      case REST_API_V1 -> {
        method = event.path("httpMethod").asText();
        // API Gateway hands over the path and the query decoded, so both are encoded again.
        target =
            Targets.withQuery(
                Targets.encodePath(event.path("path").asText("/")), Targets.query(event, true));
      }
      case ALB -> {
        method = event.path("httpMethod").asText();
        // An ALB passes the path and the query values as the client sent them (still encoded).
        target = Targets.withQuery(event.path("path").asText("/"), Targets.query(event, false));
      }
      default -> throw new IllegalStateException(shape.toString());
    }
    return new LambdaRequest(shape, multiValue, request(method, target, headers, body(event)));
  }

  private static HttpRequest request(
      String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
    HttpRequest request =
        HttpRequest.create()
            .withMethod(
                HttpMethods.lookup(method)
                    .orElseThrow(() -> new IllegalArgumentException("Unknown HTTP method")))
            .withUri(uri(target));
    ContentType contentType = ContentTypes.APPLICATION_OCTET_STREAM;
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.equalsIgnoreCase("content-type")) {
        contentType = contentType(header.getValue());
      } else if (!name.equalsIgnoreCase("content-length")
          && !name.equalsIgnoreCase("transfer-encoding")) {
        // Parsed, not raw: directives such as content negotiation look for the modelled headers.
        request = request.addHeader(header(name, header.getValue()));
      }
    }
    RequestEntity entity =
        body.length == 0 ? HttpEntities.EMPTY : HttpEntities.create(contentType, body);
    return request.withEntity(entity);
  }

  private static Uri uri(String target) {
    try {
      return Uri.create(target);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid request target", e);
    }
  }

  private static ContentType contentType(String value) {
    try {
      return ContentTypes.parse(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid Content-Type", e);
    }
  }

  private static HttpHeader header(String name, String value) {
    try {
      return HttpHeader.parse(name, value);
    } catch (RuntimeException e) {
      // A header our routes do not understand is still passed on, as a server would.
      return RawHeader.create(name, value);
    }
  }

  private static byte[] body(JsonNode event) {
    JsonNode body = event.path("body");
    if (!body.isTextual() || body.asText().isEmpty()) {
      return new byte[0];
    }
    if (event.path("isBase64Encoded").asBoolean(false)) {
      try {
        return Base64.getDecoder().decode(body.asText());
      } catch (IllegalArgumentException e) {
        // The decoder's own message names the offending byte in its terms; ours says what is wrong.
        throw new IllegalArgumentException("The body is marked base64 but is not", e);
      }
    }
    return body.asText().getBytes(StandardCharsets.UTF_8);
  }
}
