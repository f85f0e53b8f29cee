package dev.kiln.runtime.preprocess;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PCA and ZCA whitening (reference §6). Fitting centres the training data X [n, D] (each example
 * flattened) and takes the SVD X_c/√n = U·S·Vᵀ, so the covariance (1/n)·X_cᵀX_c = E·diag(λ)·Eᵀ
 * with E = V and λ = S² (LAPACK gesvd through ND4J, with U not computed; when n &lt; D the last
 * D − n eigenvalues are 0). Whitening divides by √(λ + ε), the singular values, not by λ.
 * Optionally only the directions with λ &gt; minEigenvalue are kept.
 */
@SuppressWarnings("NullAway") // the fitted arrays are null only before fit, and every reader first checks that the transform is fitted
abstract class Whitening extends FittedTransform {
    /** ε of reference §1.3: (λ_i + ε)^(−1/2). */
    public static final double DEFAULT_EPS = 1e-5;

    final double eps;
    final double minEigenvalue;
    long @Nullable [] featureShape;
    @Nullable INDArray mean;
    @Nullable INDArray components;
    @Nullable INDArray eigenvalues;
    @Nullable INDArray matrix;

    Whitening(double eps, double minEigenvalue) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("whitening eps must be finite and >= 0, got " + eps);
        }
        if (Double.isNaN(minEigenvalue)) {
            throw new IllegalArgumentException("minEigenvalue must not be NaN");
        }
        this.eps = eps;
        this.minEigenvalue = minEigenvalue;
    }

    @Override
    void fitDouble(INDArray train) {
        featureShape = features(train);
        int n = Math.toIntExact(train.size(0));
        int d = Math.toIntExact(product(featureShape));
        INDArray x = train.reshape('c', new long[]{n, d});
        mean = x.mean(0);
        INDArray scaled = x.subRowVector(mean).divi(Math.sqrt(n)).dup('f'); // gesvd overwrites it, in f order
        int k = Math.min(n, d);
        INDArray singular = Nd4j.create(DataType.DOUBLE, k);
        INDArray vt = Nd4j.create(DataType.DOUBLE, new long[]{d, d}, 'f');
        Nd4j.getBlasWrapper().lapack().gesvd(scaled, singular, null, vt);
        double[] lambda = new double[d];
        for (int i = 0; i < k; i++) {
            lambda[i] = singular.getDouble(i) * singular.getDouble(i);
        }
        int keep = 0;
        while (keep < d && lambda[keep] > minEigenvalue) { // descending, so the kept ones are a prefix
            keep++;
        }
        if (keep == 0) {
            throw new IllegalArgumentException(kind() + ": no covariance eigenvalue is above minEigenvalue = "
                    + minEigenvalue + " (the largest is " + lambda[0] + ")");
        }
        if (lambda[keep - 1] + eps <= 0) {
            throw new IllegalArgumentException(kind() + ": eigenvalue 0 with eps = 0 cannot be whitened; use eps > 0"
                    + " or a positive minEigenvalue");
        }
        long small = java.util.Arrays.stream(lambda, 0, keep).filter(l -> l < eps).count();
        if (small > 0) {
            warn(kind() + ": " + small + " of the " + keep + " kept covariance eigenvalues are below eps = " + eps
                    + "; those directions are scaled by up to 1/sqrt(eps) (set minEigenvalue to drop them)");
        }
        eigenvalues = Nd4j.createFromArray(java.util.Arrays.copyOf(lambda, keep));
        components = vt.transpose().get(NDArrayIndex.all(), NDArrayIndex.interval(0, keep)).dup('c');
        matrix = buildMatrix();
    }

    /** E_k·diag((λ + ε)^(−1/2)), [D, k]. */
    final INDArray pcaMatrix() {
        INDArray inverseRoot = eigenvalues.add(eps);
        inverseRoot = org.nd4j.linalg.ops.transforms.Transforms.sqrt(inverseRoot, false).rdivi(1.0);
        return components.mulRowVector(inverseRoot);
    }

    /** The [D, out] matrix that maps a centred example to its whitened form. */
    abstract INDArray buildMatrix();

    /** The whitened rows [n, out] reshaped to the transform's output shape. */
    abstract INDArray shapeOutput(INDArray whitened, INDArray input);

    @Override
    void checkInput(INDArray x) {
        requireFeatures(x, featureShape);
    }

    @Override
    INDArray transformCopy(INDArray x) {
        INDArray rows = x.reshape('c', new long[]{x.size(0), mean.length()});
        rows.subiRowVector(mean);
        return shapeOutput(rows.mmul(matrix), x);
    }

    /** μ, [D] (examples flattened in c order). */
    public INDArray mean() {
        return mean.dup();
    }

    /** The kept covariance eigenvalues λ, descending. */
    public INDArray eigenvalues() {
        return eigenvalues.dup();
    }

    /** The kept eigenvectors E as columns, [D, k]. */
    public INDArray components() {
        return components.dup();
    }

    /** The matrix a centred, flattened example is multiplied by. */
    public INDArray matrix() {
        return matrix.dup();
    }

    public double eps() {
        return eps;
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("featureShape", StateFormat.shape(featureShape));
        state.put("eps", StateFormat.scalar(eps));
        state.put("minEigenvalue", StateFormat.scalar(minEigenvalue));
        state.put("mean", mean.dup());
        state.put("eigenvalues", eigenvalues.dup());
        state.put("components", components.dup());
        state.put("matrix", matrix.dup());
        return state;
    }

    /** Fills a freshly constructed transform from its state; the matrix is taken as stored. */
    static <T extends Whitening> T restoreInto(T t, Map<String, INDArray> state) {
        String kind = t.kind();
        t.featureShape = StateFormat.shape(state, kind, "featureShape");
        t.mean = StateFormat.get(state, kind, "mean");
        t.eigenvalues = StateFormat.get(state, kind, "eigenvalues");
        t.components = StateFormat.get(state, kind, "components");
        t.matrix = StateFormat.get(state, kind, "matrix");
        t.markFitted();
        return t;
    }
}
