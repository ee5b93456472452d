package dev.asyncexample.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that talks to a real local server. What happens when the server does not
 * answer depends on {@code SERVICE_TESTS} (environment variable or system property):
 *
 * <ul>
 *   <li>{@code auto} (default): the class is skipped, with the reason in the report;
 *   <li>{@code required} (what {@code .ci/run} sets): the class fails;
 *   <li>{@code off}: the class is skipped even when the server answers.
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("services")
@ExtendWith(ServiceCondition.class)
public @interface RequiresService {
  Service[] value();
}
