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

    /**
     * Defines {@link Plugin} (and the other scenario classes it is given) itself instead of asking its parent, as a
     * plugin or webapp loader does.
     */
    static class PluginLoader extends ClassLoader {
        private final java.util.Set<String> own;

        PluginLoader(ClassLoader parent) {
            this(parent, Plugin.class);
        }

        PluginLoader(ClassLoader parent, Class<?>... own) {
            super(parent);
            this.own = java.util.Arrays.stream(own).map(Class::getName).collect(java.util.stream.Collectors.toSet());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!own.contains(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String file = name.substring(name.lastIndexOf('.') + 1) + ".class";
                    try (InputStream in = SuspectClassLoaders.class.getResourceAsStream(file)) {
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
