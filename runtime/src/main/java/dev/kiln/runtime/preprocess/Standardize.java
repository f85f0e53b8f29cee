package dev.kiln.runtime.preprocess;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-feature standardization (reference §6): x′ = (x − μ)/σ′ with μ_j and σ_j (1/n) from the
 * training split, σ′_j = σ_j if σ_j > 1e-8 and 1 otherwise (that feature is centred only, with a
 * warning). Every element of the per-example shape is a feature, so [n, D] and [n, C, H, W] both
 * work; statistics have the per-example shape.
 */
@SuppressWarnings("NullAway") // the fitted arrays are null only before fit, and every reader first checks that the transform is fitted
public final class Standardize extends FittedTransform {
    static final String KIND = "standardize";

    private long @Nullable [] featureShape;
    private @Nullable INDArray mean;
    private @Nullable INDArray scale;

    @Override
    void fitDouble(INDArray train) {
        featureShape = features(train);
        long n = train.size(0);
        INDArray x = train.reshape('c', new long[]{n, product(featureShape)});
        mean = x.mean(0);
        INDArray centred = x.subRowVector(mean);
        INDArray variance = Nd4j.create(centred.dataType(), centred.size(1));
        Nd4j.exec(new SquaredNorm(centred, variance, 0));
        variance.divi((double) n);
        scale = safeScale(Transforms.sqrt(variance, false), "feature");
    }

    @Override
    void checkInput(INDArray x) {
        requireFeatures(x, featureShape);
    }

    @Override
    INDArray transformCopy(INDArray x) {
        INDArray rows = x.reshape('c', new long[]{x.size(0), mean.length()});
        rows.subiRowVector(mean).diviRowVector(scale);
        return x;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** μ per feature, shaped like one example. */
    public INDArray mean() {
        return mean.reshape(featureShape).dup();
    }

    /** σ′ per feature (σ, or 1 for a constant feature), shaped like one example. */
    public INDArray scale() {
        return scale.reshape(featureShape).dup();
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("featureShape", StateFormat.shape(featureShape));
        state.put("mean", mean.dup());
        state.put("scale", scale.dup());
        return state;
    }

    static Standardize restore(Map<String, INDArray> state) {
        Standardize t = new Standardize();
        t.featureShape = StateFormat.shape(state, KIND, "featureShape");
        t.mean = StateFormat.get(state, KIND, "mean");
        t.scale = StateFormat.get(state, KIND, "scale");
        t.markFitted();
        return t;
    }
}
