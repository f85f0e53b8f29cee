package dev.kiln.processor.check;

import dev.kiln.dsl.Lints;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.ir.FollowingActivation;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.ShapeInference;
import dev.kiln.ir.TruncatedNormal;
import dev.kiln.ir.VarianceScaling;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;
import dev.kiln.processor.read.LayerSite;
import dev.kiln.processor.read.ReadModel;

import java.util.List;

/**
 * The checks on a Dense layer's weight initializer (reference sections 5 and 14), one per scheme
 * family, in this order; the first that reports ends the layer's checks, so a layer gets the one
 * message that matters most:
 * <ol>
 *   <li>constant weights: error KILN-E014, unless {@link Lints#CONSTANT_INIT} is on the field;</li>
 *   <li>a scheme that does not fit the weight's shape (identity on a non-square W, Dirac on a
 *       Dense W): error KILN-E013;</li>
 *   <li>a named scheme that does not suit the activation (e.g. Xavier before ReLU, anything but
 *       LeCun normal before SELU): warning KILN-W001;</li>
 *   <li>hidden layers only: a fixed scale (normal, uniform, truncated normal, sparse) far from
 *       gain/sqrt(fanIn): KILN-W005; a variance-scaling, orthogonal or identity init whose
 *       forward factor fanIn·E[w²] halves or doubles the signal per layer: KILN-W006.</li>
 * </ol>
 */
final class InitLints {
    /** KILN-W006 fires when fanIn·E[w²] / target is at or beyond a factor of 2 either way. */
    static final double FACTOR_LIMIT = 2.0;

    private final Diagnostics diagnostics;
    private final ReadModel model;
    private final ShapeInference.Result shapes;
    private final List<LayerSpec> specs;
    private final ModelGraph graph;

    InitLints(Diagnostics diagnostics, ReadModel model, ShapeInference.Result shapes) {
        this.diagnostics = diagnostics;
        this.model = model;
        this.shapes = shapes;
        this.specs = model.layers().stream().map(LayerSite::spec).toList();
        this.graph = model.graph();
    }

    void check(int index, boolean isOutputLayer) {
        WeightedSpec layer = (WeightedSpec) specs.get(index);
        LayerSite site = model.layers().get(index);
        Site initSite = site.attribute("weightInit");
        ActivationFunction activation = FollowingActivation.of(graph, index);
        InitSpec init = layer.weightInit();
        Scheme scheme = init.scheme();
        long[] weightShape = layer.weightShape(shapes.inputOf(graph.nodes().get(index)));
        boolean dense = weightShape.length == 2;
        long receptiveField = dense ? 1 : weightShape[2] * weightShape[3];
        long fanIn = dense ? weightShape[0] : weightShape[1] * receptiveField;
        long fanOut = dense ? weightShape[1] : weightShape[0] * receptiveField;
        if (checkAllZero(layer, init, fanIn, initSite)) {
            return;
        }
        if (scheme.isConstant()) {
            diagnostics.report(Message.CONSTANT_WEIGHTS, Lints.CONSTANT_INIT, initSite,
                    "use a random scheme such as Scheme.KAIMING_NORMAL, or leave weightInit unset; if constant weights are intended,"
                            + " put @SuppressWarnings(Lints.CONSTANT_INIT) on the field",
                    layer.name(), model.name(), init);
            return;
        }
        if (scheme == Scheme.IDENTITY && !dense) {
            diagnostics.report(Message.INIT_SHAPE, initSite, "use Scheme.DIRAC, the identity of convolutions", layer.name(), model.name(),
                    "weightInit IDENTITY is for square Dense weights, but this is a conv kernel " + java.util.Arrays.toString(weightShape));
            return;
        }
        if (scheme == Scheme.IDENTITY && fanIn != fanOut) {
            diagnostics.report(Message.INIT_SHAPE, initSite,
                    "give the layer units = " + fanIn + ", or use Scheme.ORTHOGONAL, which suits any shape", layer.name(), model.name(),
                    "weightInit IDENTITY needs a square weight, but W is [" + fanIn + ", " + fanOut + "]");
            return;
        }
        if (scheme == Scheme.DIRAC && dense) {
            diagnostics.report(Message.INIT_SHAPE, initSite, "use Scheme.IDENTITY for a square Dense weight", layer.name(), model.name(),
                    "weightInit DIRAC is for conv kernels [outC, inC, kH, kW], but a Dense weight is [" + fanIn + ", " + fanOut + "]");
            return;
        }
        if (scheme == Scheme.DIRAC && (weightShape[2] % 2 == 0 || weightShape[3] % 2 == 0)) {
            diagnostics.report(Message.INIT_SHAPE, initSite, "use an odd kernel such as 3x3, or Scheme.ORTHOGONAL", layer.name(), model.name(),
                    "weightInit DIRAC puts the identity at the kernel's centre tap, but a " + weightShape[2] + "x" + weightShape[3]
                            + " kernel has no centre");
            return;
        }
        String suggestion = InitAdvice.mismatch(init, activation);
        if (suggestion != null) {
            diagnostics.report(Message.INIT_ACTIVATION, Lints.INIT_ACTIVATION, initSite,
                    suggestion + ", or leave weightInit unset to get the default for the activation; suppress with @SuppressWarnings(Lints.INIT_ACTIVATION)",
                    layer.name(), model.name(), scheme, activation, InitAdvice.why(scheme, activation));
            return;
        }
        if (isOutputLayer) {
            // A small output layer is common practice (e.g. std 0.01 logits): nothing compounds after it.
            return;
        }
        checkFixedScale(layer, init, activation, fanIn, initSite);
        checkForwardFactor(layer, init, activation, fanIn, fanOut, initSite);
    }

    /**
     * KILN-E013, not suppressible: an initializer that makes some unit's incoming weights all zero
     * where that cannot work. A SPARSE draw that zeroes all fanIn inputs of every unit is a dead
     * layer; weight norm divides each unit's weights by their norm, which ZEROS (or CONSTANT 0) makes 0.
     */
    private boolean checkAllZero(WeightedSpec layer, InitSpec init, long fanIn, Site initSite) {
        if (init.scheme() == Scheme.SPARSE && Math.ceil(init.sparsity() * fanIn) >= fanIn) {
            diagnostics.report(Message.INIT_SHAPE, initSite, "use a sparsity below " + Numbers.significant((fanIn - 1.0) / fanIn)
                    + ", so that each unit keeps an input", layer.name(), model.name(), "weightInit SPARSE with sparsity "
                    + Numbers.compact(init.sparsity()) + " zeroes ceil(" + Numbers.compact(init.sparsity()) + " * " + fanIn + ") = "
                    + (long) Math.ceil(init.sparsity() * fanIn) + " of the " + fanIn + " inputs of every unit: every weight is 0");
            return true;
        }
        boolean zeros = init.scheme() == Scheme.ZEROS || init.scheme() == Scheme.CONSTANT && init.value() == 0;
        if (zeros && layer instanceof DenseSpec dense && dense.weightNorm()) {
            diagnostics.report(Message.INIT_SHAPE, initSite, "use a random weightInit, such as the default for the activation",
                    layer.name(), model.name(), "weight norm computes W = g v / ||v|| per unit, but weightInit " + init
                            + " makes every ||v|| 0, so W would be 0/0");
            return true;
        }
        return false;
    }

    /** KILN-W005: a scale given as a number, compared with gain / sqrt(fanIn). */
    private void checkFixedScale(WeightedSpec layer, InitSpec init, ActivationFunction activation, long fanIn, Site initSite) {
        double std = switch (init.scheme()) {
            case NORMAL -> init.std();
            case UNIFORM -> (init.high() - init.low()) / Math.sqrt(12);
            case TRUNCATED_NORMAL -> new TruncatedNormal(init.meanOrZero(), init.std(), init.low(), init.high()).realisedStd();
            case SPARSE -> init.std() * Math.sqrt(1 - Math.ceil(init.sparsity() * fanIn) / fanIn);
            default -> Double.NaN;
        };
        if (Double.isNaN(std)) {
            return;
        }
        double gain = activation.gain();
        double target = gain / Math.sqrt(fanIn);
        double ratio = fanIn * std * std / (gain * gain);
        if (ratio < 0.25 || ratio > 4) {
            String hint = switch (init.scheme()) {
                case NORMAL -> "use std = " + Numbers.compact(round(target));
                case UNIFORM -> "use low = " + Numbers.compact(round(-Math.sqrt(3) * target)) + ", high = "
                        + Numbers.compact(round(Math.sqrt(3) * target));
                case SPARSE -> "use std = " + Numbers.compact(round(init.std() * target / std));
                default -> "aim for an effective std of " + Numbers.compact(round(target));
            };
            diagnostics.report(Message.INIT_SCALE, Lints.INIT_ACTIVATION, initSite,
                    hint + " (gain / sqrt(fanIn)), or Scheme.KAIMING_NORMAL",
                    layer.name(), model.name(), Numbers.compact(round(std)), Numbers.compact(round(ratio)), ratio < 1 ? "shrinks" : "grows");
        }
    }

    /** KILN-W006: variance scaling, orthogonal and identity, by the factor fanIn·E[w²] each applies to the signal. */
    private void checkForwardFactor(WeightedSpec layer, InitSpec init, ActivationFunction activation, long fanIn, long fanOut,
                                    Site initSite) {
        Scheme scheme = init.scheme();
        double target = InitAdvice.targetFactor(scheme, activation);
        double factor;
        String hint;
        if (scheme == Scheme.VARIANCE_SCALING) {
            VarianceScaling form = VarianceScaling.of(init);
            factor = form.forwardFactor(fanIn, fanOut);
            hint = "use scale = " + Numbers.significant(round(target * form.fan(fanIn, fanOut) / fanIn));
        } else if (scheme == Scheme.ORTHOGONAL) {
            // Tall W: unit-norm columns, factor gain²; wide W: the columns share in/out of the norm.
            double shrink = Math.min(1.0, (double) fanIn / fanOut);
            factor = init.gain() * init.gain() * shrink;
            hint = "use gain = " + Numbers.significant(round(Math.sqrt(target / shrink))) + ", or run LSUV on real batches";
        } else if (scheme == Scheme.IDENTITY) {
            factor = init.gain() * init.gain();
            hint = "use gain = 1: an identity map passes the signal on unchanged";
        } else {
            return;
        }
        double ratio = factor / target;
        if (ratio <= 1 / FACTOR_LIMIT || ratio >= FACTOR_LIMIT) {
            diagnostics.report(Message.INIT_VARIANCE, Lints.INIT_ACTIVATION, initSite,
                    hint + "; suppress with @SuppressWarnings(Lints.INIT_ACTIVATION)",
                    layer.name(), model.name(), init, activation, Numbers.significant(round(factor)), Numbers.significant(round(target)),
                    ratio < 1 ? "shrinks" : "grows", Numbers.significant(round(ratio)));
        }
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }
}
