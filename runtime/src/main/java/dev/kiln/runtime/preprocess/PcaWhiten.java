package dev.kiln.runtime.preprocess;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * PCA whitening (reference §6): x′ = (x − μ)·E·diag((λ + ε)^(−1/2)), an [n, k] result with one
 * column per kept component (k = D unless a minimum eigenvalue drops some). On the training data
 * its covariance is diag(λ/(λ + ε)).
 */
public final class PcaWhiten extends Whitening {
    static final String KIND = "pcaWhiten";

    /** ε = 1e-5, every component kept. */
    public PcaWhiten() {
        this(DEFAULT_EPS, Double.NEGATIVE_INFINITY);
    }

    /** Keeps only the components with λ &gt; minEigenvalue. */
    public PcaWhiten(double eps, double minEigenvalue) {
        super(eps, minEigenvalue);
    }

    @Override
    INDArray buildMatrix() {
        return pcaMatrix();
    }

    @Override
    INDArray shapeOutput(INDArray whitened, INDArray input) {
        return whitened;
    }

    @Override
    public String kind() {
        return KIND;
    }

    static PcaWhiten restore(Map<String, INDArray> state) {
        PcaWhiten t = new PcaWhiten(StateFormat.scalar(state, KIND, "eps"),
                StateFormat.scalar(state, KIND, "minEigenvalue"));
        return restoreInto(t, state);
    }
}
