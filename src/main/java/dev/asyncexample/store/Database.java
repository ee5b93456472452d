package dev.asyncexample.store;

import dev.asyncexample.concurrent.Dispatchers;
import dev.asyncexample.concurrent.StageBridge;
import dev.asyncexample.http.DependencyCheck;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Source;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The application's database: an R2DBC connection pool, opened at start and closed by
 * CoordinatedShutdown, and the migrations that must have run before any query.
 *
 * <p>Queries are refused (as {@link StoreUnavailableException}, a 503) until the migrations have
 * run; a start-up migration that cannot reach the database is retried in the background, so the
 * rest of the API serves meanwhile.
 */
public final class Database implements DependencyCheck {

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final Duration CLOSE_BUDGET = Duration.ofSeconds(2);
  private static final String NOT_MIGRATED = "migrations have not run yet";
  private static final String POOL_NAME = "async-example-db";

  private final ActorSystem<?> system;
  private final DatabaseSettings settings;
  private final ConnectionPool pool;
  private final Executor blocking;

  /** Null once migrated; until then, why not. */
  private final AtomicReference<String> notReady = new AtomicReference<>(NOT_MIGRATED);

  private Database(ActorSystem<?> system, DatabaseSettings settings, ConnectionPool pool) {
    this.system = system;
    this.settings = settings;
    this.pool = pool;
    this.blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(Dispatchers.BLOCKING));
  }

  /**
   * Builds the pool (no connection is opened yet) and registers its closing with
   * CoordinatedShutdown, after the server has drained its requests.
   */
  public static Database create(ActorSystem<?> system, DatabaseSettings settings) {
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    settings.target().connectionFactory(settings.connectTimeout()))
                .name(POOL_NAME)
                .initialSize(0)
                .maxSize(settings.poolSize())
                .maxAcquireTime(settings.acquireTimeout())
                .maxCreateConnectionTime(settings.connectTimeout())
                .maxValidationTime(settings.connectTimeout())
                .build());
    Database database = new Database(system, settings, pool);
    CoordinatedShutdown.get(system)
        .addTask(CoordinatedShutdown.PhaseServiceStop(), "close-database-pool", database::close);
    log.info("Database: {} (pool of {})", settings.target().describe(), settings.poolSize());
    return database;
  }

  /**
   * Runs the migrations on the blocking dispatcher. Completes with {@code true} once they have run,
   * or {@code false} when the first attempt failed; failed attempts are retried every {@code
   * migration-retry-interval} until one succeeds or the system stops. Never fails.
   */
  public CompletionStage<Boolean> migrate() {
    CompletableFuture<Boolean> firstAttempt = new CompletableFuture<>();
    attemptMigration(firstAttempt, 1);
    return firstAttempt;
  }

  private void attemptMigration(CompletableFuture<Boolean> firstAttempt, int attempt) {
    var unused =
        CompletableFuture.supplyAsync(
                () -> Migrations.run(settings.target(), settings.connectTimeout()), blocking)
            .whenComplete(
                (applied, failure) -> {
                  if (failure == null) {
                    notReady.set(null);
                    log.info("Database ready: {} migration(s) applied", applied);
                    firstAttempt.complete(true);
                    return;
                  }
                  String why = summary(failure);
                  notReady.set("migrations failed: " + why);
                  if (attempt == 1) {
                    log.error(
                        "Database migrations failed: {}. Bookmarks answer 503 until they succeed;"
                            + " retrying every {}",
                        why,
                        settings.migrationRetryInterval().toMillis() + " ms");
                  } else {
                    log.warn("Database migrations failed again (attempt {}): {}", attempt, why);
                  }
                  firstAttempt.complete(false);
                  if (CoordinatedShutdown.get(system).getShutdownReason().isEmpty()) {
                    system
                        .scheduler()
                        .scheduleOnce(
                            settings.migrationRetryInterval(),
                            () -> attemptMigration(firstAttempt, attempt + 1),
                            system.executionContext());
                  }
                });
  }

  /** The pool's state (connections in use, idle, waited for), for metrics. */
  public Optional<PoolMetrics> poolMetrics() {
    return pool.getMetrics();
  }

  /** The pool's name, as its metrics are tagged. */
  public String poolName() {
    return POOL_NAME;
  }

  /** Whether queries can run: the schema is in place. */
  public boolean migrated() {
    return notReady.get() == null;
  }

  /**
   * Streams what {@code work} emits on one pooled connection; the connection goes back to the pool
   * when the stream completes, fails or is cancelled.
   */
  public <T> Source<T, NotUsed> stream(Function<Connection, Publisher<T>> work) {
    return Source.fromPublisher(
        Flux.usingWhen(connection(), work, Connection::close).onErrorMap(this::translate));
  }

  /** The single result of {@code work} on one pooled connection (or null when it emits none). */
  public <T> CompletionStage<T> once(Function<Connection, Publisher<T>> work) {
    CompletableFuture<T> result =
        Mono.usingWhen(
                connection(), connection -> Mono.from(work.apply(connection)), Connection::close)
            .onErrorMap(this::translate)
            .toFuture();
    // The driver completes on its own I/O threads; our work continues on the dispatcher.
    return StageBridge.completeOn(result, system.executionContext());
  }

  private Mono<Connection> connection() {
    String why = notReady.get();
    if (why != null) {
      return Mono.error(new StoreUnavailableException("Database unavailable: " + why, null));
    }
    return Mono.from(pool.create());
  }

  /** Integrity violations are the caller's to handle and bad SQL is a bug; the rest is a 503. */
  private Throwable translate(Throwable failure) {
    if (failure instanceof StoreUnavailableException
        || failure instanceof R2dbcDataIntegrityViolationException
        || failure instanceof R2dbcBadGrammarException) {
      return failure;
    }
    return new StoreUnavailableException("Database unavailable", failure);
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public String backend() {
    return settings.target().backend();
  }

  @Override
  public CompletionStage<State> check() {
    String why = notReady.get();
    if (why != null) {
      return CompletableFuture.completedFuture(State.down(backend(), why));
    }
    return Mono.usingWhen(
            pool.create(),
            connection -> Mono.from(connection.validate(ValidationDepth.REMOTE)),
            Connection::close)
        .map(valid -> valid ? State.up(backend()) : State.down(backend(), "connection not valid"))
        .onErrorResume(failure -> Mono.just(State.down(backend(), summary(failure))))
        .toFuture();
  }

  private CompletionStage<Done> close() {
    return pool.disposeLater()
        .toFuture()
        .thenApply(unit -> Done.getInstance())
        .completeOnTimeout(Done.getInstance(), CLOSE_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> Done.getInstance());
  }

  /** The innermost cause in one line: drivers wrap the interesting part deep down. */
  static String summary(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return cause.getClass().getSimpleName() + message;
  }
}
