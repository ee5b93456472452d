package dev.asyncexample.testing;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;

/**
 * A loopback TCP proxy in front of a real server, which a test can cut (the server seems to go
 * down: live connections drop, new ones are refused) and restore, without touching the server.
 */
public final class TcpProxy implements AutoCloseable {

  private final ActorSystem system;
  private final String targetHost;
  private final int targetPort;
  private int port;
  private Tcp.ServerBinding binding;
  private SharedKillSwitch connections;

  private TcpProxy(ActorSystem system, String targetHost, int targetPort) {
    this.system = system;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy on a free loopback port to {@code service}, accepting connections. */
  public static TcpProxy to(ActorSystem system, Service service) {
    TcpProxy proxy = new TcpProxy(system, service.host(), service.port());
    proxy.bind(0);
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Drops every connection and stops listening, as a server that died would. */
  public synchronized void cut() {
    await(binding.unbind());
    connections.abort(new IllegalStateException("proxy cut by the test"));
  }

  /** Listens again on the same port. */
  public synchronized void restore() {
    bind(port);
  }

  private synchronized void bind(int wanted) {
    connections = KillSwitches.shared("proxy-" + wanted);
    SharedKillSwitch live = connections;
    binding =
        await(
            Tcp.get(system)
                .bind("127.0.0.1", wanted)
                .to(
                    Sink.foreach(
                        incoming ->
                            incoming.handleWith(
                                Tcp.get(system)
                                    .outgoingConnection(targetHost, targetPort)
                                    .via(live.flow()),
                                system)))
                .run(system));
    InetSocketAddress address = binding.localAddress();
    port = address.getPort();
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("proxy could not change state", e);
    }
  }

  @Override
  public synchronized void close() {
    await(binding.unbind());
    connections.shutdown();
  }
}
