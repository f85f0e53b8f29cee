package dev.kiln.runtime.train;

/**
 * The numbers of one training epoch.
 *
 * @param epoch         1-based
 * @param trainLoss     mean over the epoch's examples of the loss of the batch each was trained in
 *                      (the running mean: the model changes during the epoch)
 * @param trainAccuracy accuracy of the training-mode outputs of each step, over the epoch's examples
 * @param testLoss      inference-mode loss on the held-out data after the epoch; NaN without held-out data
 * @param testAccuracy  inference-mode accuracy on the held-out data; NaN without held-out data
 * @param seconds       wall time of the epoch, evaluation included
 * @param skippedSteps  steps left out for a non-finite loss or gradient ({@link NonFinitePolicy#SKIP});
 *                      their examples are not in the training loss and accuracy
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double seconds, int skippedSteps) {

    /** An epoch without skipped steps. */
    public EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                       double seconds) {
        this(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds, 0);
    }
}
