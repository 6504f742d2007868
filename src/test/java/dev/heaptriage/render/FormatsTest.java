package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void fileNameOfEitherSeparator() {
        assertEquals("app.hprof", Formats.fileName("/var/dumps/app.hprof"));
        assertEquals("app.hprof.gz", Formats.fileName("C:\\dumps\\app.hprof.gz"));
        assertEquals("app.hprof", Formats.fileName("app.hprof"));
        assertEquals("", Formats.fileName(null));
    }

}
