package dev.kiln.runtime.kernels;

import org.bytedeco.javacpp.Loader;
import org.jspecify.annotations.Nullable;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which nd4j-native binary a process runs and which others its class path holds. The binaries differ
 * only in their Maven classifier ({@code linux-x86_64}, {@code -avx2}, {@code -avx512}, the {@code
 * -onednn} builds), and JavaCPP loads the first one it finds on the class path, so a project that
 * declares its own next to the runtime's default gets its own (direct dependencies come first) and
 * nothing else says which one won. The loaded library's path names its jar: JavaCPP extracts each
 * jar into a cache directory named after it.
 */
final class NativeBinary {
    /** {@code nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512.jar} -> {@code linux-x86_64-onednn-avx512}. */
    private static final Pattern JAR = Pattern.compile("nd4j-native-[0-9][^" + Pattern.quote(File.separator)
            + "]*?-((?:linux|macosx|windows|android)-[a-z0-9_]+(?:-[a-z0-9]+)*)\\.jar");

    private NativeBinary() {
    }

    /** The classifier of the loaded libnd4j binary, or "unknown" when no loaded library path names one. */
    static String loaded() {
        for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
            if (library.getKey().contains("nd4j")) {
                String classifier = classifierIn(library.getValue());
                if (classifier != null) {
                    return classifier;
                }
            }
        }
        return "unknown";
    }

    /** The classifiers of every nd4j-native binary jar on the class path, in class-path order. */
    static List<String> onClassPath() {
        List<String> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(Pattern.quote(File.pathSeparator))) {
            String classifier = classifierIn(entry);
            if (classifier != null && !found.contains(classifier)) {
                found.add(classifier);
            }
        }
        return found;
    }

    /** The classifier a path to an nd4j-native jar (or to a file JavaCPP extracted from one) names, or null. */
    static @Nullable String classifierIn(@Nullable String path) {
        if (path == null) {
            return null;
        }
        Matcher jar = JAR.matcher(path);
        return jar.find() ? jar.group(1) : null;
    }
}
