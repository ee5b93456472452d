package dev.asyncexample.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs event files through {@link LambdaHandler} as Lambda would, outside Lambda: prints each
 * answer on stdout and, on stderr, the time from JVM start to the handler's construction and to the
 * first answer (the cold start). {@code --lazy} starts the application on the first event instead.
 *
 * <p>{@code java -cp 'DIR:DIR/lib/*' dev.asyncexample.lambda.LocalInvoke [--lazy] EVENT.json...}
 */
public final class LocalInvoke {

  private LocalInvoke() {}

  public static void main(String[] args) throws IOException {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    boolean lazy = false;
    List<Path> events = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--lazy")) {
        lazy = true;
      } else {
        events.add(Path.of(arg));
      }
    }
    if (events.isEmpty()) {
      System.err.println("usage: LocalInvoke [--lazy] EVENT.json...");
      System.exit(2);
    }
    LambdaHandler handler = lazy ? new LambdaHandler(LambdaApp::start) : new LambdaHandler();
    long constructed = System.currentTimeMillis();
    long firstAnswer = 0;
    for (Path event : events) {
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try (InputStream in = Files.newInputStream(event)) {
        handler.handleRequest(in, answer, LocalContext.withTimeout(30_000));
      }
      if (firstAnswer == 0) {
        firstAnswer = System.currentTimeMillis();
      }
      System.out.println(answer.toString(StandardCharsets.UTF_8));
    }
    System.err.printf(
        "cold-start %s: handler constructed %d ms after JVM start, first answer %d ms after JVM"
            + " start%n",
        lazy ? "lazy" : "eager", constructed - jvmStart, firstAnswer - jvmStart);
    System.out.flush();
    // The ActorSystem's threads would keep the JVM alive; Lambda would freeze it instead.
    System.exit(0);
  }
}
