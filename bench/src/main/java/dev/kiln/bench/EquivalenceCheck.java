package dev.kiln.bench;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before any timing: Kiln and DL4J, given the same weights and batch, must compute the same loss
 * (within 1e-4) and the same gradients (within 1e-3 relative), and one SGD step must leave the same
 * weights. Otherwise the benchmark would compare two different computations, and it refuses to report.
 *
 * <p>Conventions reconciled here, not hidden: DL4J's {@code computeGradientAndScore} leaves the
 * gradient summed over the batch (its updater divides by the minibatch size later), so DL4J's
 * gradients are divided by n before comparing with Kiln's batch-mean gradients; DL4J's bias
 * gradient is a [1, out] row, compared element by element.
 */
final class EquivalenceCheck {
    static final double LOSS_TOLERANCE = 1e-4;
    static final double GRADIENT_TOLERANCE = 1e-3;
    static final double STEP_TOLERANCE = 1e-4;

    /** The worst differences found, and whether they are within tolerance. */
    record Result(double lossKiln, double lossDl4j, double worstGradient, String worstGradientName,
                  double worstStep, String worstStepName, List<String> failures) {
        boolean passed() {
            return failures.isEmpty();
        }

        String describe() {
            return String.format(Locale.ROOT,
                    "loss Kiln %.6f vs DL4J %.6f (|diff| %.1e, limit %.0e); gradients: worst relative difference %.1e at %s (limit %.0e);"
                            + " after one SGD step: worst relative weight difference %.1e at %s (limit %.0e)",
                    lossKiln, lossDl4j, Math.abs(lossKiln - lossDl4j), LOSS_TOLERANCE, worstGradient, worstGradientName,
                    GRADIENT_TOLERANCE, worstStep, worstStepName, STEP_TOLERANCE);
        }
    }

    private EquivalenceCheck() {
    }

    /** Builds both networks from Kiln's weights for {@code seed} and compares them. */
    static Result run(long seed, double learningRate, BenchData batch) {
        BenchMlpNet kiln = new BenchMlpNet(seed, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(learningRate, seed);
        Dl4jMlp.copyWeights(kiln, dl4j);
        return compare(kiln, dl4j, learningRate, batch);
    }

    /**
     * Compares two networks that should hold the same weights (and the same SGD learning rate);
     * both take one training step on {@code batch} in the process.
     */
    static Result compare(BenchMlpNet kiln, MultiLayerNetwork dl4j, double learningRate, BenchData batch) {
        List<String> failures = new ArrayList<>();

        double kilnLoss = kiln.computeGradients(batch.features(), batch.labels());
        dl4j.setInput(batch.features());
        dl4j.setLabels(batch.labels());
        dl4j.computeGradientAndScore();
        double dl4jLoss = dl4j.score();
        if (!(Math.abs(kilnLoss - dl4jLoss) <= LOSS_TOLERANCE)) {
            failures.add(String.format(Locale.ROOT, "loss differs: Kiln %.7f, DL4J %.7f", kilnLoss, dl4jLoss));
        }

        Gradient dl4jGradient = dl4j.gradient();
        double worstGradient = 0;
        String worstGradientName = "-";
        List<Parameter> parameters = kiln.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            INDArray theirs = dl4jGradient.getGradientFor(dl4jKey(i, p)).castTo(DataType.DOUBLE).reshape(p.gradient().shape())
                    .div(batch.batchSize());
            double difference = relativeDifference(p.gradient(), theirs);
            if (difference > worstGradient || worstGradientName.equals("-")) {
                worstGradient = difference;
                worstGradientName = p.name();
            }
            if (!(difference <= GRADIENT_TOLERANCE)) {
                failures.add(String.format(Locale.ROOT, "gradient of %s differs: relative %.2e", p.name(), difference));
            }
        }

        // One real update each: Kiln's trainStep with its SGD, DL4J's fit. Same lr, same batch.
        kiln.trainStep(batch.features(), batch.labels(), new Sgd(learningRate));
        dl4j.fit(batch.features(), batch.labels());
        double worstStep = 0;
        String worstStepName = "-";
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            INDArray theirs = dl4j.getLayer(i / 2).getParam(i % 2 == 0 ? "W" : "b").reshape(p.value().shape());
            double difference = relativeDifference(p.value(), theirs);
            if (difference > worstStep || worstStepName.equals("-")) {
                worstStep = difference;
                worstStepName = p.name();
            }
            if (!(difference <= STEP_TOLERANCE)) {
                failures.add(String.format(Locale.ROOT, "%s after one SGD step differs: relative %.2e", p.name(), difference));
            }
        }
        return new Result(kilnLoss, dl4jLoss, worstGradient, worstGradientName, worstStep, worstStepName, failures);
    }

    /** DL4J names parameters "layerIndex_W" / "layerIndex_b"; Kiln lists W then b per layer. */
    private static String dl4jKey(int index, Parameter p) {
        if (!p.role().equals(index % 2 == 0 ? "W" : "b")) {
            throw new IllegalStateException("unexpected parameter order at " + p.name());
        }
        return (index / 2) + "_" + p.role();
    }

    /**
     * max |a - b| over max |b|: relative to the array's scale rather than per element, because an
     * element-wise relative error is meaningless for entries that are float32 roundoff around zero.
     */
    static double relativeDifference(INDArray ours, INDArray theirs) {
        INDArray a = ours.castTo(DataType.DOUBLE);
        INDArray b = theirs.castTo(DataType.DOUBLE);
        double scale = b.amaxNumber().doubleValue();
        double difference = a.sub(b).amaxNumber().doubleValue();
        return scale == 0 ? difference : difference / scale;
    }
}
