package dev.heaptriage.detect;

import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import java.util.List;

/** Looks for one kind of leak. Detectors never print and never exit; a detector that throws becomes an error entry. */
public interface Detector {
    DetectorInfo info();

    List<Finding> detect(HeapView heap);
}
