package dev.asyncexample.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds events as API Gateway and ALB send them, for one request, in each shape. */
final class Events {

  /** The event shapes, ALB once per multi-value-headers setting of its target group. */
  enum Kind {
    HTTP_API_V2,
    REST_API_V1,
    ALB,
    ALB_MULTI_VALUE
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Events() {}

  static ObjectNode get(Kind kind, String path) {
    return event(kind, "GET", path, List.of(), Map.of(), null);
  }

  /**
   * One event.
   *
   * @param path not encoded (plain ASCII in these tests)
   * @param query decoded keys and values, repeated keys allowed
   * @param body sent base64-encoded when not null
   */
  static ObjectNode event(
      Kind kind,
      String method,
      String path,
      List<Map.Entry<String, String>> query,
      Map<String, String> headers,
      byte[] body) {
    ObjectNode event = NODES.objectNode();
    ObjectNode context = event.putObject("requestContext");
    switch (kind) {
      case HTTP_API_V2 -> {
        event.put("version", "2.0");
        event.put("rawPath", path);
        event.put(
            "rawQueryString",
            query.stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&")));
        ObjectNode lower = event.putObject("headers");
        headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
        context.putObject("http").put("method", method).put("path", path);
      }
      case REST_API_V1 -> {
        event.put("httpMethod", method).put("path", path).put("resource", "/{proxy+}");
        context.put("stage", "prod");
        single(event, "queryStringParameters", query, false);
        multi(event, "multiValueQueryStringParameters", query, false);
        single(event, "headers", entries(headers), false);
        multi(event, "multiValueHeaders", entries(headers), false);
      }
      case ALB, ALB_MULTI_VALUE -> {
        event.put("httpMethod", method).put("path", path);
        context.putObject("elb").put("targetGroupArn", "arn:aws:elasticloadbalancing:test");
        if (kind == Kind.ALB) {
          // Without multi-value headers an ALB keeps the last of repeated keys, still encoded.
          single(event, "queryStringParameters", query, true);
          single(event, "headers", entries(headers), false);
        } else {
          multi(event, "multiValueQueryStringParameters", query, true);
          multi(event, "multiValueHeaders", entries(headers), false);
        }
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
    event.put("isBase64Encoded", body != null);
    event.put("body", body == null ? "" : Base64.getEncoder().encodeToString(body));
    return event;
  }

  private static List<Map.Entry<String, String>> entries(Map<String, String> map) {
    return new ArrayList<>(map.entrySet());
  }

  private static void single(
      ObjectNode event, String field, List<Map.Entry<String, String>> pairs, boolean encoded) {
    ObjectNode node = event.putObject(field);
    pairs.forEach(p -> node.put(p.getKey(), encoded ? encode(p.getValue()) : p.getValue()));
  }

  private static void multi(
      ObjectNode event, String field, List<Map.Entry<String, String>> pairs, boolean encoded) {
    Map<String, ArrayNode> lists = new LinkedHashMap<>();
    ObjectNode node = event.putObject(field);
    for (Map.Entry<String, String> p : pairs) {
      lists
          .computeIfAbsent(p.getKey(), node::putArray)
          .add(encoded ? encode(p.getValue()) : p.getValue());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
