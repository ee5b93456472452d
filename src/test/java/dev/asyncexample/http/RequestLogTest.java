package dev.asyncexample.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Fresh request ids: random version-4 UUIDs, made without a shared lock. */
class RequestLogTest {

  @Test
  void newIdsAreDistinctVersionFourUuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestLog.newId();
      UUID parsed = UUID.fromString(id);
      assertThat(parsed.version()).isEqualTo(4);
      assertThat(parsed.variant()).isEqualTo(2);
      assertThat(id).matches("[0-9a-f-]{36}");
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }
}
