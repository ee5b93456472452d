package dev.asyncexample.faults;

import dev.asyncexample.faults.RawHttp.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * A few client threads sending requests to a server one after another, each on a fresh connection
 * ({@link RawHttp}), recording every one: a small-scale twin of bench/faults-load.py. Requests are
 * sent only while {@code admit} says so (a balancer's view of readiness), and never retried.
 */
final class SteadyLoad implements AutoCloseable {

  /** One request: method, target and body (empty for GET). */
  record Request(String method, String target, String body) {
    static Request get(String target) {
      return new Request("GET", target, "");
    }
  }

  /** What became of one request; times from {@link System#nanoTime()}. */
  record Outcome(Request request, long startNanos, long endNanos, Answer answer) {
    Duration latency() {
      return Duration.ofNanos(endNanos - startNanos);
    }

    int status() {
      return answer.status();
    }

    RawHttp.Ending ending() {
      return answer.ending();
    }
  }

  private final String host;
  private final int port;
  private final Duration pause;
  private final Duration timeout;
  private final LongFunction<Request> requests;
  private final BooleanSupplier admit;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean running = true;

  /**
   * @param requests the request to send as the {@code n}th (from 0)
   * @param pause each thread's wait between its requests
   * @param timeout a client's patience: connect, and then each read
   */
  SteadyLoad(
      String host,
      int port,
      int threads,
      Duration pause,
      Duration timeout,
      LongFunction<Request> requests,
      BooleanSupplier admit) {
    this.host = host;
    this.port = port;
    this.pause = pause;
    this.timeout = timeout;
    this.requests = requests;
    this.admit = admit;
    for (int i = 0; i < threads; i++) {
      this.threads.add(new Thread(this::loop, "steady-load-" + i));
    }
  }

  SteadyLoad start() {
    threads.forEach(Thread::start);
    return this;
  }

  private void loop() {
    while (running) {
      if (admit.getAsBoolean()) {
        long n = sequence.getAndIncrement();
        Request request = requests.apply(n);
        long started = System.nanoTime();
        inFlight.put(n, started);
        Answer answer =
            RawHttp.send(host, port, request.method(), request.target(), request.body(), timeout);
        outcomes.add(new Outcome(request, started, System.nanoTime(), answer));
        inFlight.remove(n);
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Every outcome so far, in the order they ended. */
  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** How long the oldest request still waiting has waited (zero when none waits). */
  Duration longestWaiting() {
    long now = System.nanoTime();
    return inFlight.values().stream()
        .map(started -> Duration.ofNanos(now - started))
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /** Stops sending and waits for the requests in flight (each ends within the timeout). */
  @Override
  public void close() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(timeout.multipliedBy(2).toMillis() + TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
