package dev.kiln.bench;

import dev.kiln.runtime.InferenceModel;
import dev.kiln.runtime.kernels.Losses;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Locale;

/** Kiln's softmax(forward(x)) (the model's and its inference snapshot's) and DL4J's output(x) must agree before inference is timed. */
final class InferenceCheck {
    static final double TOLERANCE = 1e-4;

    private InferenceCheck() {
    }

    /** The MLP at the batch's size and at batch 1: null when they agree, else what differs. */
    static String run(long seed, BenchData batch) {
        BenchMlpNet kiln = new BenchMlpNet(seed, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(0.01, seed);
        Dl4jMlp.copyWeights(kiln, dl4j);
        return compare(kiln, dl4j, batch, batch.batchSize(), 1);
    }

    /**
     * The CNN (fresh running statistics, the same in both) at the batch's size, in float32, both the
     * model's exact forward and the folded inference snapshot that is timed: null when they agree.
     */
    static String runCnn(long seed, boolean dl4jHelpers, BenchData batch) {
        BenchCnnNet kiln = new BenchCnnNet(seed, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jCnn.create(0.01, seed, dl4jHelpers);
        Dl4jCnn.copyWeights(kiln, dl4j);
        String model = compare(kiln, dl4j, batch, batch.batchSize());
        return model != null ? model : compare(kiln.freezeForInference(), dl4j, batch, batch.batchSize());
    }

    private static String compare(InferenceModel kiln, MultiLayerNetwork dl4j, BenchData batch, int... sizes) {
        for (int n : sizes) {
            INDArray x = batch.features().get(NDArrayIndex.interval(0, n)).dup();
            INDArray ours = Losses.softmax(kiln.forward(x), kiln.forward(x).dup());
            INDArray theirs = dl4j.output(x, false);
            double difference = ours.castTo(DataType.DOUBLE).sub(theirs.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            if (!(difference <= TOLERANCE)) {
                return String.format(Locale.ROOT, "inference output differs at batch %d: max |diff| %.2e", n, difference);
            }
        }
        return null;
    }
}
