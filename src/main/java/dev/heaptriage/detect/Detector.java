package dev.heaptriage.detect;

import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import java.util.List;

/** Looks for one kind of leak. Detectors never print and never exit; a detector that throws becomes an error entry. */
public interface Detector {
    DetectorInfo info();

    /**
     * The findings of this detector on one heap.
     *
     * @param app which classes are the application's, for owners (see {@link AppCode}); the same for every detector
     *            of one analysis
     */
    List<Finding> detect(HeapView heap, AppCode app);
}
