package dev.heaptriage.scenarios;

/**
 * The near miss of {@link FdHttpClients}: the same requests, every response closed, one shared client of each kind
 * ({@code FdHttpClients.SHARED} for {@code java.net.http}). {@code unclosed-fd} must report nothing at {@code low} or
 * above: idle pooled connections and a live client's selector are the libraries' housekeeping.
 */
public final class FdHttpClientsDoneRight {
    private FdHttpClientsDoneRight() {
    }

    public static void main(String[] args) throws Exception {
        FdHttpClients.run(args[0], true);
    }
}
