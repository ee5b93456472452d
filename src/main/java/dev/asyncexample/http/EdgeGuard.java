package dev.asyncexample.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between a client's TCP connection (below) and Pekko's HTTP server layer (above) and passes
 * the bytes through unchanged, except that it
 *
 * <ul>
 *   <li>passes a request on only once {@link RequestFramer} has checked its framing, and in place
 *       of a request it refuses passes its replacement and then nothing more;
 *   <li>closes a connection whose client is too slow: no complete head within the header timeout, a
 *       body that does not keep coming, or idle between requests past the keep-alive timeout (all
 *       shorter while the server holds many connections); and Pekko's idle timeout while a request
 *       is being answered;
 *   <li>closes the connection on shutdown, through the HTTP layer once it has one.
 * </ul>
 */
final class EdgeGuard
    extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {

  private static final Logger log = LoggerFactory.getLogger(EdgeGuard.class);

  /**
   * How soon idle connections close while the server holds many: room for clients that send
   * requests, at the cost of an idle client reconnecting.
   */
  static final Duration UNDER_PRESSURE = Duration.ofSeconds(1);

  /** After a refusal or a cut-off body: time for the answer to go out before the socket closes. */
  private static final long LINGER_NANOS = Duration.ofSeconds(5).toNanos();

  /** On shutdown, past the grace for an answer in progress: time for its last bytes to leave. */
  private static final long LAST_BYTES_NANOS = Duration.ofMillis(500).toNanos();

  private static final String TICK = "tick";

  private final Inlet<ByteString> fromServer = Inlet.create("EdgeGuard.fromServer");
  private final Outlet<ByteString> toNetwork = Outlet.create("EdgeGuard.toNetwork");
  private final Inlet<ByteString> fromNetwork = Inlet.create("EdgeGuard.fromNetwork");
  private final Outlet<ByteString> toServer = Outlet.create("EdgeGuard.toServer");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromServer, toNetwork, fromNetwork, toServer);

  private final ClientConnection connection;
  private final ClientConnections connections;
  private final EdgeLimits limits;
  private final long idleNanos;
  private final Duration tick;

  /**
   * @param idleTimeout Pekko's {@code idle-timeout}, applied while a request is being answered;
   *     zero for none
   */
  EdgeGuard(
      ClientConnection connection,
      ClientConnections connections,
      EdgeLimits limits,
      Duration idleTimeout) {
    this.connection = connection;
    this.connections = connections;
    this.limits = limits;
    this.idleNanos = idleTimeout.toNanos();
    this.tick = tickFor(limits, idleTimeout);
  }

  /** A quarter of the shortest timeout, 100 ms to 1 s: the timeouts' resolution. */
  static Duration tickFor(EdgeLimits limits, Duration idleTimeout) {
    Duration shortest = limits.headerTimeout();
    for (Duration d : new Duration[] {limits.bodyTimeout(), limits.keepAliveTimeout()}) {
      shortest = d.compareTo(shortest) < 0 ? d : shortest;
    }
    if (!idleTimeout.isZero() && idleTimeout.compareTo(shortest) < 0) {
      shortest = idleTimeout;
    }
    Duration quarter = shortest.dividedBy(4);
    if (quarter.compareTo(Duration.ofMillis(100)) < 0) {
      return Duration.ofMillis(100);
    }
    return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends TimerGraphStageLogic {

    private final RequestFramer framer = new RequestFramer(limits.maxHeadSize());
    private final long connectedAt = System.nanoTime();
    private long lastActivity = connectedAt;
    private boolean active;
    private long headStartedAt;
    private long bodyWaitingSince;
    private long bodyWaited;
    private long bodyBytes;

    /** The server reads no more requests here: incoming bytes are read and dropped. */
    private boolean discarding;

    /** When the socket is cut regardless (0: no such deadline). */
    private long closeBy;

    private boolean shuttingDown;

    Logic() {
      super(shape);
      setHandler(fromNetwork, new FromNetwork());
      setHandler(toServer, new ToServer());
      setHandler(fromServer, new FromServer());
      setHandler(toNetwork, new ToNetwork());
    }

    @Override
    public void preStart() {
      connection.guardStarted(createAsyncCallback(this::shutdown));
      connections.opened(connection);
      scheduleWithFixedDelay(TICK, tick, tick);
    }

    @Override
    public void postStop() {
      connections.closed(connection);
      connection.markClosed();
    }

    private final class FromNetwork extends AbstractInHandler {
      @Override
      public void onPush() {
        ByteString bytes = grab(fromNetwork);
        active = true;
        if (discarding) {
          pullNetwork();
          return;
        }
        if (bodyWaitingSince != 0) {
          bodyWaited += System.nanoTime() - bodyWaitingSince;
          bodyWaitingSince = 0;
        }
        if (framer.readingBody()) {
          bodyBytes += bytes.size();
        }
        ByteString released = framer.accept(bytes);
        FramingViolation refused = framer.violation();
        if (refused != null) {
          refuse(refused, released);
          return;
        }
        notePhase();
        if (released.isEmpty()) {
          pullNetwork();
        } else {
          push(toServer, released);
        }
      }

      @Override
      public void onUpstreamFinish() {
        // The client is done sending; Pekko answers what it has, then closes. That includes a head
        // the client never finished: held here, it would otherwise go unanswered.
        ByteString unfinished = discarding ? ByteString.emptyByteString() : framer.endOfInput();
        if (unfinished.isEmpty()) {
          complete(toServer);
        } else {
          emit(toServer, unfinished, () -> complete(toServer));
        }
      }
    }

    private final class ToServer extends AbstractOutHandler {
      @Override
      public void onPull() {
        pullNetwork();
      }

      @Override
      public void onDownstreamFinish(Throwable cause) {
        // Pekko reads no more (it answers and closes): keep reading so that the kernel never
        // resets the connection for unread bytes before the answer has left, but not for long.
        discarding = true;
        if (closeBy == 0) {
          closeBy = System.nanoTime() + LINGER_NANOS;
        }
        pullNetwork();
      }
    }

    private final class FromServer extends AbstractInHandler {
      @Override
      public void onPush() {
        active = true;
        push(toNetwork, grab(fromServer));
      }

      @Override
      public void onUpstreamFinish() {
        completeStage();
      }
    }

    private final class ToNetwork extends AbstractOutHandler {
      @Override
      public void onPull() {
        if (!hasBeenPulled(fromServer) && !isClosed(fromServer)) {
          pull(fromServer);
        }
      }
    }

    private void pullNetwork() {
      if (hasBeenPulled(fromNetwork) || isClosed(fromNetwork)) {
        return;
      }
      pull(fromNetwork);
      if (!discarding && framer.readingBody()) {
        // Pekko wants body bytes and the client owes them: this waiting counts against it.
        bodyWaitingSince = System.nanoTime();
      }
    }

    private void notePhase() {
      if (!framer.readingHead()) {
        headStartedAt = 0;
      } else if (headStartedAt == 0) {
        headStartedAt = System.nanoTime();
      }
      if (!framer.readingBody()) {
        bodyWaited = 0;
        bodyBytes = 0;
      }
    }

    /**
     * The framer stopped at {@code refused}: pass what came before and its replacement, no more.
     */
    private void refuse(FramingViolation refused, ByteString released) {
      log.warn(
          "Refused a request from {}:{}: {}",
          connection.remote().getAddress().getHostAddress(),
          connection.remote().getPort(),
          refused.detail());
      discarding = true;
      closeBy = System.nanoTime() + LINGER_NANOS;
      if (refused.inHead()) {
        connection.refused(framer.headsReleased() + 1, refused);
        // The replacement says Connection: close; the end of input makes sure it is the last.
        emit(toServer, released, () -> complete(toServer));
      } else {
        emit(toServer, released);
      }
      pullNetwork();
    }

    @Override
    public void onTimer(Object key) {
      long now = System.nanoTime();
      if (active) {
        lastActivity = now;
        active = false;
      }
      if (closeBy != 0) {
        if (now - closeBy >= 0) {
          failStage(new TimeoutException("connection not closed in time after its last answer"));
        }
        return;
      }
      boolean pressure = connections.underPressure();
      if (framer.awaitingHead()) {
        if (framer.headsReleased() == 0) {
          if (now - connectedAt > nanos(limits.headerTimeout(), pressure)) {
            cutOff("sent no request within the header timeout");
          }
        } else if (connection.idle()) {
          if (now - lastActivity > nanos(limits.keepAliveTimeout(), pressure)) {
            cutOff("was idle past the keep-alive timeout");
          }
        } else if (idleNanos > 0 && now - lastActivity > idleNanos) {
          failStage(new TimeoutException("no bytes either way within the idle timeout"));
        }
      } else if (framer.readingHead()) {
        if (now - headStartedAt > nanos(limits.headerTimeout(), pressure)) {
          cutOff("did not finish its request head within the header timeout");
        }
      } else if (framer.readingBody()) {
        long waited = bodyWaited + (bodyWaitingSince == 0 ? 0 : now - bodyWaitingSince);
        // As Apache's mod_reqtimeout: every bodyMinRate bytes received buy one more second.
        double allowed = limits.bodyTimeout().toNanos() + 1e9 * bodyBytes / limits.bodyMinRate();
        if (waited > allowed) {
          cutOffBody();
        }
      }
    }

    private long nanos(Duration timeout, boolean pressure) {
      return (pressure && timeout.compareTo(UNDER_PRESSURE) > 0 ? UNDER_PRESSURE : timeout)
          .toNanos();
    }

    /** Nothing of a request is in Pekko's hands: close without an answer. */
    private void cutOff(String why) {
      log.debug("Closing the connection from {}: it {}", connection.remote(), why);
      completeStage();
    }

    /**
     * A body stopped coming: end Pekko's input, so that its read of the body fails and the route
     * answers that, then close.
     */
    private void cutOffBody() {
      log.debug(
          "Closing the connection from {}: its request body did not arrive in time",
          connection.remote());
      discarding = true;
      closeBy = System.nanoTime() + LINGER_NANOS;
      complete(toServer);
      pullNetwork();
    }

    /**
     * Shutdown: close now if idle, else let the HTTP layer finish its answer within {@code grace}.
     */
    private void shutdown(Duration grace) {
      if (shuttingDown) {
        return;
      }
      shuttingDown = true;
      closeBy = System.nanoTime() + grace.toNanos() + LAST_BYTES_NANOS;
      var tracker = connection.trackerClose();
      if (tracker == null) {
        completeStage();
      } else {
        tracker.invoke(grace);
      }
    }
  }
}
