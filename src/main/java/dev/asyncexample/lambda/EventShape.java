package dev.asyncexample.lambda;

import com.fasterxml.jackson.databind.JsonNode;

/** The HTTP events Lambda hands us, each with its own request and response shape. */
enum EventShape {
  /** API Gateway HTTP API, payload format 2.0. */
  HTTP_API_V2,
  /** API Gateway REST API proxy integration (also HTTP API payload format 1.0). */
  REST_API_V1,
  /** Application Load Balancer target group. */
  ALB;

  /** Recognises {@code event}; fails with {@link IllegalArgumentException} for anything else. */
  static EventShape of(JsonNode event) {
    if ("2.0".equals(event.path("version").asText()) && event.path("requestContext").has("http")) {
      return HTTP_API_V2;
    }
    if (event.path("requestContext").has("elb")) {
      return ALB;
    }
    if (event.hasNonNull("httpMethod")) {
      return REST_API_V1;
    }
    throw new IllegalArgumentException(
        "not an API Gateway (v1 or v2) or ALB event: no requestContext.http, requestContext.elb"
            + " or httpMethod");
  }
}
