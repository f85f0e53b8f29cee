package dev.kiln.runtime.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Parameters and their averages exchanged in place, from {@link OptimizerChain#swapInAverage}; closing
 * exchanges them back. Exchanging is its own inverse, so the live parameters return bit-for-bit.
 */
public final class WeightSwap implements AutoCloseable {
    private final List<INDArray[]> pairs;
    private final Runnable onClose;
    private boolean open = true;

    WeightSwap(List<INDArray[]> pairs, Runnable onClose) {
        this.pairs = pairs;
        this.onClose = onClose;
        exchange();
    }

    private void exchange() {
        for (INDArray[] pair : pairs) {
            INDArray held = pair[0].dup();
            pair[0].assign(pair[1]);
            pair[1].assign(held);
        }
    }

    /** Puts the live parameters back; later calls do nothing. */
    @Override
    public void close() {
        if (open) {
            open = false;
            exchange();
            onClose.run();
        }
    }
}
