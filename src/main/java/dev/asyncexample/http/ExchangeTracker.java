package dev.asyncexample.http;

import java.time.Duration;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Sits between Pekko's HTTP server layer (below) and the application (above) on one connection:
 * marks the request that stands in for a refused one, tells the {@link EdgeGuard} while an answer
 * is being sent (so a slow answer is not taken for an idle client), and closes the connection on
 * shutdown once its answer in progress is out.
 */
final class ExchangeTracker
    extends GraphStage<BidiShape<HttpResponse, HttpResponse, HttpRequest, HttpRequest>> {

  /** On the request that stands in for one the edge refused: why it was refused. */
  static final AttributeKey<FramingViolation> REFUSED =
      AttributeKey.create("edge-refused", FramingViolation.class);

  private static final String LAST_WORDS = "last-words";

  private final Inlet<HttpResponse> fromApp = Inlet.create("ExchangeTracker.fromApp");
  private final Outlet<HttpResponse> toLayer = Outlet.create("ExchangeTracker.toLayer");
  private final Inlet<HttpRequest> fromLayer = Inlet.create("ExchangeTracker.fromLayer");
  private final Outlet<HttpRequest> toApp = Outlet.create("ExchangeTracker.toApp");
  private final BidiShape<HttpResponse, HttpResponse, HttpRequest, HttpRequest> shape =
      BidiShape.of(fromApp, toLayer, fromLayer, toApp);

  private final ClientConnection connection;

  ExchangeTracker(ClientConnection connection) {
    this.connection = connection;
  }

  @Override
  public BidiShape<HttpResponse, HttpResponse, HttpRequest, HttpRequest> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends TimerGraphStageLogic {

    private int requests;
    private int unanswered;
    private boolean closing;

    Logic() {
      super(shape);
      setHandler(
          fromLayer,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              HttpRequest request = grab(fromLayer);
              FramingViolation refused = connection.refusal(++requests);
              if (refused != null) {
                request = request.addAttribute(REFUSED, refused);
              }
              unanswered++;
              connection.exchangeStarted();
              push(toApp, request);
            }

            @Override
            public void onUpstreamFinish() {
              complete(toApp);
            }
          });
      setHandler(
          toApp,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!closing) {
                pull(fromLayer);
              }
            }
          });
      setHandler(
          fromApp,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              HttpResponse response = watched(grab(fromApp));
              unanswered--;
              if (closing) {
                emit(toLayer, lastAnswer(response), () -> completeStage());
              } else {
                push(toLayer, response);
              }
            }

            @Override
            public void onUpstreamFinish() {
              complete(toLayer);
            }
          });
      setHandler(
          toLayer,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!hasBeenPulled(fromApp) && !isClosed(fromApp)) {
                pull(fromApp);
              }
            }
          });
    }

    @Override
    public void preStart() {
      connection.trackerStarted(createAsyncCallback(this::close));
    }

    /** Shutdown: done now if nothing is being answered, else after the answer or {@code grace}. */
    private void close(Duration grace) {
      if (closing) {
        return;
      }
      closing = true;
      if (unanswered == 0) {
        completeStage();
      } else {
        scheduleOnce(LAST_WORDS, grace);
      }
    }

    @Override
    public void onTimer(Object key) {
      // The answer did not come in time: the client hears why instead of a reset.
      cancel(fromApp);
      emit(
          toLayer,
          lastAnswer(
              Problems.response(
                      StatusCodes.SERVICE_UNAVAILABLE,
                      "The server is shutting down and could not finish this request")
                  .addHeader(RawHeader.create(RequestLog.HEADER, RequestLog.newId()))
                  .addHeader(ApiRoutes.NO_SNIFF)),
          () -> completeStage());
    }

    private HttpResponse lastAnswer(HttpResponse response) {
      return response.removeHeader("Connection").addHeader(Connection.create("close"));
    }

    /** Tells the connection when the answer's last byte has been taken, however its body ends. */
    private HttpResponse watched(HttpResponse response) {
      ResponseEntity entity = response.entity();
      if (entity.isStrict() || entity.isKnownEmpty()) {
        connection.exchangeFinished();
        return response;
      }
      Source<ByteString, Object> data =
          entity.getDataBytes().via(new OnStreamEnd<ByteString>(connection::exchangeFinished));
      ResponseEntity rebuilt;
      if (entity.isChunked()) {
        rebuilt = HttpEntities.createChunked(entity.getContentType(), data);
      } else if (entity.isCloseDelimited()) {
        rebuilt = HttpEntities.createCloseDelimited(entity.getContentType(), data);
      } else {
        rebuilt =
            HttpEntities.create(
                entity.getContentType(), entity.getContentLengthOption().orElse(0), data);
      }
      return response.withEntity(rebuilt);
    }
  }
}
