package dev.heaptriage.detect;

import dev.heaptriage.detect.finalizer.FinalizerBacklogDetector;
import dev.heaptriage.detect.fd.UnclosedFdDetector;
import dev.heaptriage.detect.slice.RetainedSliceDetector;
import dev.heaptriage.detect.suspects.LeakSuspectsDetector;
import dev.heaptriage.detect.threads.ParkedThreadsDetector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The registry of every detector, sorted by id. Adding a detector means adding one line here. */
public final class Detectors {
    private static final List<Supplier<Detector>> ALL = List.of(
            dev.heaptriage.detect.waste.CollectionWasteDetector::new,
            dev.heaptriage.detect.waste.DuplicateStringsDetector::new,
            FinalizerBacklogDetector::new,
            LeakSuspectsDetector::new,
            ParkedThreadsDetector::new,
            RetainedSliceDetector::new,
            UnclosedFdDetector::new
    );

    /**
     * Detectors that run only when {@code --detectors} names them: the waste reports cost more than a default run
     * should pay for them on a 2 GB dump ({@code duplicate-strings} reads every String's array, about a fifth of the
     * load's time; {@code collection-waste} every list and map, 14%).
     */
    public static final java.util.Set<String> ON_REQUEST = java.util.Set.of("duplicate-strings", "collection-waste");

    private Detectors() {
    }

    /** A fresh instance of every registered detector, sorted by id. */
    public static List<Detector> all() {
        List<Detector> out = new ArrayList<>();
        for (Supplier<Detector> s : ALL) {
            out.add(s.get());
        }
        out.sort(Comparator.comparing(d -> d.info().id()));
        return out;
    }

    public static List<String> ids() {
        return all().stream().map(d -> d.info().id()).toList();
    }

    public static Optional<Detector> byId(String id) {
        return all().stream().filter(d -> d.info().id().equals(id)).findFirst();
    }

    /**
     * The detectors to run: {@code only} (if not empty; else all but {@link #ON_REQUEST}) minus {@code skip}.
     * Unknown ids are an
     * {@link IllegalArgumentException} whose message lists the known ones.
     */
    public static List<Detector> select(List<String> only, List<String> skip) {
        List<String> known = ids();
        for (String id : concat(only, skip)) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("unknown detector '" + id + "'; expected one of "
                        + String.join(", ", known));
            }
        }
        return all().stream()
                .filter(d -> only.isEmpty() ? !ON_REQUEST.contains(d.info().id()) : only.contains(d.info().id()))
                .filter(d -> !skip.contains(d.info().id()))
                .toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
