package dev.kiln.runtime.train;

import dev.kiln.runtime.metrics.MetricValues;

/**
 * The numbers of one training epoch.
 *
 * @param epoch         1-based
 * @param trainLoss     mean over the epoch's examples of the loss of the batch each was trained in
 *                      (the running mean: the model changes during the epoch)
 * @param trainAccuracy accuracy of the training-mode outputs of each step, over the epoch's examples;
 *                      NaN for a regression, which has no accuracy
 * @param testLoss      inference-mode loss on the held-out data after the epoch; NaN without held-out data
 * @param testAccuracy  inference-mode accuracy on the held-out data; NaN without held-out data and for a regression
 * @param seconds       wall time of the epoch, evaluation included
 * @param skippedSteps  steps left out for a non-finite loss or gradient ({@link NonFinitePolicy#SKIP});
 *                      their examples are not in the training loss and metrics
 * @param trainMetrics  the running training metrics the loss's task has (accuracy, or MSE, RMSE, MAE, R²)
 * @param testMetrics   every metric of the task on the held-out data ({@link Evaluation#metrics()});
 *                      empty without held-out data
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double seconds, int skippedSteps, MetricValues trainMetrics, MetricValues testMetrics) {

    /** An epoch without skipped steps or metrics beyond loss and accuracy. */
    public EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                       double seconds) {
        this(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds, 0);
    }

    /** An epoch without metrics beyond loss and accuracy. */
    public EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                       double seconds, int skippedSteps) {
        this(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds, skippedSteps, MetricValues.empty(),
                MetricValues.empty());
    }
}
