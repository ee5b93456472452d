package dev.asyncexample.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

/** Repeated headers and cookies, which no route of ours sets, in each answer shape. */
class ResponseEncoderTest {

  private static final HttpEntity.Strict BODY =
      HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "héllo".getBytes(StandardCharsets.UTF_8));
  private static final HttpResponse RESPONSE =
      HttpResponse.create()
          .withStatus(StatusCodes.CREATED)
          .addHeaders(
              List.<HttpHeader>of(
                  RawHeader.create("Set-Cookie", "a=1; Path=/"),
                  RawHeader.create("Set-Cookie", "b=2; HttpOnly"),
                  RawHeader.create("Link", "</one>; rel=next"),
                  RawHeader.create("Link", "</two>; rel=last")))
          .withEntity(BODY);

  @Test
  void httpApiTakesCookiesApartAndJoinsOtherRepeatedHeaders() {
    JsonNode answer = encode(EventShape.HTTP_API_V2, false);

    assertThat(answer.path("cookies").toString()).isEqualTo("[\"a=1; Path=/\",\"b=2; HttpOnly\"]");
    assertThat(answer.path("headers").has("set-cookie")).isFalse();
    assertThat(answer.path("headers").path("link").asText())
        .isEqualTo("</one>; rel=next, </two>; rel=last");
    assertThat(answer.path("headers").path("content-type").asText())
        .isEqualTo("text/plain; charset=UTF-8");
    assertThat(answer.path("statusCode").asInt()).isEqualTo(201);
    assertThat(answer.path("body").asText()).isEqualTo("héllo");
  }

  @Test
  void restApiKeepsEveryValueInMultiValueHeaders() {
    JsonNode answer = encode(EventShape.REST_API_V1, false);

    assertThat(answer.path("multiValueHeaders").path("set-cookie")).hasSize(2);
    assertThat(answer.path("multiValueHeaders").path("link").get(1).asText())
        .isEqualTo("</two>; rel=last");
    assertThat(answer.has("cookies")).isFalse();
    assertThat(answer.has("statusDescription")).isFalse();
  }

  @Test
  void albAnswersInTheHeaderModeItWasCalledIn() {
    JsonNode multi = encode(EventShape.ALB, true);
    JsonNode single = encode(EventShape.ALB, false);

    assertThat(multi.path("multiValueHeaders").path("set-cookie")).hasSize(2);
    assertThat(multi.has("headers")).isFalse();
    assertThat(single.path("headers").path("set-cookie").asText()).isEqualTo("b=2; HttpOnly");
    assertThat(single.has("multiValueHeaders")).isFalse();
    assertThat(single.path("statusDescription").asText()).isEqualTo("201 Created");
  }

  @Test
  void anEmptyBodyIsEmptyTextWithoutContentType() {
    HttpResponse noContent = HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
    JsonNode answer =
        ResponseEncoder.encode(
            new LambdaRequest(EventShape.HTTP_API_V2, false, HttpRequest.create()),
            noContent,
            (HttpEntity.Strict) noContent.entity());

    assertThat(answer.path("body").asText("missing")).isEmpty();
    assertThat(answer.path("isBase64Encoded").asBoolean(true)).isFalse();
    assertThat(answer.path("headers").has("content-type")).isFalse();
  }

  @Test
  void decidesTextByMediaType() {
    assertThat(ResponseEncoder.isText(ContentTypes.parse("application/problem+json"))).isTrue();
    assertThat(ResponseEncoder.isText(ContentTypes.parse("application/javascript"))).isTrue();
    assertThat(ResponseEncoder.isText(ContentTypes.parse("image/svg+xml"))).isTrue();
    assertThat(ResponseEncoder.isText(ContentTypes.APPLICATION_OCTET_STREAM)).isFalse();
    assertThat(ResponseEncoder.isText(ContentTypes.parse("image/png"))).isFalse();
  }

  private static JsonNode encode(EventShape shape, boolean multiValue) {
    return ResponseEncoder.encode(
        new LambdaRequest(shape, multiValue, HttpRequest.create()), RESPONSE, BODY);
  }
}
