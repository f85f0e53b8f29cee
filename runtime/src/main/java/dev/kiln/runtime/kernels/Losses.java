package dev.kiln.runtime.kernels;

import dev.kiln.dsl.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.EnumMap;
import java.util.Map;

/**
 * The training losses of {@link Loss}, each a batch mean over [n, k] predictions (reference §4),
 * plus the row softmax for turning logits into probabilities at inference.
 */
public final class Losses {
    private static final Map<Loss, LossKernel> KERNELS = new EnumMap<>(Loss.class);

    static {
        KERNELS.put(Loss.SOFTMAX_CROSS_ENTROPY, new SoftmaxCrossEntropyLoss());
        KERNELS.put(Loss.BINARY_CROSS_ENTROPY, new BinaryCrossEntropyLoss());
        KERNELS.put(Loss.MEAN_SQUARED_ERROR, new MeanSquaredErrorLoss());
        KERNELS.put(Loss.MULTICLASS_HINGE, new MulticlassHingeLoss());
        for (Loss loss : Loss.values()) {
            if (!KERNELS.containsKey(loss)) {
                throw new ExceptionInInitializerError("No kernel for loss " + loss);
            }
        }
    }

    private Losses() {
    }

    /**
     * Returns the batch-mean loss and writes dL/dprediction into {@code dPrediction}, a
     * preallocated array of the prediction's shape, distinct from prediction and target.
     */
    public static double lossAndGradient(Loss loss, INDArray prediction, INDArray target, INDArray dPrediction) {
        checkBatch(loss, prediction, target);
        ArrayChecks.requireSameShape("prediction", prediction, "dPrediction", dPrediction);
        if (dPrediction == prediction || dPrediction == target) {
            throw new IllegalArgumentException(loss + ": dPrediction must be its own array, not the prediction or the target");
        }
        return kernel(loss).lossAndGradient(prediction, target, dPrediction);
    }

    /** The batch-mean loss alone. */
    public static double loss(Loss loss, INDArray prediction, INDArray target) {
        checkBatch(loss, prediction, target);
        return kernel(loss).loss(prediction, target);
    }

    /** Every loss has a kernel ({@code KERNELS} is filled for all of {@link Loss}). */
    private static LossKernel kernel(Loss loss) {
        return java.util.Objects.requireNonNull(KERNELS.get(loss), loss::name);
    }

    /** Row-wise softmax of [n, k] logits into {@code out} (may be {@code logits}); returns out. */
    public static INDArray softmax(INDArray logits, INDArray out) {
        ArrayChecks.requireRank("logits", logits, 2);
        ArrayChecks.requireSameShape("logits", logits, "out", out);
        // libnd4j's softmax subtracts each row's maximum first, so no exponent is positive.
        NativeCalls.ROW_SOFTMAX.get().input(0, logits).output(0, out).exec();
        return out;
    }

    private static void checkBatch(Loss loss, INDArray prediction, INDArray target) {
        ArrayChecks.requireRank("prediction", prediction, 2);
        ArrayChecks.requireSameShape("prediction", prediction, "target", target);
        if (prediction.size(1) < loss.minimumOutputUnits()) {
            throw new IllegalArgumentException(loss.description() + " needs at least " + loss.minimumOutputUnits()
                    + " output units, got " + prediction.size(1));
        }
    }
}
