package dev.kiln.runtime.metrics;

import dev.kiln.dsl.Loss;

/** What a model's loss says it learns, and so which metrics describe it. */
public enum Task {
    /** Mean squared error: MSE, RMSE, MAE, R². Never an accuracy. */
    REGRESSION,
    /** Softmax cross-entropy or multiclass hinge: accuracy, top-k, per-class precision/recall/F1, confusion matrix. */
    MULTICLASS,
    /**
     * Binary cross-entropy from logits: accuracy at a probability threshold, precision, recall, F1 and
     * ROC AUC of the positive class; with several output units (multi-label) every unit's decision counts
     * (micro-averaged).
     */
    BINARY;

    public static Task of(Loss loss) {
        return switch (loss) {
            case MEAN_SQUARED_ERROR -> REGRESSION;
            case SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE -> MULTICLASS;
            case BINARY_CROSS_ENTROPY -> BINARY;
        };
    }
}
