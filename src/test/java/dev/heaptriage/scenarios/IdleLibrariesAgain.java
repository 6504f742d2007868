package dev.heaptriage.scenarios;

/** {@link IdleLibraries} once more, in a JVM of its own: two runs of one program must report the same groups. */
public final class IdleLibrariesAgain {
    private IdleLibrariesAgain() {
    }

    public static void main(String[] args) throws Exception {
        IdleLibraries.main(args);
    }
}
