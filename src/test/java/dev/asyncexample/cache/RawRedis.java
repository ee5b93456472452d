package dev.asyncexample.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain synchronous Lettuce connection for tests: to look under a key, write garbage there, pause
 * the server, and delete a test's keys afterwards. Test threads may block.
 */
public final class RawRedis implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;

  public RawRedis(String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(Duration.ofSeconds(5));
    client = RedisClient.create(uri);
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  public RedisCommands<String, byte[]> commands() {
    return connection.sync();
  }

  /**
   * Whether {@code key} appears within {@code within}. The application stores a reply without
   * making its answer wait, on a connection of its own, so a key can appear a moment after the
   * answer.
   */
  public boolean existsWithin(String key, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (commands().exists(key) == 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Deletes every key that starts with {@code prefix}; returns how many there were. */
  public long deleteAll(String prefix) {
    List<String> keys = new ArrayList<>();
    ScanIterator.scan(commands(), ScanArgs.Builder.matches(prefix + "*").limit(500))
        .forEachRemaining(keys::add);
    return keys.isEmpty() ? 0 : commands().del(keys.toArray(String[]::new));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
