package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A redeploy leak: {@value #LOADERS} plugin loaders, each defining its own copy of {@link Plugin} (whose static
 * state is 1 MiB), all kept by the static list {@code DEPLOYED} after their plugin was "undeployed". What to observe:
 * leak-suspects reports 30 class loaders of {@code PluginLoader} with copies of {@code Plugin}, pinned by
 * {@code SuspectClassLoaders.DEPLOYED (static field)}. The near miss {@link SuspectClassLoadersReleased} clears the
 * list before the (live) dump, so the loaders are collected.
 */
public final class SuspectClassLoaders {
    public static final int LOADERS = 30;
    static final List<ClassLoader> DEPLOYED = new ArrayList<>();

    /** What each plugin loader defines afresh. */
    public static final class Plugin {
        static final byte[] STATE = new byte[1 << 20];

        static {
            STATE[0] = 1;
        }
    }

    /** Defines {@link Plugin} itself instead of asking its parent, as a plugin or webapp loader does. */
    static final class PluginLoader extends ClassLoader {
        PluginLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Plugin.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = SuspectClassLoaders.class.getResourceAsStream(
                            "SuspectClassLoaders$Plugin.class")) {
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    static void deploy() throws Exception {
        for (int i = 0; i < LOADERS; i++) {
            PluginLoader loader = new PluginLoader(SuspectClassLoaders.class.getClassLoader());
            Class.forName(Plugin.class.getName(), true, loader);
            DEPLOYED.add(loader);
        }
    }

    public static void main(String[] args) throws Exception {
        deploy();
        Scenario.dumpLive(args[0]);
    }
}
