package dev.heaptriage.heap;

/** The state of a Java thread as the dump records it (JVMTI thread status bits). */
public enum ThreadState {
    NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED, UNKNOWN;

    /** Decodes {@code Thread.threadStatus} / {@code FieldHolder.threadStatus} (JVMTI_THREAD_STATE_* bits). */
    public static ThreadState fromJvmtiStatus(int status) {
        if ((status & 0x0002) != 0) {
            return TERMINATED;
        }
        if ((status & 0x0001) == 0) {
            return status == 0 ? NEW : UNKNOWN;
        }
        if ((status & 0x0400) != 0) {
            return BLOCKED;
        }
        if ((status & 0x0010) != 0) {
            return WAITING;
        }
        if ((status & 0x0020) != 0) {
            return TIMED_WAITING;
        }
        if ((status & 0x0004) != 0) {
            return RUNNABLE;
        }
        return UNKNOWN;
    }
}
