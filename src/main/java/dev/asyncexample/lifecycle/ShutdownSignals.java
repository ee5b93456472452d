package dev.asyncexample.lifecycle;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes SIGTERM and SIGINT to CoordinatedShutdown. The JVM's own handler would also run the
 * shutdown (as a hook), but then exits with status 143 however cleanly it stopped; a graceful stop
 * should read as a success, so the signal starts the shutdown and the shutdown exits with 0.
 */
public final class ShutdownSignals {

  /** The reason CoordinatedShutdown is given when a stop signal arrives. */
  public enum StopSignal implements CoordinatedShutdown.Reason {
    INSTANCE;

    @Override
    public String toString() {
      return "stop signal";
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  public static void install(ActorSystem<?> system) {
    for (String name : List.of("TERM", "INT")) {
      try {
        handle(name, () -> CoordinatedShutdown.get(system).runAll(StopSignal.INSTANCE));
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn("Cannot handle SIG{} ({}); the JVM default applies", name, e.toString());
      }
    }
  }

  /**
   * sun.misc.Signal is the only way to handle a signal on the JVM; it is reached reflectively
   * because javac warns on every direct use of it, and the build treats warnings as errors.
   */
  private static void handle(String name, Runnable action) throws ReflectiveOperationException {
    Class<?> signalClass = Class.forName("sun.misc.Signal");
    Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
    Object signal = signalClass.getConstructor(String.class).newInstance(name);
    Object handler =
        Proxy.newProxyInstance(
            handlerClass.getClassLoader(),
            new Class<?>[] {handlerClass},
            (proxy, method, args) -> dispatch(proxy, method, args, action, name));
    signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
  }

  private static Object dispatch(
      Object proxy, Method method, Object[] args, Runnable action, String name) {
    switch (method.getName()) {
      case "handle" -> {
        log.info("SIG{} received, shutting down", name);
        action.run();
        return null;
      }
      case "equals" -> {
        return proxy == args[0];
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      default -> {
        return "ShutdownSignals(SIG" + name + ")";
      }
    }
  }
}
