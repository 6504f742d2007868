package dev.heaptriage.units;

/** Class names as people read them. */
public final class Names {
    private Names() {
    }

    /**
     * The name without its package: {@code java.util.ArrayList} becomes {@code ArrayList}, {@code a.b.Outer$Inner}
     * becomes {@code Outer$Inner}, {@code com.acme.Cache[]} becomes {@code Cache[]}.
     */
    public static String simpleName(String className) {
        if (className == null) {
            return "";
        }
        int bracket = className.indexOf('[');
        String base = bracket < 0 ? className : className.substring(0, bracket);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }
}
