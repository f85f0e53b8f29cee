package dev.kiln.bench;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which nd4j-native binary this JVM actually loaded, read from the path javacpp extracted
 * libjnind4jcpu.so to (its directory is named after the classifier), not from what the build asked
 * for: the plain nd4j-native artifact always drags in the generic binary as well.
 */
final class NativeBinary {
    private static final Pattern CLASSIFIER = Pattern.compile("bindings/(linux-x86_64[a-z0-9-]*)/");

    private NativeBinary() {
    }

    /** e.g. {@code linux-x86_64-onednn-avx512}, or {@code unknown (path)} when the path does not say. */
    static String loaded() {
        Nd4j.getExecutioner(); // loads the backend if nothing has yet
        for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
            if (library.getKey().contains("jnind4jcpu")) {
                Matcher m = CLASSIFIER.matcher(library.getValue());
                return m.find() ? m.group(1) : "unknown (" + library.getValue() + ")";
            }
        }
        return "unknown (libjnind4jcpu not among javacpp's loaded libraries)";
    }

    /** The binary scripts/nd4j-classifier.sh would pick for this CPU, from /proc/cpuinfo. */
    static String bestForCpu() {
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            if (flags.contains(" avx512f")) {
                return "linux-x86_64-onednn-avx512";
            }
            return flags.contains(" avx2") ? "linux-x86_64-onednn-avx2" : "linux-x86_64-onednn";
        } catch (IOException e) {
            return "linux-x86_64-onednn";
        }
    }

    /** ND4J's own account of the backend: BLAS vendor and cores. */
    static String environment() {
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        return "blas " + info.getOrDefault("blas.vendor", "?") + ", cores " + info.getOrDefault("cores", "?");
    }
}
