package dev.heaptriage.scenarios;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import dev.heaptriage.testing.Scenario;
import java.time.Duration;

/**
 * Small caches of both cache libraries, for the detect/libs readers' tests: each filled with {@value #ENTRIES}
 * entries. Caffeine: {@code UNBOUNDED} (no bound at all), {@code SIZED} ({@code maximumSize(1000)}),
 * {@code EXPIRING} ({@code expireAfterAccess}); Guava: {@code UNBOUNDED_GUAVA}, {@code SIZED_GUAVA}
 * ({@code maximumSize(1000)}), {@code EXPIRING_GUAVA} ({@code expireAfterWrite}).
 */
public final class LibraryCaches {
    public static final int ENTRIES = 300;

    static final com.github.benmanes.caffeine.cache.Cache<Integer, String> UNBOUNDED = Caffeine.newBuilder().build();
    static final com.github.benmanes.caffeine.cache.Cache<Integer, String> SIZED = Caffeine.newBuilder()
            .maximumSize(1_000).executor(Runnable::run).build();
    static final com.github.benmanes.caffeine.cache.Cache<Integer, String> EXPIRING = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5)).executor(Runnable::run).build();
    static final com.google.common.cache.Cache<Integer, String> UNBOUNDED_GUAVA = CacheBuilder.newBuilder().build();
    static final com.google.common.cache.Cache<Integer, String> SIZED_GUAVA = CacheBuilder.newBuilder()
            .maximumSize(1_000).build();
    static final com.google.common.cache.Cache<Integer, String> EXPIRING_GUAVA = CacheBuilder.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5)).build();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < ENTRIES; i++) {
            String v = "value-" + i;
            UNBOUNDED.put(i, v);
            SIZED.put(i, v);
            EXPIRING.put(i, v);
            UNBOUNDED_GUAVA.put(i, v);
            SIZED_GUAVA.put(i, v);
            EXPIRING_GUAVA.put(i, v);
        }
        SIZED.cleanUp();
        EXPIRING.cleanUp();
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
