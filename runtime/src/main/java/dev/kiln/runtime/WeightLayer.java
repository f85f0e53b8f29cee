package dev.kiln.runtime;

import dev.kiln.runtime.kernels.WeightNormKernel;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;

import java.util.Arrays;

/**
 * A layer with a weight, as {@link Layerwise} exposes it: its weight W as the forward pass uses it,
 * and edits of W that change the model. The edits go to the parameters W is made of: W itself in
 * a plain layer; in a weight-normalized one (W = g·v/‖v‖ per output unit), g for a scaling and
 * v and g for a new W, so that the next forward pass computes with the edited W and training goes
 * on from it. {@link #weight()} is a copy, so that no edit can bypass this (an in-place change of
 * a weight-normalized layer's W would be overwritten by the next forward pass).
 *
 * <p>The bias is a parameter in both forms: {@link #bias()} is the model's own array, and an
 * in-place change of it changes the model.
 */
public final class WeightLayer {
    private final String name;
    private final INDArray weight;
    private final @Nullable INDArray bias;
    /** v, g and ‖v‖ when W = g·v/‖v‖; null for a plain layer, whose {@code weight} is the parameter. */
    private final @Nullable WeightNorm norm;

    private record WeightNorm(INDArray v, INDArray g, INDArray norms) {
    }

    private WeightLayer(String name, INDArray weight, @Nullable INDArray bias, @Nullable WeightNorm norm) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
        this.norm = norm;
    }

    /**
     * A layer whose weight is the parameter {@code weight}: W [in, out] for a Dense layer,
     * [outC, inC, kH, kW] for a convolution.
     */
    public static WeightLayer of(String name, INDArray weight, @Nullable INDArray bias) {
        return new WeightLayer(name, weight, bias, null);
    }

    /**
     * A weight-normalized layer: {@code w} is the model's W = g·v/‖v‖, recomputed from the
     * parameters {@code v} and {@code g} (with ‖v‖ into {@code norms}) on every forward pass.
     */
    public static WeightLayer weightNormalized(String name, INDArray v, INDArray g, INDArray norms, INDArray w,
                                               @Nullable INDArray bias) {
        return new WeightLayer(name, w, bias, new WeightNorm(v, g, norms));
    }

    /** The layer's name (the field name in the model class). */
    public String name() {
        return name;
    }

    /** A copy of W as the forward pass computes with it now; change W through the methods below. */
    public INDArray weight() {
        refresh();
        return weight.dup();
    }

    /** W's shape: [in, out] for a Dense layer, [outC, inC, kH, kW] for a convolution. */
    public long[] weightShape() {
        return weight.shape();
    }

    public DataType dataType() {
        return weight.dataType();
    }

    /** b [out], the model's own array, or null for a layer without bias. */
    public @Nullable INDArray bias() {
        return bias;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** True when W = g·v/‖v‖ with v and g trained. */
    public boolean isWeightNormalized() {
        return norm != null;
    }

    /**
     * W ← {@code value}. In a weight-normalized layer v ← value and g ← ‖value‖ per unit, as at
     * construction; a unit whose new weights are all zero (no direction) is refused, and the
     * layer is left as it was.
     */
    public void assignWeight(INDArray value) {
        if (!Arrays.equals(value.shape(), weight.shape())) {
            throw new IllegalArgumentException("layer '" + name + "': W is " + Arrays.toString(weight.shape()) + ", cannot assign "
                    + Arrays.toString(value.shape()));
        }
        if (norm == null) {
            weight.assign(value);
            return;
        }
        INDArray direction = value.castTo(weight.dataType()).dup();
        INDArray lengths = norm.g().ulike();
        try {
            WeightNormKernel.initialize(direction, lengths);
        } catch (IllegalArgumentException noDirection) {
            throw new IllegalArgumentException("layer '" + name + "' is weight-normalized: " + noDirection.getMessage(), noDirection);
        }
        norm.v().assign(direction);
        norm.g().assign(lengths);
        refresh();
    }

    /** W ← factor·W: g ← factor·g in a weight-normalized layer, v unchanged. */
    public void scaleWeight(double factor) {
        requireFinite("factor", factor);
        (norm == null ? weight : norm.g()).muli(factor);
        refresh();
    }

    /**
     * Each output unit's weights times its factor: W[:, j] ← factors[j]·W[:, j] for a Dense
     * layer, filter j for a convolution; g ← factors⊙g in a weight-normalized layer.
     */
    public void scaleUnits(INDArray factors) {
        int unitAxis = weight.rank() == 2 ? 1 : 0;
        long units = weight.size(unitAxis);
        if (factors.length() != units) {
            throw new IllegalArgumentException("layer '" + name + "' has " + units + " output units, got " + factors.length() + " factors");
        }
        for (long j = 0; j < units; j++) {
            requireFinite("factor " + j, factors.getDouble(j));
        }
        INDArray row = factors.reshape(units).castTo(weight.dataType());
        if (norm == null) {
            Broadcast.mul(weight, row, weight, unitAxis);
        } else {
            norm.g().muli(row);
            refresh();
        }
    }

    /** A weight-normalized layer's W from its v and g as they are now. */
    private void refresh() {
        if (norm != null) {
            WeightNormKernel.forward(norm.v(), norm.g(), norm.norms(), weight);
        }
    }

    private void requireFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("layer '" + name + "': cannot scale W by a non-finite " + what + ", " + value);
        }
    }

    @Override
    public String toString() {
        return "WeightLayer[" + name + ", W " + Arrays.toString(weight.shape()) + (norm != null ? " = g·v/‖v‖" : "")
                + (bias != null ? ", b " + Arrays.toString(bias.shape()) : "") + "]";
    }
}
