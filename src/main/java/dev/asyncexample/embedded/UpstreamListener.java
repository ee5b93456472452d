package dev.asyncexample.embedded;

import dev.asyncexample.concurrent.StageBridge;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import scala.concurrent.duration.FiniteDuration;

/**
 * The listening socket of a {@link ControllableUpstream}: each connection is served by Pekko HTTP's
 * server layer, or, while a failure {@link Failure#atConnection() at the connection} is on, gets
 * that failure at the byte level (a body cut short, a close at once), which a server built on
 * {@code Http.newServerAt} cannot do. It can also stop listening and come back on the same port.
 */
final class UpstreamListener {

  private static final ByteString END_OF_HEAD = ByteString.fromString("\r\n\r\n");

  /** A request head longer than this is not one we serve; the connection just closes. */
  private static final int MAX_HEAD = 64 * 1024;

  /** Declares 1 KiB and sends a few bytes of it, then closes (a FIN, not a reset). */
  private static final ByteString TRUNCATED_ANSWER =
      ByteString.fromString(
              String.join(
                  "\r\n",
                  "HTTP/1.1 200 OK",
                  "Content-Type: application/json",
                  "Content-Length: 1024",
                  "",
                  ""),
              StandardCharsets.US_ASCII)
          .concat(Switches.PARTIAL_BODY);

  /** Coming back, the port may still be held for a moment (e.g. by a closing connection). */
  private static final Duration REBIND_PAUSE = Duration.ofMillis(100);

  private static final int REBIND_ATTEMPTS = 100;

  private final ActorSystem<?> system;
  private final String host;
  private final ServerSettings settings;
  private final Flow<HttpRequest, HttpResponse, NotUsed> handler;
  private final Supplier<Failure> failure;
  private final LoggingAdapter log;
  private volatile SharedKillSwitch live = KillSwitches.shared("upstream-connections");
  private int port;
  private Optional<Tcp.ServerBinding> binding = Optional.empty();

  private UpstreamListener(
      ActorSystem<?> system,
      String host,
      int port,
      Flow<HttpRequest, HttpResponse, NotUsed> handler,
      Supplier<Failure> failure) {
    this.system = system;
    this.host = host;
    this.port = port;
    this.settings = ServerSettings.create(system.classicSystem());
    this.handler = handler;
    this.failure = failure;
    this.log = Logging.getLogger(system.classicSystem(), UpstreamListener.class);
  }

  /**
   * Listens on {@code host:port} (0 for a free port); {@code failure} says what each new connection
   * gets, {@link Failure#NONE} or an answer-level failure meaning HTTP as usual.
   */
  static CompletionStage<UpstreamListener> bind(
      ActorSystem<?> system,
      String host,
      int port,
      Flow<HttpRequest, HttpResponse, NotUsed> handler,
      Supplier<Failure> failure) {
    UpstreamListener listener = new UpstreamListener(system, host, port, handler, failure);
    return listener.listen(1).thenApply(done -> listener);
  }

  synchronized InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  /** Listens again on the same port (done at once if it listens already). */
  CompletionStage<Done> listen() {
    return listen(REBIND_ATTEMPTS);
  }

  /** Stops accepting (connections are refused) and drops the open ones. */
  synchronized CompletionStage<Done> stopListening() {
    dropConnections();
    Optional<Tcp.ServerBinding> bound = binding;
    binding = Optional.empty();
    return bound
        .map(b -> StageBridge.completeOn(b.unbind(), StageBridge.SAME_THREAD))
        .orElseGet(() -> CompletableFuture.completedFuture(null))
        .thenApply(unbound -> Done.getInstance());
  }

  /** Aborts every open connection (its client sees a reset); new ones are served as usual. */
  synchronized void dropConnections() {
    SharedKillSwitch dropped = live;
    live = KillSwitches.shared("upstream-connections");
    dropped.abort(new IllegalStateException("connections dropped on purpose"));
  }

  private CompletionStage<Done> listen(int attemptsLeft) {
    synchronized (this) {
      if (binding.isPresent()) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
    }
    return StageBridge.completeOn(
            Tcp.get(system)
                .bind(
                    host,
                    port,
                    settings.getBacklog(),
                    List.of(TcpSO.reuseAddress(true)),
                    false,
                    idleTimeout())
                .to(Sink.foreach(connection -> connection.handleWith(serve(), system)))
                .run(system),
            StageBridge.SAME_THREAD)
        .handle(
            (bound, failed) -> {
              if (failed == null) {
                return bound(bound);
              }
              if (attemptsLeft <= 1) {
                return CompletableFuture.<Done>failedFuture(
                    new IllegalStateException("cannot listen on " + host + ":" + port, failed));
              }
              return StageBridge.completeOn(
                      Patterns.after(
                          REBIND_PAUSE,
                          system,
                          () -> CompletableFuture.completedFuture(Done.getInstance())),
                      StageBridge.SAME_THREAD)
                  .thenCompose(waited -> listen(attemptsLeft - 1));
            })
        .thenCompose(step -> step);
  }

  private synchronized CompletionStage<Done> bound(Tcp.ServerBinding bound) {
    binding = Optional.of(bound);
    port = bound.localAddress().getPort();
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private Optional<Duration> idleTimeout() {
    scala.concurrent.duration.Duration idle = settings.getTimeouts().idleTimeout();
    return idle instanceof FiniteDuration finite
        ? Optional.of(Duration.ofNanos(finite.toNanos()))
        : Optional.empty();
  }

  /** The bytes of one connection, chosen when it is accepted. */
  private Flow<ByteString, ByteString, NotUsed> serve() {
    SharedKillSwitch switchOff = live;
    Flow<ByteString, ByteString, NotUsed> inner;
    switch (failure.get()) {
      case TRUNCATED -> inner = truncatedAnswer();
      case CLOSED, DOWN -> inner = Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.empty());
      default -> inner = http();
    }
    return Flow.of(ByteString.class)
        .via(switchOff.flow())
        .via(inner)
        .via(switchOff.<ByteString>flow());
  }

  private Flow<ByteString, ByteString, NotUsed> http() {
    // What Http.newServerAt does per connection, minus TLS: our route behind the HTTP/1.1 layer.
    BidiFlow<
            TLSProtocol.SslTlsOutbound,
            TLSProtocol.SslTlsOutbound,
            TLSProtocol.SessionBytes,
            TLSProtocol.SslTlsInbound,
            NotUsed>
        plainBytes =
            BidiFlow.fromFlows(
                Flow.<TLSProtocol.SslTlsOutbound>create(),
                Flow.<TLSProtocol.SessionBytes>create().map(TLSProtocol.SslTlsInbound.class::cast));
    // Logged under this class, so a test can mute the failures it causes on purpose.
    return Http.get(system)
        .serverLayer(settings, Optional.empty(), log)
        .atop(plainBytes)
        .atop(TLSPlacebo.getInstance())
        .reversed()
        .join(handler);
  }

  /** Reads the request head, answers {@link #TRUNCATED_ANSWER}, then closes the connection. */
  private static Flow<ByteString, ByteString, NotUsed> truncatedAnswer() {
    return Flow.of(ByteString.class)
        .scan(ByteString.emptyByteString(), ByteString::concat)
        .takeWhile(head -> head.size() <= MAX_HEAD)
        .filter(head -> head.indexOfSlice(END_OF_HEAD, 0) >= 0)
        .take(1)
        .map(head -> TRUNCATED_ANSWER);
  }
}
