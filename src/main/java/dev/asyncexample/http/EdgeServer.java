package dev.asyncexample.http;

import dev.asyncexample.concurrent.StageBridge;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the API the way {@code Http.newServerAt(...).bind} does (Pekko's own HTTP/1.1 server layer
 * per connection, {@code pekko.http.server} settings), but with an {@link EdgeGuard} between each
 * TCP connection and that layer, and an {@link ExchangeTracker} above it.
 *
 * <p>Per connection, from the network up: TCP, {@link EdgeGuard}, TLSPlacebo, Pekko's server layer
 * (parsing, rendering, request timeout, 100-continue), {@link ExchangeTracker}, and the route.
 * {@code max-connections} bounds the connections handled at once, as in Pekko.
 */
final class EdgeServer {

  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  private final Tcp.ServerBinding binding;
  private final ClientConnections connections;

  private EdgeServer(Tcp.ServerBinding binding, ClientConnections connections) {
    this.binding = binding;
    this.connections = connections;
  }

  /** Listens on {@code host:port}; completes once bound, or fails (e.g. the port is taken). */
  static CompletionStage<EdgeServer> bind(
      ActorSystem<?> system, String host, int port, EdgeLimits limits, Route route) {
    ServerSettings settings = ServerSettings.create(system.classicSystem());
    Materializer materializer = Materializer.matFromSystem(system);
    ClientConnections connections = new ClientConnections(settings.getMaxConnections());
    Function<HttpRequest, CompletionStage<HttpResponse>> handler = route.handler(system);
    Flow<HttpRequest, HttpResponse, NotUsed> application =
        Flow.<HttpRequest>create().mapAsync(settings.getPipeliningLimit(), handler);
    Connections perConnection =
        new Connections(system, settings, limits, connections, application, materializer);
    CompletionStage<Tcp.ServerBinding> bound =
        Tcp.get(system)
            .bind(
                host,
                port,
                settings.getBacklog(),
                settings.getSocketOptions(),
                false,
                Optional.empty())
            // As Pekko's binding: at most max-connections at once, the rest wait in the backlog.
            .mapAsyncUnordered(settings.getMaxConnections(), perConnection::serve)
            .to(Sink.ignore())
            .run(materializer);
    return StageBridge.completeOn(bound, StageBridge.SAME_THREAD)
        .thenApply(tcp -> new EdgeServer(tcp, connections));
  }

  InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting connections; those open are served on. */
  CompletionStage<Done> unbind() {
    return StageBridge.completeOn(binding.unbind(), StageBridge.SAME_THREAD)
        .thenApply(unbound -> Done.getInstance());
  }

  /**
   * Closes every connection: idle ones at once, one with an answer in progress after it (cut off
   * with a 503 after {@code grace}).
   */
  CompletionStage<Done> closeConnections(Duration grace) {
    return connections.closeAll(grace);
  }

  int openConnections() {
    return connections.size();
  }

  /** Runs each accepted connection. */
  private record Connections(
      ActorSystem<?> system,
      ServerSettings settings,
      EdgeLimits limits,
      ClientConnections open,
      Flow<HttpRequest, HttpResponse, NotUsed> application,
      Materializer materializer) {

    CompletionStage<Done> serve(Tcp.IncomingConnection incoming) {
      ClientConnection connection = new ClientConnection(incoming.remoteAddress());
      try {
        // Built at once, as Pekko's own bind does: a lazy layer (made on the first request head)
        // saved little for silent sockets, which the guard cuts off anyway, and cost about a fifth
        // of the throughput of short connections.
        Flow<ByteString, ByteString, NotUsed> http = httpLayer(connection);
        EdgeGuard guard = new EdgeGuard(connection, open, limits, idleTimeout());
        incoming.flow().join(http.join(BidiFlow.fromGraph(guard))).run(materializer);
      } catch (RuntimeException e) {
        log.error("Could not serve the connection from {}", incoming.remoteAddress(), e);
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      // Completes however the connection ends, so the binding itself never fails with it.
      return connection.whenClosed();
    }

    /** Pekko's server layer for one connection, between the guard and the application. */
    @SuppressWarnings("deprecation") // remote-address-header: still honoured, as Pekko's bind does
    private Flow<ByteString, ByteString, NotUsed> httpLayer(ClientConnection connection) {
      // As Pekko's bind: the remote address reaches the layer only when a setting asks for it
      // (it then also shows in parsing errors).
      Optional<InetSocketAddress> remote =
          settings.getRemoteAddressAttribute() || settings.getRemoteAddressHeader()
              ? Optional.of(connection.remote())
              : Optional.empty();
      LoggingAdapter pekkoLog = system.classicSystem().log();
      return application.join(
          BidiFlow.fromGraph(new ExchangeTracker(connection))
              .atop(Http.get(system).serverLayer(settings, remote, pekkoLog))
              .atop(plainText()));
    }

    private Duration idleTimeout() {
      scala.concurrent.duration.Duration idle = settings.getTimeouts().idleTimeout();
      return idle.isFinite() ? Duration.ofNanos(idle.toNanos()) : Duration.ZERO;
    }
  }

  /** No TLS here (a proxy terminates it): Pekko's plain-text stand-in, as its own binding uses. */
  @SuppressWarnings("unchecked")
  private static BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed>
      plainText() {
    // Its inbound side yields SessionBytes, a kind of SslTlsInbound, which the layer reads.
    return (BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed>)
        (Object) TLSPlacebo.getInstance();
  }
}
