package dev.heaptriage.scenarios;

/** {@link FdHttpClients} once more, in a JVM of its own: two runs of one program must report the same groups. */
public final class FdHttpClientsAgain {
    private FdHttpClientsAgain() {
    }

    public static void main(String[] args) throws Exception {
        FdHttpClients.run(args[0], false);
    }
}
