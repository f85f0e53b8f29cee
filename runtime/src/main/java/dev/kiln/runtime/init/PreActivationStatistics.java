package dev.kiln.runtime.init;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Statistics of a pre-activation z [n, features], in float64 whatever the model's type, with the
 * population (1/n) variance: data-dependent init makes these exact on the batch it measures.
 */
final class PreActivationStatistics {
    private PreActivationStatistics() {
    }

    /** The standard deviation of every element of z together (LSUV: "over the whole tensor"). */
    static double wholeStd(INDArray z) {
        INDArray values = z.castTo(DataType.DOUBLE);
        double mean = values.meanNumber().doubleValue();
        INDArray centred = values.sub(mean);
        return Math.sqrt(centred.mul(centred).meanNumber().doubleValue());
    }

    /** Per-feature means [features] over the batch dimension. */
    static double[] featureMeans(INDArray z) {
        return z.castTo(DataType.DOUBLE).mean(0).toDoubleVector();
    }

    /** Per-feature population standard deviations [features] over the batch dimension. */
    static double[] featureStds(INDArray z) {
        return z.castTo(DataType.DOUBLE).std(false, 0).toDoubleVector();
    }
}
