package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Whether the loaded libnd4j binary was built with oneDNN (the {@code linux-x86_64-onednn*}
 * classifiers), and so runs some ops through oneDNN's kernels: conv2d_bp, for one, ran 5-6x faster
 * there than Kiln's im2col backward on [128,32,14,14] -> 64 filters, while the plain binaries' own
 * conv2d_bp is 2.5-4x slower than it. Kernels that have two implementations ask {@link #runs} which
 * one to take.
 *
 * <p>Read from libnd4j's build information ("HAVE_ONEDNN"), not from
 * {@code Environment.isUseONEDNN()}, which answers true in every M2.1 binary, oneDNN or not. oneDNN
 * only takes float32 (and half types) here, so float64 always stays on the generic paths.
 * {@code -Dkiln.onednn=false} turns the oneDNN paths off, to compare.
 */
final class OneDnn {
    static final String PROPERTY = "kiln.onednn";
    private static final boolean AVAILABLE = detect();

    private OneDnn() {
    }

    /** True when the binary has oneDNN (and it was not turned off). */
    static boolean available() {
        return AVAILABLE;
    }

    /** True when the binary has oneDNN and every given array (nulls skipped) is float32. */
    static boolean runs(INDArray... arrays) {
        if (!AVAILABLE) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a != null && a.dataType() != DataType.FLOAT) {
                return false;
            }
        }
        return true;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return false;
        }
        Nd4j.getExecutioner(); // loads the backend if nothing has yet
        String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        return buildInfo != null && buildInfo.contains("HAVE_ONEDNN");
    }
}
