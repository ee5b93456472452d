package dev.asyncexample.fuzz;

import dev.asyncexample.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Sends cases to a server from a few threads, one connection per case, and gathers what came back:
 * the answers by status, the failures by kind, and the first failures in full.
 */
final class FuzzRun {

  private static final Duration PER_CASE = Duration.ofSeconds(10);
  private static final int REPORTED_FAILURES = 20;

  /** A case slower than this is listed (not failed): a run must fit in a minute. */
  private static final long SLOW_MILLIS = 1000;

  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final Queue<String> slow = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final LongAdder leftOpen = new LongAdder();
  private final AtomicInteger next = new AtomicInteger();

  /** What a run found. */
  record Report(int failed, List<String> firstFailures, String summary) {}

  /** Sends cases {@code 0..cases-1} made by {@code make} to 127.0.0.1:{@code port}. */
  static Report run(String name, int port, int cases, int workers, IntFunction<FuzzCase> make)
      throws InterruptedException, ExecutionException {
    FuzzRun run = new FuzzRun();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(pool.submit(() -> run.work(port, cases, make)));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return run.report(name, cases, (System.nanoTime() - started) / 1e9);
  }

  private Void work(int port, int cases, IntFunction<FuzzCase> make) {
    for (int i = next.getAndIncrement(); i < cases; i = next.getAndIncrement()) {
      FuzzCase sent = make.apply(i);
      long start = System.nanoTime();
      RawHttp.Exchange exchange = null;
      List<String> wrong;
      try {
        exchange = RawHttp.exchange(port, sent.bytes(), sent.methods(), PER_CASE);
        wrong = AnswerChecks.violations(sent, exchange);
        exchange.responses().forEach(r -> count(statuses, r.status()));
        if (!exchange.closed()) {
          leftOpen.increment();
        }
      } catch (IOException e) {
        wrong = List.of("could not talk to the server: " + e);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > SLOW_MILLIS) {
        slow.add(millis + " ms " + sent.describe());
      }
      // Kinds without their numbers, so one kind of failure is one line of the report.
      wrong.forEach(w -> count(kinds, sent.family() + ": " + w.replaceAll("[0-9]+", "N")));
      if (!wrong.isEmpty() && failed.incrementAndGet() <= REPORTED_FAILURES) {
        failures.add(
            sent.describe()
                + "\n    wrong: "
                + wrong
                + "\n    answers: "
                + (exchange == null ? "none" : exchange.responses()));
      }
    }
    return null;
  }

  private static <K> void count(Map<K, LongAdder> counts, K key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private Report report(String name, int cases, double seconds) {
    StringBuilder summary = new StringBuilder();
    summary.append(
        String.format(
            "%s: %d cases in %.1f s (%.0f/s), answers by status %s; connections left open once"
                + " all was answered: %d%n",
            name, cases, seconds, cases / seconds, new TreeMap<>(statuses), leftOpen.sum()));
    if (!slow.isEmpty()) {
      summary.append("  ").append(slow.size()).append(" cases took over 1 s, e.g.:\n");
      slow.stream().limit(5).forEach(line -> summary.append("    ").append(line).append('\n'));
    }
    if (!kinds.isEmpty()) {
      summary.append("  failures by kind:\n");
      new TreeMap<>(kinds)
          .forEach(
              (kind, n) -> summary.append("    ").append(n).append("  ").append(kind).append('\n'));
    }
    return new Report(failed.get(), List.copyOf(failures), summary.toString());
  }
}
