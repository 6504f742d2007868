package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapObject;

/**
 * A descriptor an HTTP client keeps, as the client's own bookkeeping tells it: a pooled connection (idle, leased by a
 * request the application still holds, or leased by one it dropped), or a resource of a client the application
 * dropped without closing it.
 *
 * @param library  the client's name as a developer knows it ({@code OkHttp}, {@code Apache HttpClient 5},
 *                 {@code java.net.http.HttpClient})
 * @param client   the pool or client object: its holder in application code is who owns the connection
 * @param resource the {@code Socket}, {@code SocketChannel} or {@code Selector} that owns the descriptor
 * @param state    see {@link State}
 * @param user     for {@link State#IN_USE}: the object through which the application holds the lease (the call, the
 *                 connection endpoint); else null
 */
public record ClientResource(String library, HeapObject client, HeapObject resource, State state, HeapObject user) {
    /** What the client's bookkeeping says of the descriptor. */
    public enum State {
        /** Idle in a live pool, or the selector of a live client: the library's housekeeping. */
        IDLE,
        /** Leased by a request or response the application still holds. */
        IN_USE,
        /** Leased by a request or response that nothing holds any more: never closed, never returned. */
        LEAKED,
        /** A resource of a client the application dropped without closing it (and did not share). */
        CLIENT_DROPPED
    }
}
