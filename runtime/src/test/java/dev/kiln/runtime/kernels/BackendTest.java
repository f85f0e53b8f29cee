package dev.kiln.runtime.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendTest {
    @Test
    void theLoadedBinaryIsTheOneThisBuildAskedFor() {
        Backend backend = Backend.current();
        // The build passes its classifier to the tests (pom: kiln.nd4j.classifier -> surefire system property).
        String asked = System.getProperty("kiln.nd4j.classifier");
        if (asked != null && !asked.isEmpty()) {
            assertEquals(asked, backend.binary(), backend.describe());
        } else {
            assertTrue(backend.binary().startsWith("linux-x86_64"), backend.describe());
        }
        assertEquals("CPU", backend.backend());
        boolean buildHasOneDnn = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
        assertEquals(buildHasOneDnn && Boolean.parseBoolean(System.getProperty(OneDnn.PROPERTY, "true")), backend.oneDnn());
        assertFalse(backend.otherBinaries().contains(backend.binary()));
        String line = backend.describe();
        assertTrue(line.startsWith("Kiln on ND4J CPU, binary " + backend.binary() + " ("), line);
        assertTrue(line.contains("threads: " + backend.threadPolicy()), line);
    }

    @Test
    void classifiersAreReadFromJarsAndFromJavaCppsCacheOfThem() {
        String sep = File.separator;
        assertEquals("linux-x86_64-onednn-avx512", NativeBinary.classifierIn(sep + "m2" + sep + "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512.jar"));
        assertEquals("linux-x86_64", NativeBinary.classifierIn(sep + "root" + sep + ".javacpp" + sep + "cache" + sep
                + "nd4j-native-1.0.0-M2.1-linux-x86_64.jar" + sep + "org" + sep + "nd4j" + sep + "libnd4jcpu.so"));
        assertEquals("linux-x86_64-avx2", NativeBinary.classifierIn("nd4j-native-1.0.0-M2.1-linux-x86_64-avx2.jar"));
        assertNull(NativeBinary.classifierIn(sep + "m2" + sep + "nd4j-native-1.0.0-M2.1.jar"), "the Java classes' jar has no classifier");
        assertNull(NativeBinary.classifierIn(sep + "m2" + sep + "nd4j-api-1.0.0-M2.1.jar"));
        assertNull(NativeBinary.classifierIn(null));
    }
}
