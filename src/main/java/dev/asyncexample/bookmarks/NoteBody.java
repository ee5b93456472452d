package dev.asyncexample.bookmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.http.Problems.FieldError;
import dev.asyncexample.http.Problems.InvalidInputException;
import dev.asyncexample.json.Json;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.util.ByteString;

/**
 * The optional body of {@code PUT .../bookmarks/{post_id}}: {@code {"note": "..."}}. Read and
 * checked as pydantic would a model with {@code note: str | None = Field(None, max_length=1000)}.
 */
final class NoteBody {

  static final int MAX_NOTE_LENGTH = 1000;

  /**
   * The raw body, when it is declared JSON or not declared at all (a PUT without a body, or a
   * client that sends no Content-Type); any other type is a 415, not a guess.
   */
  static final Unmarshaller<HttpEntity, ByteString> BYTES =
      Unmarshaller.forMediaTypes(
          List.of(MediaTypes.APPLICATION_JSON, MediaTypes.APPLICATION_OCTET_STREAM),
          Unmarshaller.entityToByteString());

  private NoteBody() {}

  /**
   * The note in {@code body}: {@code null} when the body is empty, has no note, or a null one.
   *
   * @throws InvalidInputException (a 422) when the body is not such an object
   */
  static String note(ByteString body) {
    if (body.isEmpty()) {
      return null;
    }
    JsonNode root;
    try {
      // Read as text, so an error's position counts characters as FastAPI's does.
      root = Json.MAPPER.readTree(body.utf8String());
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      throw new InvalidInputException(
          new FieldError(
              "json_invalid",
              List.of("body", Math.max(0, offset)),
              "JSON decode error",
              Map.of(),
              Map.of("error", describe(e))));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          new FieldError(
              "model_attributes_type",
              List.of("body"),
              "Input should be a valid dictionary or object to extract fields from",
              root == null ? null : root.toString()));
    }
    JsonNode note = root.get("note");
    if (note == null || note.isNull()) {
      return null;
    }
    if (!note.isTextual()) {
      throw new InvalidInputException(
          new FieldError(
              "string_type", List.of("body", "note"), "Input should be a valid string", note));
    }
    String text = note.textValue();
    // Characters as Python counts them: code points, so an emoji is one, not two.
    if (text.codePointCount(0, text.length()) > MAX_NOTE_LENGTH) {
      throw new InvalidInputException(
          new FieldError(
              "string_too_long",
              List.of("body", "note"),
              "String should have at most " + MAX_NOTE_LENGTH + " characters",
              text,
              Map.of("max_length", MAX_NOTE_LENGTH)));
    }
    return text;
  }

  /**
   * What is wrong with the JSON, in our words: Jackson's own messages name its classes and settings
   * (StreamReadConstraints, JsonReadFeature, ...), which a client has no use for.
   */
  private static String describe(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "Too deeply nested, or a value too long";
    }
    if (e instanceof JsonEOFException) {
      return "Unexpected end of input";
    }
    return "Invalid JSON";
  }
}
