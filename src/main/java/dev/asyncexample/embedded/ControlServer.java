package dev.asyncexample.embedded;

import com.typesafe.config.Config;
import dev.asyncexample.lifecycle.ShutdownSignals;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.LoggerFactory;

/** The standalone upstream with control on: a {@link ControllableUpstream} and its control port. */
final class ControlServer {

  private ControlServer() {}

  /** Starts both and waits until they listen (called from main, which may block). */
  static void run(EmbeddedSettings settings, Config config) {
    ControllableUpstream upstream =
        ControllableUpstream.start(
                settings.host(), settings.port(), settings.posts(), settings.latency(), config)
            .toCompletableFuture()
            .join();
    ServerBinding control;
    try {
      control =
          Http.get(upstream.system())
              .newServerAt(settings.host(), settings.controlPort())
              .bind(new ControlRoutes(upstream).route())
              .toCompletableFuture()
              .join();
    } catch (CompletionException e) {
      System.err.println(
          "Cannot listen for control on "
              + settings.host()
              + ":"
              + settings.controlPort()
              + ": "
              + e.getCause().getMessage());
      upstream.close();
      System.exit(1);
      return;
    }
    ShutdownSignals.install(upstream.system());
    LoggerFactory.getLogger(ControlServer.class)
        .info(
            "Controllable JSONPlaceholder serving {} posts on {}, {} ms latency;"
                + " control at http://{}:{}/mode",
            settings.posts(),
            upstream.baseUrl(),
            settings.latency().toMillis(),
            control.localAddress().getHostString(),
            control.localAddress().getPort());
  }
}
