package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A dependency that hangs delays {@code /ready} once, not on every call. */
class DependencyProbeTest {

  private static final Duration BUDGET = Duration.ofMillis(200);

  /** A check whose answer the test decides; counts how often it was asked. */
  private static final class ScriptedCheck implements DependencyCheck {
    final AtomicInteger calls = new AtomicInteger();
    volatile Supplier<CompletionStage<State>> answer;

    ScriptedCheck(Supplier<CompletionStage<State>> answer) {
      this.answer = answer;
    }

    @Override
    public String name() {
      return "cache";
    }

    @Override
    public String backend() {
      return "redis";
    }

    @Override
    public CompletionStage<State> check() {
      calls.incrementAndGet();
      return answer.get();
    }
  }

  @Test
  void aHangingCheckIsReportedDownAtOnceAfterTheFirstWait() throws Exception {
    CompletableFuture<DependencyCheck.State> hanging = new CompletableFuture<>();
    ScriptedCheck check = new ScriptedCheck(() -> hanging);
    DependencyProbe probe = new DependencyProbe(check, BUDGET);

    CompletableFuture<DependencyCheck.State> first = probe.state();
    assertThat(first.isDone()).isFalse();
    DependencyCheck.State waited = first.get(5, TimeUnit.SECONDS);
    assertThat(waited.state()).isEqualTo("down");
    assertThat(waited.detail()).startsWith("no answer for ");

    CompletableFuture<DependencyCheck.State> second = probe.state();
    assertThat(second.isDone()).as("answered without waiting again").isTrue();
    assertThat(second.get().state()).isEqualTo("down");
    assertThat(check.calls).hasValue(1);

    hanging.complete(DependencyCheck.State.up("redis"));
    assertThat(probe.state().get(5, TimeUnit.SECONDS).state()).isEqualTo("up");
    assertThat(check.calls).hasValue(2);
  }

  @Test
  void aFailedCheckIsDownInOurWords() throws Exception {
    ScriptedCheck check =
        new ScriptedCheck(
            () ->
                CompletableFuture.failedFuture(
                    new IllegalStateException("io.lettuce.core.RedisException: internals")));
    DependencyProbe probe = new DependencyProbe(check, BUDGET);

    DependencyCheck.State state = probe.state().get(5, TimeUnit.SECONDS);

    assertThat(state).isEqualTo(DependencyCheck.State.down("redis", "the check failed"));
  }

  @Test
  void aThrowingCheckIsDownToo() throws Exception {
    ScriptedCheck check =
        new ScriptedCheck(
            () -> {
              throw new IllegalStateException("boom");
            });

    DependencyCheck.State state =
        new DependencyProbe(check, BUDGET).state().get(5, TimeUnit.SECONDS);

    assertThat(state.state()).isEqualTo("down");
    assertThat(state.detail()).doesNotContain("boom");
  }
}
