package dev.heaptriage.scenarios;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import dev.heaptriage.testing.Scenario;
import dev.heaptriage.testing.ScenarioJvm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.eclipse.collections.impl.bimap.mutable.HashBiMap;
import org.hibernate.Session;

/**
 * A healthy service using the libraries of issue 21's structure-only rules as they are meant to be used: a metrics
 * registry with a meter per endpoint, a Dropwizard registry and a Prometheus counter with a few labels, an ORM
 * session mid-request with a page of entities, protobuf payloads and their small headers, Agrona buffers over whole
 * frames and over a direct block they use all of, a bimap and a primitive map of a few hundred entries, and a
 * fastutil list with a sub-list over most of it. leak-suspects and retained-slice report nothing at low or above.
 */
@ScenarioJvm("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public final class IdleUnseenLibraries {
    static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    static final MetricRegistry METRICS = new MetricRegistry();
    static final PrometheusRegistry PROMETHEUS = new PrometheusRegistry();
    static final List<Object> IN_USE = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 40; i++) {
            Counter.builder("http.requests").tag("uri", "/api/v1/endpoint-" + i).register(METERS).increment();
            METRICS.timer("GET /api/v1/endpoint-" + i).update(java.time.Duration.ofMillis(i));
        }
        var requests = io.prometheus.metrics.core.metrics.Counter.builder().name("requests_total").labelNames("status").register(PROMETHEUS);
        for (int i = 0; i < 5; i++) {
            requests.labelValues(String.valueOf(200 + i)).inc();
        }
        SuspectUnitOfWork.OrderImport page = new SuspectUnitOfWork.OrderImport();
        page.factory = new org.hibernate.cfg.Configuration().addAnnotatedClass(SuspectUnitOfWork.OrderLine.class)
                .setProperty("hibernate.connection.url", "jdbc:h2:mem:idle;DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.hbm2ddl.auto", "create").buildSessionFactory();
        Session session = page.factory.openSession();
        page.session = session;
        session.beginTransaction();
        for (int i = 0; i < 50; i++) {
            session.persist(new SuspectUnitOfWork.OrderLine(i, i));
        }
        IN_USE.add(page);
        for (int i = 0; i < 8; i++) {
            ByteString payload = ByteString.copyFrom(new byte[256 * 1024]);
            IN_USE.add(payload);
            IN_USE.add(payload.substring(0, 64));
            IN_USE.add(new UnsafeBuffer(new byte[128 * 1024]));
            IN_USE.add(new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 1024)));
            ByteArrayList list = ByteArrayList.wrap(new byte[128 * 1024]);
            IN_USE.add(list.subList(0, 100 * 1024));
        }
        HashBiMap<String, Long> tokens = new HashBiMap<>();
        Long2ObjectOpenHashMap<String> names = new Long2ObjectOpenHashMap<>();
        for (long i = 0; i < 300; i++) {
            tokens.put("token-" + i, i);
            names.put(i, "name-" + i);
        }
        IN_USE.add(tokens);
        IN_USE.add(names);
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
