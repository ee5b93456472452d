package dev.asyncexample.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncexample.http.Problems;
import dev.asyncexample.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The AWS Lambda entry point ({@code dev.asyncexample.lambda.LambdaHandler::handleRequest}): API
 * Gateway HTTP API (v2), REST API (v1) and ALB events through the API's route, in process.
 *
 * <p>A stream handler, not a {@code RequestHandler<I, O>}: the shape of the event decides the shape
 * of the answer, so we read the raw JSON ourselves with the application's own Jackson instead of
 * letting the runtime bind one fixed event class (and load its serialisation library at start).
 */
public final class LambdaHandler implements RequestStreamHandler {

  /** Left of the function's timeout to write the answer after the route gave up. */
  private static final Duration MARGIN = Duration.ofMillis(300);

  private final Supplier<LambdaApp> app;

  /**
   * What the runtime calls once per container, during the init phase: the application starts here,
   * where Lambda grants more CPU and where a SnapStart snapshot is taken afterwards.
   */
  public LambdaHandler() {
    this(Container::app);
    var unused = Container.app();
  }

  /** A handler that starts {@code start}'s application on its first event, once. */
  LambdaHandler(Supplier<LambdaApp> start) {
    this.app = new Once<>(start);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    // Anything but an HTTP event is an invocation error, reported by Lambda to the caller.
    EventShape shape = EventShape.of(event);
    LambdaApp running = app.get();
    LambdaRequest request;
    LambdaApp.Answer answer;
    try {
      request = EventDecoder.decode(event, shape);
    } catch (IllegalArgumentException e) {
      // The decoder words its failures for the caller; nothing else's messages get this far.
      request =
          new LambdaRequest(shape, event.hasNonNull("multiValueHeaders"), HttpRequest.create());
      answer =
          LambdaApp.Answer.of(
              Problems.response(StatusCodes.BAD_REQUEST, "Bad request: " + e.getMessage()));
      write(output, request, answer);
      return;
    }
    try {
      answer = running.handle(request.request(), budget(context));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handling the event");
    }
    write(output, request, answer);
  }

  private static void write(OutputStream output, LambdaRequest request, LambdaApp.Answer answer)
      throws IOException {
    ObjectNode encoded = ResponseEncoder.encode(request, answer.response(), answer.body());
    output.write(Json.MAPPER.writeValueAsBytes(encoded));
  }

  /** The route's time: what is left of the function's timeout, less a margin to answer. */
  private static Duration budget(Context context) {
    long left = context.getRemainingTimeInMillis() - MARGIN.toMillis();
    return Duration.ofMillis(Math.max(1, left));
  }

  /** The container's one application, started when the class is first asked for it. */
  private static final class Container {
    private static final LambdaApp APP = LambdaApp.start();

    static LambdaApp app() {
      return APP;
    }
  }

  /** A value computed on first use, once, however many threads ask. */
  private static final class Once<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private volatile T value;

    Once(Supplier<T> compute) {
      this.compute = compute;
    }

    @Override
    public T get() {
      T current = value;
      if (current == null) {
        synchronized (this) {
          current = value;
          if (current == null) {
            current = compute.get();
            value = current;
          }
        }
      }
      return current;
    }
  }
}
