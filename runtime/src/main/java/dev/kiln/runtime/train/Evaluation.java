package dev.kiln.runtime.train;

import dev.kiln.runtime.InputCheck;
import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.kernels.Losses;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's inference-mode loss and accuracy on a dataset.
 *
 * @param loss     mean loss per example
 * @param accuracy fraction of examples predicted correctly, see {@link Accuracy}
 * @param examples number of examples evaluated
 */
public record Evaluation(double loss, double accuracy, long examples) {

    /** Default batch size for evaluation: no gradients are kept, so it can be larger than for training. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    /**
     * Evaluates {@code net} in inference mode (dropout off) in batches of {@code batchSize}, the last
     * one possibly shorter. Each batch loss is a batch mean, so the total weights it by its batch size.
     * One forward pass per batch serves both the loss and the accuracy (calling {@link InferenceModel#loss}
     * and then {@link InferenceModel#forward} would run the network twice). {@code net} is a model or an
     * inference snapshot of one.
     */
    public static Evaluation evaluate(InferenceModel net, Dataset data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        InputCheck check = new InputCheck(net.graph(), net.dataType());
        double lossSum = 0;
        long correct = 0;
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            // Contiguous rows are views: no copying, unlike the shuffled training batches.
            Dataset batch = data.subset(from, Math.min(n, from + batchSize));
            check.targets(batch.features(), batch.targets());
            INDArray output = net.forward(batch.features());
            lossSum += Losses.loss(net.graph().loss(), output, batch.targets()) * batch.size();
            correct += Accuracy.correct(output, batch.targets());
        }
        return new Evaluation(lossSum / n, (double) correct / n, n);
    }
}
