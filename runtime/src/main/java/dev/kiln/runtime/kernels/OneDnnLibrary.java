package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.engine;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.jspecify.annotations.Nullable;

import static org.bytedeco.dnnl.global.dnnl.dnnl_version;

/**
 * Whether Kiln calls oneDNN's primitives itself in this process: oneDNN 2.5 through JavaCPP's
 * presets (org.bytedeco:dnnl), a library apart from the oneDNN that libnd4j's oneDNN binaries link
 * in without exporting (see {@link OneDnn} for those). Kiln uses it for what libnd4j's ops do in
 * many passes or cannot do at all: batch norm's training passes ({@link OneDnnBatchNorm}), a
 * convolution's weight gradient without its input gradient ({@link OneDnnWeightGradient}) and max
 * pooling with its arg-max kept for the backward ({@link OneDnnMaxPool}). It takes float32 only;
 * float64 keeps the ND4J paths.
 *
 * <p>Off on ND4J's CUDA backend (the arrays are on the GPU), when the library does not load (the
 * line says why), and with {@code -Dkiln.onednn.primitives=false}, which sends every kernel back to
 * its ND4J path, to compare.
 */
final class OneDnnLibrary {
    static final String PROPERTY = "kiln.onednn.primitives";
    private static final Availability AVAILABILITY = Availability.detect();

    private OneDnnLibrary() {
    }

    /** True when the library loaded (and was not turned off). */
    static boolean loaded() {
        return AVAILABILITY.loaded();
    }

    /** For {@link Backend#describe()}: "oneDNN 2.5.2 primitives (float32)", or "none (why)". */
    static String describe() {
        return AVAILABILITY.description();
    }

    /** True when the library loaded and every array (nulls skipped) is float32, c-ordered and without gaps. */
    static boolean takes(@Nullable INDArray... arrays) {
        if (!AVAILABILITY.loaded()) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a != null && !(a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1
                    && a.length() > 0)) {
                return false;
            }
        }
        return true;
    }

    private record Availability(boolean loaded, String description) {
        static Availability detect() {
            if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
                return new Availability(false, "none (-D" + PROPERTY + "=false)");
            }
            Object backend = Nd4j.getExecutioner().getEnvironmentInformation().getOrDefault("backend", "CPU");
            if (!"CPU".equals(String.valueOf(backend))) {
                return new Availability(false, "none (ND4J's " + backend + " backend)");
            }
            try {
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                new engine(engine.kind.cpu, 0).close();
                dnnl_version_t version = dnnl_version();
                return new Availability(true, "oneDNN " + version.major() + "." + version.minor() + "."
                        + version.patch() + " primitives (float32)");
            } catch (RuntimeException | LinkageError e) {
                return new Availability(false, "none (oneDNN did not load: " + e + ")");
            }
        }
    }
}
