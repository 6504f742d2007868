package dev.heaptriage.detect.suspects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.Analyzer;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.render.Renderers;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.report.ToolInfo;
import dev.heaptriage.scenarios.IdleJvm;
import dev.heaptriage.scenarios.IdleLibraries;
import dev.heaptriage.scenarios.IdleUnseenLibraries;
import dev.heaptriage.scenarios.SuspectBalancedHeap;
import dev.heaptriage.scenarios.SuspectBoundedCache;
import dev.heaptriage.scenarios.SuspectBufferPool;
import dev.heaptriage.scenarios.SuspectBoundedLibraryCaches;
import dev.heaptriage.scenarios.SuspectCaffeineCache;
import dev.heaptriage.scenarios.SuspectClassLoaderPins;
import dev.heaptriage.scenarios.SuspectClassLoaders;
import dev.heaptriage.scenarios.SuspectClassLoadersReleased;
import dev.heaptriage.scenarios.SuspectGrowingCache;
import dev.heaptriage.scenarios.SuspectGuavaCache;
import dev.heaptriage.scenarios.SuspectLinkedJournal;
import dev.heaptriage.scenarios.SuspectListeners;
import dev.heaptriage.scenarios.SuspectListenersRemoved;
import dev.heaptriage.scenarios.SuspectBiMapIndex;
import dev.heaptriage.scenarios.SuspectBiMapIndexPruned;
import dev.heaptriage.scenarios.SuspectLabelledCounter;
import dev.heaptriage.scenarios.SuspectLabelledCounterBounded;
import dev.heaptriage.scenarios.SuspectPrimitiveMap;
import dev.heaptriage.scenarios.SuspectPrimitiveMapBounded;
import dev.heaptriage.scenarios.SuspectMeterRegistry;
import dev.heaptriage.scenarios.SuspectMeterRegistryBounded;
import dev.heaptriage.scenarios.SuspectMetricRegistry;
import dev.heaptriage.scenarios.SuspectMetricRegistryBounded;
import dev.heaptriage.scenarios.SuspectUnitOfWork;
import dev.heaptriage.scenarios.SuspectUnitOfWorkCleared;
import dev.heaptriage.scenarios.SuspectOutOfMemory;
import dev.heaptriage.scenarios.SuspectQueue;
import dev.heaptriage.scenarios.SuspectQueueKeepingUp;
import dev.heaptriage.scenarios.SuspectSessions;
import dev.heaptriage.scenarios.SuspectSessionsExpired;
import dev.heaptriage.scenarios.SuspectFinalizerBacklog;
import dev.heaptriage.scenarios.SuspectSharedSessions;
import dev.heaptriage.detect.finalizer.FinalizerBacklogDetector;
import dev.heaptriage.scenarios.SuspectSkipListLog;
import dev.heaptriage.scenarios.SuspectThreadLocalPool;
import dev.heaptriage.scenarios.SuspectThreadLocalRemoved;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code leak-suspects} on real dumps of the {@code Suspect*} scenarios, made by the running JDK (17) and by JDK 25.
 * Each leak has a near miss doing the same work without the accumulation, which must stay silent at low and above,
 * as must an idle JVM, {@link IdleLibraries} and a balanced heap. The expected share of the heap is what the
 * scenario's own holder retains (read from the dump independently of the detector's walk), or for thread-local and
 * class-loader leaks what the scenario allocated, as MAT sizes arrays (24-byte header).
 */
class LeakSuspectsDetectorTest {
    private static final String S = "dev.heaptriage.scenarios.";
    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    /** The detector's report and the used heap and retained bytes of the scenario's holder, read in one opening. */
    record Run(Report report, long usedHeap, long expectedRetained) {
        List<Finding> reported() {
            return report.findings().stream().filter(f -> f.severity().atLeast(Severity.LOW)).toList();
        }

        Finding only() {
            List<Finding> f = reported();
            assertEquals(1, f.size(), () -> "one finding at low or above expected: " + f);
            return f.get(0);
        }

        double sharePoints(Finding f) {
            return 100.0 * f.retainedBytes() / usedHeap;
        }

        double expectedPoints() {
            return 100.0 * expectedRetained / usedHeap;
        }
    }

    static Run run(Class<?> scenario, Path jdk, ToLongFunction<HeapView> expected) {
        return RUNS.computeIfAbsent(scenario.getName() + "@" + jdk, k -> DetectorRuns.withHeap(scenario, jdk, heap -> {
            Report r = new Analyzer(List.of(new LeakSuspectsDetector()), id -> { })
                    .analyze(heap, new ToolInfo("heaptriage", "test"), 0, List.of());
            assertTrue(r.errors().isEmpty(), () -> r.errors().toString());
            return new Run(r, heap.facts().usedHeapBytes(), expected.applyAsLong(heap));
        }));
    }

    /** What a static field's value retains. */
    static ToLongFunction<HeapView> staticRetains(String className, String field) {
        return heap -> {
            for (HeapClass c : heap.classes(S + className)) {
                HeapObject o = c.staticRef(field);
                if (o != null) {
                    return o.retainedBytes();
                }
            }
            throw new AssertionError("no static " + className + "." + field);
        };
    }

    /** A spread accumulation's collections, from its first evidence's {@code heldBy} attribute. */
    @SuppressWarnings("unchecked")
    static List<String> heldBy(Finding f) {
        return (List<String>) f.evidence().get(0).attributes().get("heldBy");
    }

    static ToLongFunction<HeapView> fieldOfStaticRetains(String className, String field, String instanceField) {
        return heap -> heap.classes(S + className).get(0).staticRef(field).ref(instanceField).retainedBytes();
    }

    @Nested
    class RunningJdk extends Contract {
        @Override
        Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class Jdk25 extends Contract {
        @Override
        Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @Test
    void isRegisteredAndDocumentsItsThresholds() {
        assertTrue(Detectors.ids().contains(LeakSuspectsDetector.ID));
        DetectorInfo info = new LeakSuspectsDetector().info();
        for (String word : List.of("10%", "16 MiB", "80%", "100 elements", "25%", "50%", "info", "ThreadLocal",
                "Guava", "Caffeine", "class loaders", "unbounded", "finalizer-backlog", "unclosed-fd", "fingerprint")) {
            assertTrue(info.description().contains(word), word);
        }
        assertTrue(info.remediation().contains("remove()"));
    }

    @Test
    void fingerprintsMatchAcrossJdksAndHoldNoIds() {
        Path jdk25 = Jdks.jdk25().orElse(null);
        Assumptions.assumeTrue(jdk25 != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        for (Class<?> s : List.of(SuspectGrowingCache.class, SuspectListeners.class, SuspectThreadLocalPool.class,
                SuspectClassLoaders.class, SuspectQueue.class, SuspectCaffeineCache.class, SuspectMeterRegistry.class,
                SuspectUnitOfWork.class, SuspectBiMapIndex.class)) {
            List<String> on17 = fingerprints(s, Jdks.current());
            assertEquals(on17, fingerprints(s, jdk25), s.getSimpleName());
            on17.forEach(f -> assertFalse(f.matches(".*(@|0x[0-9a-f]{6,}).*"), f));
        }
    }

    private static List<String> fingerprints(Class<?> s, Path jdk) {
        return RUNS.entrySet().stream().filter(e -> e.getKey().equals(s.getName() + "@" + jdk)).findFirst()
                .map(e -> e.getValue().reported().stream().map(Finding::fingerprint).sorted().toList())
                .orElseGet(() -> DetectorRuns.findings(new LeakSuspectsDetector(), s, jdk).stream()
                        .filter(f -> f.severity().atLeast(Severity.LOW)).map(Finding::fingerprint).sorted().toList());
    }

    abstract static class Contract {
        abstract Path javaHome();

        @BeforeEach
        void needsJdk() {
            Assumptions.assumeTrue(javaHome() != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        }

        Run run(Class<?> scenario, ToLongFunction<HeapView> expected) {
            return LeakSuspectsDetectorTest.run(scenario, javaHome(), expected);
        }

        void assertShare(Run r, Finding f) {
            assertEquals(r.expectedPoints(), r.sharePoints(f), 2.0, () -> f.title().shown());
        }

        @Test
        void staticMapCacheThatOnlyGrows() {
            Run r = run(SuspectGrowingCache.class, staticRetains("SuspectGrowingCache", "ENTRIES"));
            Finding f = r.only();
            assertEquals(S + "SuspectGrowingCache.ENTRIES (static field)", f.owner().shown());
            assertEquals(SuspectGrowingCache.LOOKUPS, f.count());
            assertTrue(f.title().shown().startsWith("HashMap of 60,000 byte[]"), f.title().shown());
            assertTrue(f.severity().atLeast(Severity.HIGH), f.severity().id());
            assertEquals("leak-suspects/static:" + S + "SuspectGrowingCache.ENTRIES/java.util.HashMap/byte[]",
                    f.fingerprint());
            assertShare(r, f);
        }

        @Test
        void listenersNeverRemoved() {
            Run r = run(SuspectListeners.class, fieldOfStaticRetains("SuspectListeners", "BUS", "listeners"));
            Finding f = r.only();
            assertEquals(S + "SuspectListeners$EventBus.listeners (field of the instance held by " + S
                    + "SuspectListeners.BUS (static field))", f.owner().shown());
            assertEquals(SuspectListeners.REQUESTS, f.count());
            assertTrue(f.title().shown().startsWith("CopyOnWriteArrayList of 10,000 SuspectListeners$$Lambda"), f.title().shown());
            assertShare(r, f);
        }

        @Test
        void threadLocalPerTaskInAFixedPool() {
            long allocated = (long) SuspectThreadLocalPool.TASKS * (24 + SuspectThreadLocalPool.SCRATCH_BYTES);
            Run r = run(SuspectThreadLocalPool.class, heap -> allocated);
            Finding f = r.only();
            assertEquals("a ThreadLocal (" + S + "SuspectThreadLocalPool.TASK_LOG) of 4 pool threads (the pool of "
                    + S + "SuspectThreadLocalPool.POOL (static field))", f.owner().shown());
            assertEquals(SuspectThreadLocalPool.TASKS, f.count());
            assertTrue(f.title().shown().startsWith("ThreadLocal values of 4 threads"), f.title().shown());
            assertTrue(f.remediation().contains("ThreadLocal.remove() in a finally"), f.remediation());
            assertShare(r, f);
        }

        @Test
        void classLoadersPinnedByAStaticList() {
            long allocated = SuspectClassLoaders.LOADERS * (24L + (1 << 20));
            Run r = run(SuspectClassLoaders.class, heap -> allocated);
            Finding f = r.only();
            assertEquals(SuspectClassLoaders.LOADERS, f.count());
            assertEquals(S + "SuspectClassLoaders.DEPLOYED (static field)", f.owner().shown());
            assertTrue(f.title().shown().startsWith("30 class loaders of SuspectClassLoaders$PluginLoader are alive at "
                    + "once, each with its own copy of SuspectClassLoaders$Plugin"), f.title().shown());
            assertTrue(f.summary().shown().contains("30 by " + S + "SuspectClassLoaders.DEPLOYED (static field)"));
            assertTrue(f.severity().atLeast(Severity.MEDIUM));
            assertShare(r, f);
        }

        @Test
        void classLoadersPinnedByAThreadAThreadLocalAndAJdkCache() {
            Run r = run(SuspectClassLoaderPins.class, heap -> 0);
            Map<String, String> ownerByLoader = new java.util.TreeMap<>();
            for (Finding f : r.reported()) {
                assertEquals(SuspectClassLoaderPins.PER_KIND, f.count(), f.title().shown());
                assertEquals(Severity.LOW, f.severity(), f.title().shown());
                ownerByLoader.put(f.title().shown().replaceAll(".* class loaders of SuspectClassLoaderPins\\$(\\w+) .*", "$1"),
                        f.owner().shown());
            }
            assertEquals(Map.of("ThreadPinLoader", "a thread's contextClassLoader",
                    "LocalPinLoader", "a ThreadLocal value of a thread",
                    "HookPinLoader", "java.lang.ApplicationShutdownHooks.hooks (static field)"), ownerByLoader);
            Finding thread = r.reported().stream().filter(f -> f.title().shown().contains("ThreadPinLoader")).findFirst()
                    .orElseThrow();
            assertTrue(thread.remediation().contains("setContextClassLoader"), thread.remediation());
        }

        @Test
        void twoMillionSessionsNeverExpired() {
            Run r = run(SuspectSessions.class, fieldOfStaticRetains("SuspectSessions", "STORE", "sessions"));
            Finding f = r.only();
            assertEquals(S + "SuspectSessions$SessionStore.sessions (field of the instance held by " + S
                    + "SuspectSessions.STORE (static field))", f.owner().shown());
            assertEquals(SuspectSessions.SESSIONS, f.count());
            assertTrue(f.title().shown().startsWith("ConcurrentHashMap of 2,000,000 SuspectSessions$Session"), f.title().shown());
            assertEquals(Severity.CRITICAL, f.severity());
            assertShare(r, f);
        }

        @Test
        void unboundedQueueWithAStalledConsumer() {
            Run r = run(SuspectQueue.class, staticRetains("SuspectQueue", "ORDERS_QUEUE"));
            Finding f = r.only();
            assertEquals(S + "SuspectQueue.ORDERS_QUEUE (static field)", f.owner().shown());
            assertEquals(SuspectQueue.ORDERS - 1, f.count()); // the consumer took one
            assertTrue(f.title().shown().startsWith("an unbounded LinkedBlockingQueue of 99,999 SuspectQueue$Order"),
                    f.title().shown());
            assertTrue(f.summary().shown().contains("'order-consumer' (TIMED_WAITING in SuspectQueue$Consumer.process)"),
                    f.summary().shown());
            assertTrue(f.summary().shown().contains("'order-producer' (WAITING in SuspectQueue$Producer.run)"), f.summary().shown());
            assertFalse(f.summary().shown().contains("'main'"), f.summary().shown());
            String redacted = String.join("\n", r.report().redacted().findings().get(0).texts());
            assertFalse(redacted.contains("order-consumer"), redacted);
            assertShare(r, f);
        }

        @Test
        void objectsSharedByTwoHoldersAreAGroup() {
            Run r = run(SuspectSharedSessions.class, heap -> heap.instancesOf(S + "SuspectSharedSessions$Session", false)
                    .stream().mapToLong(HeapObject::retainedBytes).sum());
            Finding f = r.reported().get(0);
            assertEquals(SuspectSharedSessions.SESSIONS, f.count());
            assertTrue(f.title().shown().startsWith("200,000 SuspectSharedSessions$Session objects retain"), f.title().shown());
            assertEquals(Severity.CRITICAL, f.severity());
            // The two indexes grow with the sessions too; each is reported for what it alone retains (its keys).
            assertTrue(r.reported().size() >= 3, () -> "the group and both indexes: " + r.reported().stream()
                    .map(Finding::title).toList());
            assertEquals(List.of(S + "SuspectSharedSessions$ById.SESSIONS (static field)",
                            S + "SuspectSharedSessions$ByUser.SESSIONS (static field)"),
                    r.reported().subList(1, 3).stream().map(x -> x.owner().shown()).sorted().toList());
            assertTrue(f.owner().shown().equals(S + "SuspectSharedSessions$ById.SESSIONS (static field)")
                    || f.owner().shown().equals(S + "SuspectSharedSessions$ByUser.SESSIONS (static field)"), f.owner().shown());
            assertShare(r, f);
        }

        @Test
        void aFinalizerBacklogIsLeftToFinalizerBacklog() {
            assertEquals(List.of(), run(SuspectFinalizerBacklog.class, heap -> 0).reported());
            assertTrue(DetectorRuns.findings(new FinalizerBacklogDetector(), SuspectFinalizerBacklog.class, javaHome())
                    .stream().anyMatch(f -> f.severity().atLeast(Severity.MEDIUM)), "finalizer-backlog reports it");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Caffeine", "Guava"})
        void unboundedLibraryCaches(String library) {
            boolean caffeine = library.equals("Caffeine");
            Class<?> scenario = caffeine ? SuspectCaffeineCache.class : SuspectGuavaCache.class;
            String field = caffeine ? "PRICES" : "RATES";
            Run r = run(scenario, staticRetains(scenario.getSimpleName(), field));
            Finding f = r.only();
            assertEquals(S + scenario.getSimpleName() + "." + field + " (static field)", f.owner().shown());
            assertEquals(caffeine ? SuspectCaffeineCache.ENTRIES : SuspectGuavaCache.ENTRIES, f.count());
            assertTrue(f.title().shown().startsWith("an unbounded " + library + " cache"), f.title().shown());
            assertTrue(f.remediation().contains("maximumSize"), f.remediation());
            assertShare(r, f);
        }

        @Test
        void accumulationShapesItWasNotTunedFor() {
            Run skip = run(SuspectSkipListLog.class, fieldOfStaticRetains("SuspectSkipListLog", "LOG", "events"));
            Finding f = skip.only();
            assertTrue(f.owner().shown().startsWith(S + "SuspectSkipListLog$AuditLog.events (field of the instance held by "),
                    f.owner().shown());
            assertEquals(SuspectSkipListLog.EVENTS, f.count(), () -> f.title().shown() + " / " + f.summary().shown());
            assertTrue(f.title().shown().startsWith("ConcurrentSkipListMap of 80,000 SuspectSkipListLog$Event"), f.title().shown());
            assertShare(skip, f);

            Run journal = run(SuspectLinkedJournal.class, staticRetains("SuspectLinkedJournal", "JOURNAL"));
            Finding j = journal.only();
            assertEquals(S + "SuspectLinkedJournal.JOURNAL (static field)", j.owner().shown());
            assertEquals(SuspectLinkedJournal.RECORDS, j.count());
            assertShare(journal, j);
        }

        @Test
        void metricsRegistryWithAMeterPerUser() {
            Run r = run(SuspectMeterRegistry.class, staticRetains("SuspectMeterRegistry", "METRICS"));
            Finding f = r.only();
            assertEquals(S + "SuspectMeterRegistry.METRICS (static field)", f.owner().shown());
            assertEquals(SuspectMeterRegistry.USERS, f.count());
            assertEquals(Severity.CRITICAL, f.severity());
            assertTrue(f.title().shown().startsWith("SimpleMeterRegistry of 120,000 CumulativeCounter holds "), f.title().shown());
            assertEquals(List.of("SimpleMeterRegistry.meterMap (ConcurrentHashMap)",
                    "SimpleMeterRegistry.meterToPreFilterIdMap (HashMap)",
                    "SimpleMeterRegistry.preFilterIdToMeterMap (HashMap)"), heldBy(f));
            assertTrue(f.summary().shown().contains("120,000 Meter$Id"), f.summary().shown());
            assertEquals("leak-suspects/static:" + S + "SuspectMeterRegistry.METRICS/"
                    + "io.micrometer.core.instrument.simple.SimpleMeterRegistry/"
                    + "io.micrometer.core.instrument.cumulative.CumulativeCounter", f.fingerprint());
            assertTrue(f.remediation().contains("no tag, label or name per user"), f.remediation());
            assertShare(r, f);
        }

        @Test
        void unitOfWorkNeverFlushedOrCleared() {
            Run r = run(SuspectUnitOfWork.class, fieldOfStaticRetains("SuspectUnitOfWork", "IMPORT", "session"));
            Finding f = r.only();
            assertEquals(S + "SuspectUnitOfWork$OrderImport.session (field of the instance held by " + S
                    + "SuspectUnitOfWork.IMPORT (static field))", f.owner().shown());
            assertEquals(SuspectUnitOfWork.LINES, f.count());
            assertEquals(Severity.CRITICAL, f.severity());
            assertTrue(f.title().shown().startsWith("SessionImpl of 100,000 SuspectUnitOfWork$OrderLine holds "), f.title().shown());
            assertEquals(List.of("EntityEntryContext$ManagedEntityImpl.entityInstance",
                    "EntityEntryContext.nonEnhancedEntityXref (IdentityHashMap)", "EntityInsertAction.instance",
                    "StatefulPersistenceContext$EntityHolderImpl.entity"), heldBy(f));
            assertTrue(f.summary().shown().contains("100,000 EntityEntryImpl"), f.summary().shown());
            assertTrue(f.remediation().contains("flush and clear"), f.remediation());
            assertShare(r, f);
        }

        @Test
        void metricRegistryWithATimerPerPath() {
            Run r = run(SuspectMetricRegistry.class, fieldOfStaticRetains("SuspectMetricRegistry", "REGISTRY",
                    "metrics"));
            Finding f = r.only();
            assertEquals("com.codahale.metrics.MetricRegistry.metrics (field of the instance held by " + S
                    + "SuspectMetricRegistry.REGISTRY (static field))", f.owner().shown());
            assertEquals(SuspectMetricRegistry.PATHS, f.count());
            assertEquals(Severity.CRITICAL, f.severity());
            assertTrue(f.title().shown().startsWith("ConcurrentHashMap of 40,000 Timer holds "), f.title().shown());
            assertShare(r, f);
        }

        @Test
        void twoWayIndexThatOnlyGrows() {
            Run r = run(SuspectBiMapIndex.class, fieldOfStaticRetains("SuspectBiMapIndex", "DEVICES_INDEX",
                    "byToken"));
            Finding f = r.only();
            assertEquals(S + "SuspectBiMapIndex$Devices.byToken (field of the instance held by " + S
                    + "SuspectBiMapIndex.DEVICES_INDEX (static field))", f.owner().shown());
            assertEquals(SuspectBiMapIndex.DEVICES, f.count());
            assertEquals(Severity.CRITICAL, f.severity());
            assertTrue(f.title().shown().startsWith("HashBiMap of 100,000 SuspectBiMapIndex$Device holds "), f.title().shown());
            assertEquals(List.of("AbstractMutableBiMap$Inverse.delegate (UnifiedMap)", "HashBiMap.delegate (UnifiedMap)"),
                    heldBy(f));
            assertShare(r, f);
        }

        @Test
        void counterLabelledPerSession() {
            Run r = run(SuspectLabelledCounter.class, heap -> heap.classes(S + "SuspectLabelledCounter").get(0)
                    .staticRef("REQUESTS").ref("data").retainedBytes());
            Finding f = r.only();
            assertEquals(S + "SuspectLabelledCounter.REQUESTS (static field)", f.owner().shown());
            assertEquals(SuspectLabelledCounter.SESSIONS, f.count());
            assertEquals(Severity.CRITICAL, f.severity());
            assertTrue(f.title().shown().startsWith("ConcurrentHashMap of 100,000 Counter$DataPoint holds "), f.title().shown());
            assertShare(r, f);
        }

        @Test
        void primitiveKeyedMapThatOnlyGrows() {
            Run r = run(SuspectPrimitiveMap.class, staticRetains("SuspectPrimitiveMap", "QUOTES_BY_ID"));
            Finding f = r.only();
            assertEquals(S + "SuspectPrimitiveMap.QUOTES_BY_ID (static field)", f.owner().shown());
            assertEquals(SuspectPrimitiveMap.QUOTES, f.count());
            assertEquals(Severity.CRITICAL, f.severity());
            assertTrue(f.title().shown().startsWith("Long2ObjectOpenHashMap of 150,000 SuspectPrimitiveMap$Quote holds "),
                    f.title().shown());
            assertShare(r, f);
        }

        @ParameterizedTest
        @ValueSource(classes = {SuspectMeterRegistryBounded.class, SuspectUnitOfWorkCleared.class,
                SuspectMetricRegistryBounded.class, SuspectBiMapIndexPruned.class,
                SuspectLabelledCounterBounded.class, SuspectPrimitiveMapBounded.class, IdleUnseenLibraries.class})
        void boundedRegistriesAndClearedSessionsStaySilent(Class<?> scenario) {
            assertEquals(List.of(), run(scenario, heap -> 0).reported(), scenario.getSimpleName());
        }

        @ParameterizedTest
        @ValueSource(classes = {SuspectBoundedCache.class, SuspectListenersRemoved.class,
                SuspectThreadLocalRemoved.class, SuspectClassLoadersReleased.class, SuspectSessionsExpired.class,
                SuspectQueueKeepingUp.class, SuspectBoundedLibraryCaches.class, SuspectBalancedHeap.class,
                IdleJvm.class, IdleLibraries.class})
        void nearMissesAndHealthyHeapsStaySilent(Class<?> scenario) {
            Run r = run(scenario, heap -> 0);
            assertEquals(List.of(), r.reported(), scenario.getSimpleName());
        }

        @Test
        void aBigBufferPoolIsInfoOnly() {
            Run r = run(SuspectBufferPool.class, staticRetains("SuspectBufferPool", "POOL"));
            assertEquals(List.of(), r.reported());
            Finding pool = r.report().findings().get(0);
            assertEquals(Severity.INFO, pool.severity());
            assertTrue(pool.title().shown().startsWith("one ArrayDeque retains 64.0 MiB"), pool.title().shown());
            assertEquals(S + "SuspectBufferPool.POOL (static field)", pool.owner().shown());
            assertShare(r, pool);
        }

        @Test
        void outOfMemoryDumpLeadsTheTextReport() {
            String text = DetectorRuns.withHeap(SuspectOutOfMemory.class, javaHome(), heap -> {
                Report all = new Analyzer(Detectors.all(), id -> { })
                        .analyze(heap, new ToolInfo("heaptriage", "test"), 0, List.of());
                StringWriter w = new StringWriter();
                try {
                    Renderers.byName("text").orElseThrow().render(all, w);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                return w.toString();
            });
            String firstFinding = text.lines().skip(2).filter(l -> !l.isBlank()).findFirst().orElse("");
            assertTrue(firstFinding.startsWith("CRITICAL leak-suspects  HashMap of "), text);
            assertTrue(text.contains("owner: " + S + "SuspectOutOfMemory.REPORTS (static field)"), text);
        }
    }
}
