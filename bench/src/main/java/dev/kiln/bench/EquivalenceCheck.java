package dev.kiln.bench;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

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
                  double worstStep, String worstStepName, List<String> failures, String more) {
        Result(double lossKiln, double lossDl4j, double worstGradient, String worstGradientName,
               double worstStep, String worstStepName, List<String> failures) {
            this(lossKiln, lossDl4j, worstGradient, worstGradientName, worstStep, worstStepName, failures, "");
        }

        boolean passed() {
            return failures.isEmpty();
        }

        String describe() {
            return String.format(Locale.ROOT,
                    "loss Kiln %.6f vs DL4J %.6f (|diff| %.1e, limit %.0e); gradients: worst relative difference %.1e at %s (limit %.0e);"
                            + " after one SGD step: worst relative weight difference %.1e at %s (limit %.0e)",
                    lossKiln, lossDl4j, Math.abs(lossKiln - lossDl4j), LOSS_TOLERANCE, worstGradient, worstGradientName,
                    GRADIENT_TOLERANCE, worstStep, worstStepName, STEP_TOLERANCE) + more;
        }
    }

    private EquivalenceCheck() {
    }

    /** Builds both MLPs from Kiln's weights for {@code seed} and compares them. */
    static Result run(long seed, double learningRate, BenchData batch) {
        BenchMlpNet kiln = new BenchMlpNet(seed, DataType.FLOAT);
        MultiLayerNetwork dl4j = Dl4jMlp.create(learningRate, seed);
        Dl4jMlp.copyWeights(kiln, dl4j);
        return compare(kiln, dl4j, learningRate, batch);
    }

    /**
     * Builds both CNNs in float64 from Kiln's weights for {@code seed} (the float32 draws, widened)
     * and compares them. In float32 the two differ by more than the gradient limit, and the
     * difference is DL4J's rounding: against a float64 reference, Kiln's float32 gradients were off
     * by at most 5e-6 (relative, as here), DL4J's by up to 2.2e-3 in conv2.W and 1.9e-3 in bn1.beta
     * (sums over 100,352 values per channel that nearly cancel). So the configurations are checked
     * where rounding cannot hide a difference, and {@link #float32Deviation} reports how far each
     * system's float32 gradients are from the float64 ones.
     */
    static Result runCnn(long seed, double learningRate, boolean dl4jHelpers, BenchData batch) {
        BenchCnnNet kiln = cnnInFloat64(seed);
        MultiLayerNetwork dl4j = Dl4jCnn.create(learningRate, seed, dl4jHelpers, DataType.DOUBLE);
        Dl4jCnn.copyWeights(kiln, dl4j);
        return compare(kiln, dl4j, Dl4jCnn::param, learningRate, batch.castTo(DataType.DOUBLE));
    }

    /**
     * The worst relative difference (as in the check) between float32 gradients and the float64
     * gradients of the same weights and batch, over the parameters: Kiln's, and DL4J's with or
     * without its oneDNN helpers. Returns "worst at parameter" for each, Kiln first.
     */
    static String float32Deviation(long seed, BenchData batch) {
        BenchCnnNet reference = cnnInFloat64(seed);
        reference.computeGradients(batch.features().castTo(DataType.DOUBLE), batch.labels().castTo(DataType.DOUBLE));
        BenchCnnNet kiln = new BenchCnnNet(seed, DataType.FLOAT);
        kiln.computeGradients(batch.features(), batch.labels());
        StringBuilder out = new StringBuilder("Kiln " + worstAgainst(reference, kiln::parameters, p -> p.gradient()));
        for (boolean helpers : new boolean[]{true, false}) {
            MultiLayerNetwork dl4j = Dl4jCnn.create(0.01, seed, helpers);
            Dl4jCnn.copyWeights(kiln, dl4j);
            dl4j.setInput(batch.features());
            dl4j.setLabels(batch.labels());
            dl4j.computeGradientAndScore();
            Gradient gradient = dl4j.gradient();
            out.append(helpers ? ", DL4J with helpers " : ", DL4J without helpers ").append(worstAgainst(reference,
                    kiln::parameters, p -> gradient.getGradientFor(Dl4jCnn.param(p).gradientKey()).div(batch.batchSize())));
        }
        return out.toString();
    }

    private static String worstAgainst(BenchCnnNet reference, java.util.function.Supplier<List<Parameter>> ours,
                                       Function<Parameter, INDArray> gradientOf) {
        double worst = -1;
        String where = "-";
        for (int i = 0; i < reference.parameters().size(); i++) {
            Parameter exact = reference.parameters().get(i);
            INDArray theirs = gradientOf.apply(ours.get().get(i)).reshape(exact.gradient().shape());
            double difference = relativeDifference(theirs, exact.gradient());
            if (difference > worst) {
                worst = difference;
                where = exact.name();
            }
        }
        return String.format(Locale.ROOT, "%.1e at %s", worst, where);
    }

    /** The CNN with Kiln's float32 weights for {@code seed}, widened to float64. */
    private static BenchCnnNet cnnInFloat64(long seed) {
        return widened(new BenchCnnNet(seed, DataType.FLOAT));
    }

    /** A float64 CNN holding {@code drawn}'s weights, widened. */
    static BenchCnnNet widened(BenchCnnNet drawn) {
        BenchCnnNet wide = new BenchCnnNet(BenchMain.SEED, DataType.DOUBLE);
        for (int i = 0; i < wide.parameters().size(); i++) {
            wide.parameters().get(i).value().assign(drawn.parameters().get(i).value().castTo(DataType.DOUBLE));
        }
        return wide;
    }

    /** {@link #compare(KilnNet, MultiLayerNetwork, Function, double, BenchData)} for the MLP. */
    static Result compare(BenchMlpNet kiln, MultiLayerNetwork dl4j, double learningRate, BenchData batch) {
        return compare(kiln, dl4j, Dl4jMlp::param, learningRate, batch);
    }

    /**
     * Compares two networks that should hold the same weights (and the same SGD learning rate);
     * both take one training step on {@code batch} in the process. {@code names} says where each Kiln
     * parameter is in the DL4J network.
     */
    static Result compare(KilnNet kiln, MultiLayerNetwork dl4j, Function<Parameter, Dl4jParam> names,
                          double learningRate, BenchData batch) {
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
        for (Parameter p : parameters) {
            INDArray theirs = dl4jGradient.getGradientFor(names.apply(p).gradientKey()).castTo(DataType.DOUBLE)
                    .reshape(p.gradient().shape()).div(batch.batchSize());
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
        for (Parameter p : parameters) {
            INDArray theirs = names.apply(p).in(dl4j).reshape(p.value().shape());
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
