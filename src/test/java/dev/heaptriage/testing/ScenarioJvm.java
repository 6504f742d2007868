package dev.heaptriage.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * JVM options for one scenario's forked JVM, added after the defaults of {@link ScenarioDumps} (so a later
 * {@code -Xmx} wins). {@code {dump}} in an option stands for the dump's path, for a scenario whose JVM dumps itself
 * (e.g. {@code -XX:HeapDumpPath={dump}} with {@code -XX:+HeapDumpOnOutOfMemoryError}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ScenarioJvm {
    String[] value();
}
