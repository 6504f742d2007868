package dev.heaptriage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The tool's version, from the resource Maven filters at build time. */
final class Version implements CommandLine.IVersionProvider {
    static final String NAME = "heaptriage";

    static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/heaptriage/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "0.0.0");
            return v.startsWith("${") ? "0.0.0-dev" : v;
        } catch (IOException e) {
            return "0.0.0-dev";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {NAME + " " + get()};
    }
}
