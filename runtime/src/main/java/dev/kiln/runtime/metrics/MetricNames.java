package dev.kiln.runtime.metrics;

/** The names under which {@link MetricValues} holds each metric. */
public final class MetricNames {
    public static final String ACCURACY = "accuracy";
    public static final String MACRO_PRECISION = "macro_precision";
    public static final String MACRO_RECALL = "macro_recall";
    public static final String MACRO_F1 = "macro_f1";
    public static final String WEIGHTED_PRECISION = "weighted_precision";
    public static final String WEIGHTED_RECALL = "weighted_recall";
    public static final String WEIGHTED_F1 = "weighted_f1";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String F1 = "f1";
    public static final String ROC_AUC = "roc_auc";
    public static final String MSE = "mse";
    public static final String RMSE = "rmse";
    public static final String MAE = "mae";
    public static final String R2 = "r2";

    private MetricNames() {
    }

    /** {@code top5_accuracy} for k = 5. */
    public static String topK(int k) {
        return "top" + k + "_accuracy";
    }
}
