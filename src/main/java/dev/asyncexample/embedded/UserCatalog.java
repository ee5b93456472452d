package dev.asyncexample.embedded;

import dev.asyncexample.summary.Todo;
import dev.asyncexample.summary.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * JSONPlaceholder-like users (ids 1..10, as there) and their todos (20 each), made from their ids
 * alone like {@link PostCatalog}'s posts, so every run and machine sees the same data.
 */
public final class UserCatalog {

  public static final int USERS = 10;
  public static final int TODOS_PER_USER = 20;

  private static final String[] FIRST = {
    "Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas"
  };
  private static final String[] LAST = {
    "Lindqvist",
    "Moreau",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rahman",
    "Sato",
    "Tanaka",
    "Urban",
    "Vidal"
  };
  private static final String[] STREETS = {"Street", "Avenue", "Lane", "Road", "Way"};

  private final List<User> users;
  private final List<Todo> todos;

  public UserCatalog() {
    List<User> madeUsers = new ArrayList<>(USERS);
    List<Todo> madeTodos = new ArrayList<>(USERS * TODOS_PER_USER);
    for (int id = 1; id <= USERS; id++) {
      madeUsers.add(user(id));
    }
    for (int id = 1; id <= USERS * TODOS_PER_USER; id++) {
      madeTodos.add(todo(id));
    }
    this.users = List.copyOf(madeUsers);
    this.todos = List.copyOf(madeTodos);
  }

  public List<User> all() {
    return users;
  }

  public Optional<User> byId(int id) {
    return id >= 1 && id <= USERS ? Optional.of(users.get(id - 1)) : Optional.empty();
  }

  public List<Todo> allTodos() {
    return todos;
  }

  /** The user's todos; none for an unknown user. */
  public List<Todo> todosOf(int userId) {
    if (userId < 1 || userId > USERS) {
      return List.of();
    }
    return todos.subList((userId - 1) * TODOS_PER_USER, userId * TODOS_PER_USER);
  }

  private static User user(int id) {
    String first = FIRST[id - 1];
    String last = LAST[id - 1];
    String handle = (first + "." + last).toLowerCase(Locale.ROOT);
    return new User(
        id,
        first + " " + last,
        first + "_" + last.charAt(0) + id,
        handle + "@example.org",
        new User.Address(
            capitalized(PostCatalog.words(id * 17, 1)) + " " + STREETS[id % STREETS.length],
            "Apt. " + (100 + id * 37 % 900),
            capitalized(PostCatalog.words(id * 19, 1)) + "ville",
            String.format(Locale.ROOT, "%05d-%04d", id * 7_919 % 100_000, id * 31 % 10_000),
            new User.Geo(
                coordinate(id * 7_907 % 18_000 - 9_000), coordinate(id * 4_513 % 36_000 - 18_000))),
        String.format(Locale.ROOT, "1-555-%03d-%04d", 100 + id, id * 1_237 % 10_000),
        last.toLowerCase(Locale.ROOT) + ".example",
        new User.Company(
            last + " & Co",
            capitalized(PostCatalog.words(id * 23, 4)),
            PostCatalog.words(id * 29, 3)));
  }

  private static Todo todo(int id) {
    int userId = (id - 1) / TODOS_PER_USER + 1;
    String title = PostCatalog.words(id * 5, 3 + id % 4);
    // About three in five done, spread differently for each user.
    long mixed = (id * 2_654_435_761L) >>> 7;
    return new Todo(userId, id, title, mixed % 5 < 3);
  }

  /** Hundredths of a degree as JSONPlaceholder writes coordinates: text with four decimals. */
  private static String coordinate(int hundredths) {
    return String.format(Locale.ROOT, "%.4f", hundredths / 100.0);
  }

  private static String capitalized(String text) {
    return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }
}
