package dev.asyncexample.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Request targets (path and query string) rebuilt from the parts an event carries. */
final class Targets {

  private Targets() {}

  /** The query string of a v1 or ALB event, repeated keys kept in order. */
  static String query(JsonNode event, boolean encode) {
    StringBuilder query = new StringBuilder();
    JsonNode multi = event.path("multiValueQueryStringParameters");
    JsonNode params = multi.isObject() ? multi : event.path("queryStringParameters");
    params
        .properties()
        .forEach(
            param -> {
              List<JsonNode> values = new ArrayList<>();
              if (param.getValue().isArray()) {
                param.getValue().forEach(values::add);
              } else {
                values.add(param.getValue());
              }
              for (JsonNode value : values) {
                if (query.length() > 0) {
                  query.append('&');
                }
                query.append(encode ? encodeComponent(param.getKey()) : param.getKey());
                query.append('=');
                query.append(encode ? encodeComponent(value.asText()) : value.asText());
              }
            });
    return query.toString();
  }

  static String withQuery(String path, String query) {
    return query.isEmpty() ? path : path + "?" + query;
  }

  static String encodePath(String path) {
    StringBuilder encoded = new StringBuilder();
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        encoded.append(encodeComponent(path.substring(start, i)));
        if (i < path.length()) {
          encoded.append('/');
        }
        start = i + 1;
      }
    }
    return encoded.toString();
  }

  private static String encodeComponent(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
