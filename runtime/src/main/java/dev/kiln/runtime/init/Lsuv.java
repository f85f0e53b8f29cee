package dev.kiln.runtime.init;

import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.WeightLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Layer-sequential unit-variance initialization (Mishkin and Matas 2016; reference §5):
 * <ol>
 *   <li>every weight is re-drawn orthonormally (ORTHOGONAL, gain 1) from the given seed;</li>
 *   <li>then for each weight layer in forward order, up to {@code maxTries} times: a fresh batch goes
 *       through the already-initialized layers (inference mode, dropout off), s = std of the layer's
 *       whole pre-activation xW + b; stop when |s − 1| < tolerance, else W ← W / s.</li>
 * </ol>
 * Biases are never touched. A layer whose pre-activation has std ≈ 0 (below {@value #MIN_STD}) or a
 * non-finite one stops LSUV with an {@link InitializationException} naming the layer: no scaling
 * of W can give a dead signal unit variance.
 *
 * @param tolerance        how close to 1 the std must come (default 0.1)
 * @param maxTries         the most batches measured per layer (default 10)
 * @param orthonormalStart whether step 1 runs (default true); without it LSUV rescales the weights
 *                         the model has, which keeps an initializer chosen on purpose
 */
public record Lsuv(double tolerance, int maxTries, boolean orthonormalStart) {
    public static final Lsuv DEFAULTS = new Lsuv(0.1, 10, true);
    /** A pre-activation std at or below this is "near 0": the layer's input carries no signal. */
    public static final double MIN_STD = 1e-8;

    public Lsuv {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("LSUV tolerance must be in (0, 1), got " + tolerance);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("LSUV needs at least one try per layer, got " + maxTries);
        }
    }

    /** These settings with the orthonormal start switched on or off. */
    public Lsuv withOrthonormalStart(boolean on) {
        return new Lsuv(tolerance, maxTries, on);
    }

    /**
     * Initializes {@code net} in place.
     *
     * @param batches gives a fresh feature batch on every call (each try measures a new one)
     * @param seed    seeds the orthonormal start, one stream per weight as at construction (unused without it)
     */
    public LsuvReport initialize(Layerwise net, Supplier<INDArray> batches, long seed) {
        List<WeightLayer> layers = net.weightLayers();
        if (orthonormalStart) {
            SeedStreams seeds = new SeedStreams(seed);
            InitSpec orthonormal = InitSpec.of(Scheme.ORTHOGONAL).withGain(1.0);
            for (WeightLayer layer : layers) {
                layer.assignWeight(Initializers.create(orthonormal, layer.weightShape(), layer.dataType(),
                        seeds.forParameter(layer.name() + ".W")));
            }
        }
        List<LsuvReport.Layer> results = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            results.add(scale(net, i, layers.get(i), batches));
        }
        return new LsuvReport(tolerance, maxTries, results);
    }

    private LsuvReport.Layer scale(Layerwise net, int index, WeightLayer layer, Supplier<INDArray> batches) {
        double std = Double.NaN;
        for (int tries = 1; tries <= maxTries; tries++) {
            INDArray batch = batches.get();
            std = PreActivationStatistics.wholeStd(net.preActivation(batch, index));
            if (!Double.isFinite(std) || std <= MIN_STD) {
                throw new InitializationException(layer.name(), "LSUV: layer '" + layer.name() + "' (weight layer " + (index + 1)
                        + " of " + net.weightLayers().size() + ") has pre-activation std " + std + " on a batch of " + batch.size(0)
                        + " examples" + (Double.isFinite(std)
                        ? ": its input carries no signal (a zero input, or every unit before it is dead), so no scaling of W can give it unit variance"
                        : ": the signal overflowed before it; check the input scale"));
            }
            if (Math.abs(std - 1) < tolerance) {
                return new LsuvReport.Layer(layer.name(), tries, std, true);
            }
            layer.scaleWeight(1 / std);
        }
        return new LsuvReport.Layer(layer.name(), maxTries, std, false);
    }
}
