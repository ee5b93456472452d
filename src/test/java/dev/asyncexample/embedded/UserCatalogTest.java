package dev.asyncexample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncexample.json.Json;
import dev.asyncexample.summary.Todo;
import dev.asyncexample.summary.User;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The embedded users and todos: ten users in JSONPlaceholder's shape, twenty todos each. */
class UserCatalogTest {

  private final UserCatalog catalog = new UserCatalog();

  @Test
  void hasTenUsersWithIdsInOrder() {
    assertThat(catalog.all())
        .extracting(User::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
    assertThat(catalog.byId(0)).isEmpty();
    assertThat(catalog.byId(11)).isEmpty();
    assertThat(catalog.byId(Integer.MIN_VALUE)).isEmpty();
  }

  @Test
  void aUserHasTheRealApisFieldsAndNothingElse() {
    JsonNode user = Json.MAPPER.valueToTree(catalog.byId(4).orElseThrow());

    assertThat(fields(user))
        .containsExactlyInAnyOrder(
            "id", "name", "username", "email", "address", "phone", "website", "company");
    assertThat(fields(user.get("address")))
        .containsExactlyInAnyOrder("street", "suite", "city", "zipcode", "geo");
    assertThat(fields(user.get("address").get("geo"))).containsExactlyInAnyOrder("lat", "lng");
    assertThat(fields(user.get("company"))).containsExactlyInAnyOrder("name", "catchPhrase", "bs");
    assertThat(user.get("id").isInt()).isTrue();
    // JSONPlaceholder writes coordinates as text.
    assertThat(user.get("address").get("geo").get("lat").isTextual()).isTrue();
    assertThat(user.get("address").get("geo").get("lat").asText()).matches("-?\\d+\\.\\d{4}");
    assertThat(user.get("email").asText()).contains("@");
  }

  @Test
  void usersAreDeterministicAndDistinct() {
    assertThat(new UserCatalog().all()).isEqualTo(catalog.all());
    assertThat(catalog.all()).extracting(User::name).doesNotHaveDuplicates();
    assertThat(catalog.all()).extracting(User::username).doesNotHaveDuplicates();
    assertThat(catalog.all()).extracting(User::email).doesNotHaveDuplicates();
  }

  @Test
  void eachUserHasTwentyTodosBothDoneAndOpen() {
    for (int user = 1; user <= 10; user++) {
      int expectedUser = user;
      List<Todo> todos = catalog.todosOf(user);
      assertThat(todos)
          .hasSize(20)
          .allSatisfy(todo -> assertThat(todo.userId()).isEqualTo(expectedUser));
      assertThat(todos).extracting(Todo::completed).contains(true, false);
    }
    assertThat(catalog.allTodos())
        .extracting(Todo::id)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
    // Not one fixed split: the summaries' counts differ between users.
    Set<Long> doneCounts = new TreeSet<>();
    for (int user = 1; user <= 10; user++) {
      doneCounts.add(catalog.todosOf(user).stream().filter(Todo::completed).count());
    }
    assertThat(doneCounts).hasSizeGreaterThan(1);
    assertThat(new UserCatalog().allTodos()).isEqualTo(catalog.allTodos());
  }

  @Test
  void unknownUsersHaveNoTodos() {
    assertThat(catalog.todosOf(0)).isEmpty();
    assertThat(catalog.todosOf(11)).isEmpty();
    assertThat(catalog.todosOf(Integer.MAX_VALUE)).isEmpty();
    assertThat(catalog.todosOf(Integer.MIN_VALUE)).isEmpty();
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
