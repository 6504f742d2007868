package dev.heaptriage.scenarios;

import dev.heaptriage.scenarios.SuspectClassLoaders.Plugin;
import dev.heaptriage.scenarios.SuspectClassLoaders.PluginLoader;
import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Undeployed plugin loaders pinned three other ways than by a static of the application, {@value #PER_KIND} of each
 * (each loader class is its own group). What to observe: leak-suspects names what pins each group:
 * <ul>
 *   <li>{@link ThreadPinLoader}: a thread started by the plugin ("plugin-worker-N") whose context class loader is
 *       the plugin's loader, still parked;</li>
 *   <li>{@link LocalPinLoader}: a {@code ThreadLocal} of the main thread whose value is an instance of the plugin's
 *       class;</li>
 *   <li>{@link HookPinLoader}: a shutdown hook of the plugin's own {@code Thread} subclass, held by the JDK's
 *       {@code ApplicationShutdownHooks.hooks}.</li>
 * </ul>
 */
public final class SuspectClassLoaderPins {
    public static final int PER_KIND = 6;
    static final CountDownLatch NEVER = new CountDownLatch(1);
    /** The ThreadLocals themselves stay reachable (a framework's); their values pin the loaders. */
    static final List<ThreadLocal<Object>> LOCALS = new ArrayList<>();

    /** Loaders pinned by a thread's context class loader. */
    static final class ThreadPinLoader extends PluginLoader {
        ThreadPinLoader(ClassLoader parent) {
            super(parent, Plugin.class);
        }
    }

    /** Loaders pinned by a ThreadLocal value. */
    static final class LocalPinLoader extends PluginLoader {
        LocalPinLoader(ClassLoader parent) {
            super(parent, Plugin.class);
        }
    }

    /** Loaders pinned by a shutdown hook of theirs. */
    static final class HookPinLoader extends PluginLoader {
        HookPinLoader(ClassLoader parent) {
            super(parent, Plugin.class, Hook.class);
        }
    }

    /** A plugin's shutdown hook. */
    public static final class Hook extends Thread {
        @Override
        public void run() {
        }
    }

    public static void main(String[] args) throws Exception {
        ClassLoader parent = SuspectClassLoaderPins.class.getClassLoader();
        String plugin = Plugin.class.getName();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++) {
            ThreadPinLoader t = new ThreadPinLoader(parent);
            Class.forName(plugin, true, t);
            Thread worker = new Thread(() -> {
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "plugin-worker-" + i);
            worker.setContextClassLoader(t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);

            LocalPinLoader l = new LocalPinLoader(parent);
            ThreadLocal<Object> local = new ThreadLocal<>();
            local.set(Class.forName(plugin, true, l).getDeclaredConstructor().newInstance());
            LOCALS.add(local);

            HookPinLoader h = new HookPinLoader(parent);
            Class.forName(plugin, true, h);
            Runtime.getRuntime().addShutdownHook((Thread) Class.forName(Hook.class.getName(), true, h)
                    .getDeclaredConstructor().newInstance());
        }
        for (Thread w : workers) {
            Scenario.awaitBlocked(w);
        }
        Scenario.dumpLive(args[0]);
        System.exit(0);
    }
}
