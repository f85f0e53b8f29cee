package dev.kiln.runtime.train;

import dev.kiln.runtime.InputCheck;
import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.Losses;
import dev.kiln.runtime.metrics.ClassificationReport;
import dev.kiln.runtime.metrics.MetricAccumulator;
import dev.kiln.runtime.metrics.MetricNames;
import dev.kiln.runtime.metrics.MetricValues;
import dev.kiln.runtime.metrics.MulticlassMetrics;
import dev.kiln.runtime.metrics.Task;
import org.nd4j.linalg.api.ndarray.INDArray;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A model's inference-mode loss and metrics on a dataset; which metrics follows from the loss
 * ({@link Task}): accuracy, top-k, per-class precision/recall/F1 and the confusion matrix for a
 * multi-class model, accuracy, precision, recall, F1 and ROC AUC for a binary one, MSE, RMSE, MAE and
 * R² for a regression, which has no accuracy.
 *
 * @param loss     mean loss per example
 * @param accuracy fraction of examples predicted correctly (see {@link Accuracy}); NaN for a regression
 * @param examples number of examples evaluated
 * @param metrics  every metric of the task
 * @param report   a multi-class model's per-class report and confusion matrix; null for the other tasks
 */
public record Evaluation(double loss, double accuracy, long examples, MetricValues metrics, ClassificationReport report) {

    /** Default batch size for evaluation: no gradients are kept, so it can be larger than for training. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    /** An evaluation of loss and accuracy alone. */
    public Evaluation(double loss, double accuracy, long examples) {
        this(loss, accuracy, examples, MetricValues.empty(), null);
    }

    /**
     * Evaluates {@code net} in inference mode (dropout off) in batches of {@code batchSize}, the last
     * one possibly shorter. Each batch loss is a batch mean, so the total weights it by its batch size.
     * One forward pass per batch serves the loss and the metrics (calling {@link InferenceModel#loss}
     * and then {@link InferenceModel#forward} would run the network twice). {@code net} is a model or an
     * inference snapshot of one.
     */
    public static Evaluation evaluate(InferenceModel net, Dataset data, int batchSize) {
        return evaluate(net, data, batchSize, null);
    }

    /** As {@link #evaluate(InferenceModel, Dataset, int)}, the report naming the classes {@code classNames} (may be null). */
    public static Evaluation evaluate(InferenceModel net, Dataset data, int batchSize, @Nullable List<String> classNames) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        InputCheck check = new InputCheck(net.graph(), net.dataType());
        MetricAccumulator metrics = MetricAccumulator.forLoss(net.graph().loss(), data.targetColumns(),
                MetricAccumulator.Scope.EVALUATION);
        double lossSum = 0;
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            // Contiguous rows are views: no copying, unlike the shuffled training batches.
            Dataset batch = data.subset(from, Math.min(n, from + batchSize));
            check.targets(batch.features(), batch.targets());
            INDArray output = net.forward(batch.features());
            lossSum += Losses.loss(net.graph().loss(), output, batch.targets()) * batch.size();
            metrics.add(output, batch.targets());
        }
        MetricValues values = metrics.values();
        ClassificationReport report = metrics instanceof MulticlassMetrics multiclass ? multiclass.report(classNames) : null;
        return new Evaluation(lossSum / n, values.getOrNaN(MetricNames.ACCURACY), n, values, report);
    }
}
