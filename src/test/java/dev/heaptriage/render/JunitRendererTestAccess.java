package dev.heaptriage.render;

import org.w3c.dom.Document;

/** Lets tests of other packages parse JUnit XML the way {@link JunitRendererTest} does. */
public final class JunitRendererTestAccess {
    private JunitRendererTestAccess() {
    }

    public static Document parse(String xml) throws Exception {
        return JunitRendererTest.parse(xml);
    }
}
