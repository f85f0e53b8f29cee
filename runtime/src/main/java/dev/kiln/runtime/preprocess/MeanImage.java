package dev.kiln.runtime.preprocess;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean-image centring (reference §6): x′ = x − mean over the n training examples, a mean of the
 * per-example shape ([C, H, W] for images, [D] for vectors).
 */
@SuppressWarnings("NullAway") // the fitted arrays are null only before fit, and every reader first checks that the transform is fitted
public final class MeanImage extends FittedTransform {
    static final String KIND = "meanImage";

    private long @Nullable [] featureShape;
    private @Nullable INDArray mean;

    @Override
    void fitDouble(INDArray train) {
        featureShape = features(train);
        mean = train.reshape('c', new long[]{train.size(0), product(featureShape)}).mean(0);
    }

    @Override
    void checkInput(INDArray x) {
        requireFeatures(x, featureShape);
    }

    @Override
    INDArray transformCopy(INDArray x) {
        x.reshape('c', new long[]{x.size(0), mean.length()}).subiRowVector(mean);
        return x;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The mean example. */
    public INDArray mean() {
        return mean.reshape(featureShape).dup();
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("featureShape", StateFormat.shape(featureShape));
        state.put("mean", mean.dup());
        return state;
    }

    static MeanImage restore(Map<String, INDArray> state) {
        MeanImage t = new MeanImage();
        t.featureShape = StateFormat.shape(state, KIND, "featureShape");
        t.mean = StateFormat.get(state, KIND, "mean");
        t.markFitted();
        return t;
    }
}
