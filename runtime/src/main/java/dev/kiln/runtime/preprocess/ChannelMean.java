package dev.kiln.runtime.preprocess;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-channel centring (reference §6): C means over N, H, W of [N, C, H, W] (channels on axis 1;
 * [N, C] and other ranks work the same way), x′ = x − μ_c, and with {@link #withStd()} also
 * x′ = (x − μ_c)/σ′_c, σ′ as in {@link Standardize}. Only C must match at transform time, so
 * images of another size can be transformed.
 */
@SuppressWarnings("NullAway") // the fitted arrays are null only before fit, and every reader first checks that the transform is fitted
public final class ChannelMean extends FittedTransform {
    static final String KIND = "channelMean";

    private final boolean divideByStd;
    private @Nullable INDArray mean;
    private @Nullable INDArray scale;

    /** Centring only. */
    public ChannelMean() {
        this(false);
    }

    private ChannelMean(boolean divideByStd) {
        this.divideByStd = divideByStd;
    }

    /** Centring and division by the per-channel standard deviation. */
    public static ChannelMean withStd() {
        return new ChannelMean(true);
    }

    @Override
    void fitDouble(INDArray train) {
        INDArray x = view(train);
        long c = x.size(1);
        mean = Nd4j.create(x.dataType(), c);
        Nd4j.exec(new Mean(x, mean, 0, 2));
        if (divideByStd) {
            INDArray centred = x.ulike();
            Nd4j.exec(new BroadcastSubOp(x, mean, centred, 1));
            INDArray variance = Nd4j.create(x.dataType(), c);
            Nd4j.exec(new SquaredNorm(centred, variance, 0, 2));
            variance.divi((double) x.size(0) * x.size(2));
            scale = safeScale(Transforms.sqrt(variance, false), "channel");
        }
    }

    @Override
    void checkInput(INDArray x) {
        if (x.size(1) != mean.length()) {
            throw new IllegalArgumentException(KIND + " was fitted on " + mean.length() + " channels but got shape "
                    + Arrays.toString(x.shape()));
        }
    }

    @Override
    INDArray transformCopy(INDArray x) {
        INDArray v = view(x);
        Nd4j.exec(new BroadcastSubOp(v, mean, v, 1));
        if (divideByStd) {
            Nd4j.exec(new BroadcastDivOp(v, scale, v, 1));
        }
        return x;
    }

    /** [N, C, rest] view. */
    private static INDArray view(INDArray x) {
        long n = x.size(0);
        long c = x.size(1);
        return x.reshape('c', new long[]{n, c, x.length() / (n * c)});
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** μ_c, [C]. */
    public INDArray mean() {
        return mean.dup();
    }

    /** σ′_c, [C], or null for centring only. */
    public @Nullable INDArray scale() {
        return scale == null ? null : scale.dup();
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("mean", mean.dup());
        if (divideByStd) {
            state.put("scale", scale.dup());
        }
        return state;
    }

    static ChannelMean restore(Map<String, INDArray> state) {
        ChannelMean t = new ChannelMean(state.containsKey("scale"));
        t.mean = StateFormat.get(state, KIND, "mean");
        if (t.divideByStd) {
            t.scale = StateFormat.get(state, KIND, "scale");
        }
        t.markFitted();
        return t;
    }
}
