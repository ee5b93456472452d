package dev.asyncexample.http;

import dev.asyncexample.posts.PostsRoutes;
import dev.asyncexample.posts.TestClients;
import dev.asyncexample.testing.RouteTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;

/** An upstream nobody listens on is a 502, quickly, not a hang or a 500. */
class UnreachableUpstreamTest extends RouteTestSupport {

  @Test
  void closedPortIs502() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Route api =
        new ApiRoutes(
                new PostsRoutes(
                        TestClients.client(
                            system(), "http://127.0.0.1:" + closedPort, Duration.ofSeconds(2)))
                    .route(),
                new Readiness())
            .route();

    testRoute(api)
        .run(HttpRequest.GET("/v1/posts/1"))
        .assertStatusCode(StatusCodes.BAD_GATEWAY)
        .assertEntity("{\"detail\":\"Upstream is unreachable (GET /posts/1)\"}");
  }
}
