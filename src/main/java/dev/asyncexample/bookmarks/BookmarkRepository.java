package dev.asyncexample.bookmarks;

import dev.asyncexample.store.Database;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Bookmarks in the database. Every statement is parameterised; SQL runs on PostgreSQL and H2. */
public final class BookmarkRepository {

  /** A bookmark after a save, and whether the save created it. */
  public record Saved(Bookmark bookmark, boolean created) {}

  private static final String COLUMNS = "id, user_id, post_id, note, created_at, updated_at";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Database database;

  public BookmarkRepository(Database database) {
    this.database = database;
  }

  /** The database's kind, as tracing names it: {@code postgresql} or {@code h2}. */
  public String backend() {
    return database.backend();
  }

  /** Whether the database can take queries now (its migrations have run). */
  public boolean available() {
    return database.migrated();
  }

  /**
   * Creates the bookmark, or sets the note of the existing one. Safe under concurrency: the unique
   * key decides which of two racing inserts creates the row, and the other updates it.
   */
  public CompletionStage<Saved> save(int userId, int postId, String note) {
    return database.once(connection -> save(connection, userId, postId, note, 2));
  }

  private Mono<Saved> save(
      Connection connection, int userId, int postId, String note, int attemptsLeft) {
    Statement insert =
        bindNote(
            connection
                .createStatement(
                    "INSERT INTO bookmarks (user_id, post_id, note) VALUES ($1, $2, $3)")
                .bind(0, userId)
                .bind(1, postId),
            2,
            note);
    Mono<Saved> created =
        rowsUpdated(insert).then(find(connection, userId, postId)).map(b -> new Saved(b, true));
    return created
        .onErrorResume(
            BookmarkRepository::isDuplicate,
            duplicate -> updateNote(connection, userId, postId, note))
        // Deleted between our insert and update: try once more from the start.
        .switchIfEmpty(
            Mono.defer(
                () ->
                    attemptsLeft > 1
                        ? save(connection, userId, postId, note, attemptsLeft - 1)
                        : Mono.error(
                            new IllegalStateException(
                                "bookmark " + userId + "/" + postId + " kept vanishing"))));
  }

  private Mono<Saved> updateNote(Connection connection, int userId, int postId, String note) {
    // Only a changed note touches the row, so updated_at means "last changed".
    Statement update =
        bindNote(
            bindNote(
                    connection.createStatement(
                        "UPDATE bookmarks SET note = $1, updated_at = CURRENT_TIMESTAMP"
                            + " WHERE user_id = $2 AND post_id = $3 AND note IS DISTINCT FROM $4"),
                    0,
                    note)
                .bind(1, userId)
                .bind(2, postId),
            3,
            note);
    return rowsUpdated(update).then(find(connection, userId, postId)).map(b -> new Saved(b, false));
  }

  /**
   * The user's bookmarks in creation order, starting after the bookmark with id {@code afterId}, at
   * most {@code limit} of them, streamed from the database.
   */
  public Source<Bookmark, NotUsed> list(int userId, long afterId, int limit) {
    return database.stream(
        connection ->
            Flux.from(
                    connection
                        .createStatement(
                            "SELECT "
                                + COLUMNS
                                + " FROM bookmarks WHERE user_id = $1 AND id > $2"
                                + " ORDER BY id LIMIT $3")
                        .bind(0, userId)
                        .bind(1, afterId)
                        .bind(2, limit)
                        .execute())
                .flatMap(result -> result.map(BookmarkRepository::fromRow)));
  }

  /** Deletes the bookmark; completes with whether there was one. */
  public CompletionStage<Boolean> delete(int userId, int postId) {
    return database.once(
        connection ->
            rowsUpdated(
                    connection
                        .createStatement(
                            "DELETE FROM bookmarks WHERE user_id = $1 AND post_id = $2")
                        .bind(0, userId)
                        .bind(1, postId))
                .map(count -> count > 0));
  }

  private static Mono<Bookmark> find(Connection connection, int userId, int postId) {
    return Flux.from(
            connection
                .createStatement(
                    "SELECT " + COLUMNS + " FROM bookmarks WHERE user_id = $1 AND post_id = $2")
                .bind(0, userId)
                .bind(1, postId)
                .execute())
        .flatMap(result -> result.map(BookmarkRepository::fromRow))
        .next();
  }

  private static Mono<Long> rowsUpdated(Statement statement) {
    return Flux.from(statement.execute())
        .flatMap(result -> result.getRowsUpdated())
        .reduce(0L, Long::sum);
  }

  private static Statement bindNote(Statement statement, int index, String note) {
    return note == null ? statement.bindNull(index, String.class) : statement.bind(index, note);
  }

  private static boolean isDuplicate(Throwable failure) {
    return failure instanceof R2dbcDataIntegrityViolationException violation
        && UNIQUE_VIOLATION.equals(violation.getSqlState());
  }

  private static Bookmark fromRow(Row row, RowMetadata metadata) {
    return new Bookmark(
        row.get("id", Long.class),
        row.get("user_id", Integer.class),
        row.get("post_id", Integer.class),
        row.get("note", String.class),
        utc(row.get("created_at", OffsetDateTime.class)),
        utc(row.get("updated_at", OffsetDateTime.class)));
  }

  /** Both drivers give the session's offset; the API always speaks UTC. */
  private static OffsetDateTime utc(OffsetDateTime value) {
    return value.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
