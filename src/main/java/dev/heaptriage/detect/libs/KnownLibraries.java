package dev.heaptriage.detect.libs;

import java.util.List;

/**
 * Package prefixes of widely used libraries and frameworks. A class under one of them is library code: it is never
 * named as the owner of a leak when application code holds the library object (the application field is what a
 * developer changes), but it stays in the evidence path. The application's own packages win over this list (see
 * {@code AppCode}): an application that lives under {@code org.apache.myapp} is still application code.
 */
public final class KnownLibraries {
    /** Sorted by name; each ends with a dot so {@code io.nettyx} is not {@code io.netty}. */
    public static final List<String> PREFIXES = List.of(
            "akka.", "ch.qos.logback.", "co.elastic.", "com.amazonaws.", "com.datastax.", "com.esotericsoftware.",
            "com.fasterxml.", "com.github.benmanes.caffeine.", "com.google.api.", "com.google.common.",
            "com.google.gson.", "com.google.inject.", "com.google.protobuf.", "com.hazelcast.", "com.mchange.",
            "com.mongodb.", "com.mysql.", "com.netflix.", "com.squareup.", "com.typesafe.", "com.zaxxer.hikari.",
            "freemarker.", "io.dropwizard.", "io.grpc.", "io.jsonwebtoken.", "io.lettuce.", "io.micrometer.",
            "io.micronaut.", "io.netty.", "io.opentelemetry.", "io.prometheus.", "io.quarkus.", "io.reactivex.",
            "io.smallrye.", "io.undertow.", "io.vertx.", "jakarta.", "kotlin.", "kotlinx.", "net.bytebuddy.",
            "okhttp3.", "okio.", "oracle.jdbc.", "org.aopalliance.", "org.apache.", "org.aspectj.", "org.bouncycastle.",
            "org.eclipse.jetty.", "org.eclipse.jgit.", "org.ehcache.", "org.elasticsearch.", "org.flywaydb.",
            "org.glassfish.", "org.h2.", "org.hibernate.", "org.hsqldb.", "org.jboss.", "org.jctools.",
            "org.jetbrains.", "org.jooq.", "org.junit.", "org.mariadb.", "org.mockito.", "org.mybatis.",
            "org.objectweb.asm.", "org.opensearch.", "org.postgresql.", "org.quartz.", "org.redisson.",
            "org.reactivestreams.", "org.slf4j.", "org.springframework.", "org.thymeleaf.", "org.xerial.",
            "org.yaml.snakeyaml.", "reactor.", "redis.clients.", "retrofit2.", "rx.", "scala.",
            "software.amazon.awssdk.");

    private KnownLibraries() {
    }

    /** True when {@code className} lies under one of {@link #PREFIXES}. */
    public static boolean isLibraryClass(String className) {
        for (String p : PREFIXES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
