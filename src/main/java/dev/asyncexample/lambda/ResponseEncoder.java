package dev.asyncexample.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharset;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;

/** Turns a response with a strict body into the answer each event shape expects. */
final class ResponseEncoder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponseEncoder() {}

  static ObjectNode encode(LambdaRequest request, HttpResponse response, HttpEntity.Strict body) {
    Map<String, List<String>> headers = headers(response, body.getContentType());
    ObjectNode answer = NODES.objectNode();
    answer.put("statusCode", response.status().intValue());
    switch (request.shape()) {
      case HTTP_API_V2 -> {
        // Set-Cookie values cannot be comma-joined, so HTTP APIs take them as a list of their own.
        List<String> cookies = headers.remove("set-cookie");
        answer.set("headers", joined(headers));
        if (cookies != null) {
          ArrayNode list = answer.putArray("cookies");
          cookies.forEach(list::add);
        }
      }
      case REST_API_V1 -> {
        // API Gateway merges the two; the multi-value map alone keeps every repeated header.
        answer.set("headers", single(headers));
        answer.set("multiValueHeaders", multi(headers));
      }
      case ALB -> {
        answer.put(
            "statusDescription", response.status().intValue() + " " + response.status().reason());
        // With multi-value headers on, the target group reads only multiValueHeaders, and the
        // other way round.
        if (request.multiValue()) {
          answer.set("multiValueHeaders", multi(headers));
        } else {
          answer.set("headers", single(headers));
        }
      }
      default -> throw new IllegalStateException(request.shape().toString());
    }
    byte[] bytes = body.getData().toArray();
    boolean text = bytes.length == 0 || isText(body.getContentType());
    answer.put(
        "body",
        text
            ? new String(bytes, charset(body.getContentType()))
            : Base64.getEncoder().encodeToString(bytes));
    answer.put("isBase64Encoded", !text);
    return answer;
  }

  /** Header values by lower-case name, in order; Content-Type comes from the entity. */
  private static Map<String, List<String>> headers(HttpResponse response, ContentType type) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (!type.equals(ContentTypes.NO_CONTENT_TYPE)) {
      headers.put("content-type", new ArrayList<>(List.of(type.toString())));
    }
    for (HttpHeader header : response.getHeaders()) {
      headers
          .computeIfAbsent(header.lowercaseName(), name -> new ArrayList<>())
          .add(header.value());
    }
    return headers;
  }

  private static ObjectNode joined(Map<String, List<String>> headers) {
    ObjectNode node = NODES.objectNode();
    headers.forEach((name, values) -> node.put(name, String.join(", ", values)));
    return node;
  }

  private static ObjectNode single(Map<String, List<String>> headers) {
    ObjectNode node = NODES.objectNode();
    headers.forEach((name, values) -> node.put(name, values.get(values.size() - 1)));
    return node;
  }

  private static ObjectNode multi(Map<String, List<String>> headers) {
    ObjectNode node = NODES.objectNode();
    headers.forEach(
        (name, values) -> {
          ArrayNode list = node.putArray(name);
          values.forEach(list::add);
        });
    return node;
  }

  /** Whether a body of this type travels as text; everything else is base64. */
  static boolean isText(ContentType type) {
    MediaType media = type.mediaType();
    String main = media.mainType();
    String sub = media.subType();
    return main.equals("text")
        || sub.equals("json")
        || sub.endsWith("+json")
        || sub.equals("x-ndjson")
        || sub.contains("javascript")
        || sub.equals("xml")
        || sub.endsWith("+xml");
  }

  private static Charset charset(ContentType type) {
    return type.getCharsetOption().map(HttpCharset::nioCharset).orElse(StandardCharsets.UTF_8);
  }
}
