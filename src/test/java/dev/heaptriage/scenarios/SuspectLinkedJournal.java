package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/**
 * A second shape leak-suspects was not tuned for: the application's own singly linked journal (no JDK collection
 * at all), appended to forever. What to observe: the accumulation point is the journal held by
 * {@code SuspectLinkedJournal.JOURNAL}, whose {@value #RECORDS} records hang off its {@code head}.
 */
public final class SuspectLinkedJournal {
    public static final int RECORDS = 40_000;
    static final Journal JOURNAL = new Journal();

    /** Newest first; nothing is ever trimmed. */
    static final class Journal {
        Record head;
        int length;

        void append(byte[] change) {
            head = new Record(change, head);
            length++;
        }
    }

    /** One journal record. */
    static final class Record {
        final byte[] change;
        final Record previous;

        Record(byte[] change, Record previous) {
            this.change = change;
            this.previous = previous;
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < RECORDS; i++) {
            JOURNAL.append(new byte[1_000]);
        }
        Scenario.dumpLive(args[0]);
    }
}
