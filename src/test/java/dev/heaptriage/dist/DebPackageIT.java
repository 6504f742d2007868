package dev.heaptriage.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as an administrator uses it: {@code dpkg -i}, then {@code heaptriage --version} and the
 * README's sample analysis through {@code /usr/bin/heaptriage}, the man page and bash completion where Debian looks
 * for them, then {@code dpkg -r}, which leaves nothing behind. Needs root and dpkg (CI runs as root on Debian); it
 * never touches a heaptriage package that was installed before it ran.
 */
class DebPackageIT {
    @TempDir
    Path work;

    @Test
    void installsRunsTheSampleAndRemovesCleanly() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "installing a Debian package needs root; running as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(Built.onPath("dpkg") && Built.onPath("dpkg-deb"), "needs dpkg (a Debian system)");
        Assumptions.assumeTrue(Files.isRegularFile(Built.deb()), "the build made no " + Built.deb()
                + " (the deb profile is active only where /usr/bin/dpkg-deb exists)");
        Built.Result before = Built.run(work, Map.of(), "dpkg-query", "-W", "-f=${Status}", "heaptriage");
        Assumptions.assumeFalse(before.code() == 0 && before.out().contains("installed"),
                "a heaptriage package is already installed on this machine; not replacing or removing it");

        Built.Result info = Built.run(work, Map.of(), "dpkg-deb", "-f", Built.deb().toString(), "Depends", "Version");
        assertTrue(info.out().contains("java17-runtime-headless"), "depends on a Java 17+ runtime: " + info.out());

        Built.Result install = Built.run(work, Map.of("DEBIAN_FRONTEND", "noninteractive"), "dpkg", "-i",
                Built.deb().toString());
        try {
            assertEquals(0, install.code(), "dpkg -i: " + install.out() + install.err());
            assertTrue(Files.isSymbolicLink(Path.of("/usr/bin/heaptriage")));
            Built.Result version = Built.run(work, Map.of(), "/usr/bin/heaptriage", "--version");
            assertEquals(0, version.code(), version.err());
            assertEquals("heaptriage " + Built.VERSION, version.out().strip());

            // The README's sample command, through the installed command.
            Built.Result sample = Built.run(work, Map.of(), "/usr/bin/heaptriage", "analyze", Built.SAMPLE.toString(),
                    "--index-dir", work.toString());
            assertEquals(0, sample.code(), sample.err());
            assertTrue(sample.out().startsWith("heaptriage " + Built.VERSION + " — leaky-service.hprof.gz"),
                    sample.out());
            assertTrue(sample.out().contains("retained-slice") && sample.out().contains("unclosed-fd"), sample.out());

            assertTrue(Files.isRegularFile(Path.of("/usr/share/man/man1/heaptriage-analyze.1.gz")));
            assertTrue(Files.isReadable(Path.of("/usr/share/bash-completion/completions/heaptriage")));
            if (Built.onPath("man")) {
                Built.Result man = Built.run(work, Map.of("MANPAGER", "cat"), "man", "heaptriage-analyze");
                assertTrue(man.out().contains("--max-evidence"), "man finds the installed page: " + man.err());
            }
        } finally {
            Built.Result remove = Built.run(work, Map.of(), "dpkg", "-r", "heaptriage");
            assertEquals(0, remove.code(), "dpkg -r: " + remove.err());
        }
        assertFalse(Files.exists(Path.of("/usr/bin/heaptriage"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(Path.of("/usr/share/heaptriage")), "nothing of the package is left");
    }
}
