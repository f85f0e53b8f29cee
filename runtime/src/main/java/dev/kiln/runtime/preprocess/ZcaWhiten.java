package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * ZCA whitening (reference §6): x′ = (x − μ)·E·diag((λ + ε)^(−1/2))·Eᵀ, the whitening closest to
 * the input, with the input's shape. The matrix is symmetric (made exactly so by averaging it with
 * its transpose); on the training data the covariance is E·diag(λ/(λ + ε))·Eᵀ.
 */
@SuppressWarnings("NullAway") // the fitted arrays are null only before fit, and every reader first checks that the transform is fitted
public final class ZcaWhiten extends Whitening {
    static final String KIND = "zcaWhiten";

    /** ε = 1e-5, every component kept. */
    public ZcaWhiten() {
        this(DEFAULT_EPS, Double.NEGATIVE_INFINITY);
    }

    /** Keeps only the components with λ &gt; minEigenvalue (the others are projected out). */
    public ZcaWhiten(double eps, double minEigenvalue) {
        super(eps, minEigenvalue);
    }

    @Override
    INDArray buildMatrix() {
        INDArray m = pcaMatrix().mmul(components.transpose());
        return m.addi(m.transpose().dup()).muli(0.5);
    }

    @Override
    INDArray shapeOutput(INDArray whitened, INDArray input) {
        return whitened.reshape('c', input.shape());
    }

    @Override
    public String kind() {
        return KIND;
    }

    static ZcaWhiten restore(Map<String, INDArray> state) {
        ZcaWhiten t = new ZcaWhiten(StateFormat.scalar(state, KIND, "eps"),
                StateFormat.scalar(state, KIND, "minEigenvalue"));
        return restoreInto(t, state);
    }
}
