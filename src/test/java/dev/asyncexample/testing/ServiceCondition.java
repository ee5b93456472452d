package dev.asyncexample.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs, skips or fails a {@link RequiresService} class, as {@code SERVICE_TESTS} says. */
final class ServiceCondition implements ExecutionCondition, BeforeAllCallback {

  private static final int PROBE_TIMEOUT_MILLIS = 1_000;

  private enum Mode {
    AUTO,
    REQUIRED,
    OFF
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<Service> services = required(context);
    if (services.isEmpty()) {
      return ConditionEvaluationResult.enabled("no service needed");
    }
    return switch (mode()) {
      case OFF -> ConditionEvaluationResult.disabled("SERVICE_TESTS=off");
      case REQUIRED -> ConditionEvaluationResult.enabled("SERVICE_TESTS=required");
      case AUTO -> {
        List<Service> down = unreachable(services);
        yield down.isEmpty()
            ? ConditionEvaluationResult.enabled("services answer")
            : ConditionEvaluationResult.disabled(
                describe(down) + " did not answer; SERVICE_TESTS=required makes this a failure");
      }
    };
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    List<Service> down = unreachable(required(context));
    if (!down.isEmpty()) {
      throw new IllegalStateException(
          describe(down) + " did not answer, and SERVICE_TESTS=required (see docs/testing.md)");
    }
  }

  private static List<Service> required(ExtensionContext context) {
    return context
        .getTestClass()
        .flatMap(type -> AnnotationSupport.findAnnotation(type, RequiresService.class))
        .map(annotation -> Arrays.asList(annotation.value()))
        .orElse(List.of());
  }

  private static Mode mode() {
    String value = System.getProperty("SERVICE_TESTS", System.getenv("SERVICE_TESTS"));
    if (value == null || value.isBlank()) {
      return Mode.AUTO;
    }
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "SERVICE_TESTS must be auto, required or off, not '" + value + "'", e);
    }
  }

  private static List<Service> unreachable(List<Service> services) {
    return services.stream().filter(service -> !answers(service)).collect(Collectors.toList());
  }

  private static boolean answers(Service service) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(service.host(), service.port()), PROBE_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(List<Service> services) {
    return services.stream().map(Service::toString).collect(Collectors.joining(" and "));
  }
}
