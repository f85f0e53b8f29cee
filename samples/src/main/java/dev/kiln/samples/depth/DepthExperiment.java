package dev.kiln.samples.depth;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.runtime.train.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Depth without batch norm (reference, experiment 5): trains {@link DeepPlainMlp} and
 * {@link DeepBatchNormMlp} for one epoch with the same SGD settings and reports, for each, the
 * mean loss of the first and last 20 steps, the test accuracy, and the numerical rank of the last
 * hidden layer's features on a batch of 128 test images. Arguments (optional): {@code examples}
 * (training examples used, default all 60,000).
 */
public final class DepthExperiment {
    static final int BATCH_SIZE = 128;
    static final double LEARNING_RATE = 0.1;
    static final long SEED = 11;
    static final int WINDOW = 20;
    /** Singular values below this fraction of the largest count as zero. */
    static final double RANK_TOLERANCE = 1e-3;

    /** One model's numbers. */
    public record Result(String model, double firstLoss, double lastLoss, double testAccuracy, int rank, int width) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-18s loss %.4f -> %.4f   test accuracy %.4f   rank of last hidden features %d / %d",
                    model, firstLoss, lastLoss, testAccuracy, rank, width);
        }
    }

    private DepthExperiment() {
    }

    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        FashionMnist.Splits data = FashionMnist.load();
        for (Result result : run(data.train().subset(0, examples), data.test())) {
            System.out.println(result);
        }
    }

    public static List<Result> run(Dataset train, Dataset test) {
        List<Result> results = new ArrayList<>();
        results.add(measure("no batch norm", new DeepPlainMlpNet(SEED), train, test));
        results.add(measure("batch norm", new DeepBatchNormMlpNet(SEED), train, test));
        return results;
    }

    private static <N extends KilnNet & Layerwise> Result measure(String name, N net, Dataset train, Dataset test) {
        Sgd sgd = new Sgd(LEARNING_RATE);
        List<Double> losses = new ArrayList<>();
        Iterator<Batch> epoch = Batches.over(train).batchSize(BATCH_SIZE).seed(SEED).epoch(0);
        while (epoch.hasNext()) {
            Batch batch = epoch.next();
            losses.add(net.trainStep(batch.features(), batch.targets(), sgd));
        }
        double accuracy = Evaluation.evaluate(net, test, 1000).accuracy();
        INDArray features = test.subset(0, BATCH_SIZE).features();
        int lastHidden = net.weightLayers().size() - 2;
        int rank = numericalRank(net.preActivation(features, lastHidden).castTo(DataType.DOUBLE));
        return new Result(name, mean(losses.subList(0, WINDOW)), mean(losses.subList(losses.size() - WINDOW, losses.size())),
                accuracy, rank, Math.toIntExact(features.size(0)));
    }

    /** Number of singular values above {@link #RANK_TOLERANCE} times the largest. */
    static int numericalRank(INDArray matrix) {
        INDArray a = matrix.dup('f');
        int k = Math.toIntExact(Math.min(a.rows(), a.columns()));
        INDArray singular = Nd4j.create(DataType.DOUBLE, k);
        INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {a.columns(), a.columns()}, 'f');
        Nd4j.getBlasWrapper().lapack().gesvd(a, singular, null, vt);
        double largest = singular.maxNumber().doubleValue();
        int rank = 0;
        for (int i = 0; i < k; i++) {
            rank += singular.getDouble(i) > RANK_TOLERANCE * largest ? 1 : 0;
        }
        return rank;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
