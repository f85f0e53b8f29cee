package dev.kiln.runtime.train;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBackup;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.kernels.FiniteCheck;
import dev.kiln.runtime.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * One training step of a model, all or nothing: it either applies completely (gradients, the
 * training loss to {@link Optimizer#observeLoss}, the optimizer's update) or leaves every piece of
 * state exactly as it was: the parameters, the model's state buffers (running statistics, the random
 * generator, see {@link KilnNet#stateBuffers()}) and the optimizer (slots, step count, schedule and
 * plateau state), which it does not call.
 *
 * <p>A step is rejected when its batch holds a NaN or infinity (checked before the pass, one sum per
 * array), or when the loss, a gradient or a state buffer is not finite after the pass (a batch whose
 * activations overflow can leave a running variance infinite with a finite loss). A training pass updates the
 * running statistics and advances the random generator as it goes, so the state buffers are copied
 * into a backup made once, before each pass, and copied back when the step is rejected or the pass
 * throws: two numbers per batch-norm channel and two for the generator, no array created per step.
 *
 * <p>{@link KilnNet#trainStep} and the {@link Trainer} both run their steps through one of these,
 * so the policy is written once.
 */
@SuppressWarnings("NullAway") // a rejection is read only after tryStep returned false, which sets it
public final class TrainingStep {
    private final KilnNet net;
    private final StateBackup state;
    private double loss = Double.NaN;
    private @Nullable StepRejection rejection;

    public TrainingStep(KilnNet net) {
        this.net = net;
        this.state = StateBackup.of(net);
    }

    /**
     * Runs the step. Returns true when it was applied ({@link #loss()} is its loss), false when it was
     * rejected ({@link #rejection()} says why) and nothing changed.
     */
    public boolean tryStep(INDArray features, INDArray targets, Optimizer optimizer) {
        rejection = null;
        loss = Double.NaN;
        if (!FiniteCheck.allFinite(features) || !FiniteCheck.allFinite(targets)) {
            rejection = diagnose(features, targets, Double.NaN);
            return false;
        }
        state.save();
        double result;
        try {
            result = net.computeGradients(features, targets);
        } catch (RuntimeException | Error e) {
            state.restore();
            throw e;
        }
        if (!Double.isFinite(result) || firstNonFiniteGradient(net.parameters()) != null || firstNonFiniteState() != null) {
            try {
                rejection = diagnose(features, targets, result);
            } finally {
                state.restore();
            }
            return false;
        }
        loss = result;
        optimizer.observeLoss(result);
        optimizer.step(net.parameters());
        return true;
    }

    /**
     * Runs the step and returns its loss, or throws {@link NonFiniteLossException} naming the cause
     * when it was rejected, with the model and the optimizer as they were.
     */
    public double run(INDArray features, INDArray targets, Optimizer optimizer) {
        if (!tryStep(features, targets, optimizer)) {
            throw rejection.exception(net, optimizer);
        }
        return loss;
    }

    /** The loss of the last step if it was applied, else NaN. */
    public double loss() {
        return loss;
    }

    /** Why the last step was rejected; null when it was applied. */
    public StepRejection rejection() {
        return rejection;
    }

    /** The first parameter, in layer order, whose gradient holds a NaN or infinity, or null. */
    static @Nullable Parameter firstNonFiniteGradient(List<Parameter> parameters) {
        for (Parameter parameter : parameters) {
            if (!FiniteCheck.allFinite(parameter.gradient())) {
                return parameter;
            }
        }
        return null;
    }

    /**
     * The first floating-point state buffer that holds a NaN or infinity after a pass, or null: a batch
     * whose activations overflow can leave a running variance infinite while the loss stays finite.
     */
    private @Nullable StateBuffer firstNonFiniteState() {
        for (StateBuffer buffer : net.stateBuffers()) {
            if (buffer.value().dataType().isFPType() && !FiniteCheck.allFinite(buffer.value())) {
                return buffer;
            }
        }
        return null;
    }

    /**
     * Only on a rejected step, before the state is restored: the batch first, then the parameters, then
     * the loss and the gradients, then the state buffers.
     */
    private StepRejection diagnose(INDArray features, INDArray targets, double loss) {
        for (INDArray batch : new INDArray[] {features, targets}) {
            long index = NonFiniteSearch.first(batch);
            if (index >= 0) {
                boolean isFeatures = batch == features;
                long row = NonFiniteSearch.row(batch, index);
                return new StepRejection(isFeatures ? StepRejection.Cause.FEATURES : StepRejection.Cause.TARGETS, row, null,
                        "the " + (isFeatures ? "features" : "targets") + " of example " + row + " of the batch are not finite: "
                                + NonFiniteSearch.withinExample(batch, index));
            }
        }
        for (Parameter parameter : net.parameters()) {
            long index = NonFiniteSearch.first(parameter.value());
            if (index >= 0) {
                return new StepRejection(StepRejection.Cause.PARAMETER, -1, parameter.layer(), "parameter " + parameter.name()
                        + " is not finite: its element " + NonFiniteSearch.position(parameter.value(), index));
            }
        }
        Parameter broken = firstNonFiniteGradient(net.parameters());
        StateBuffer state = firstNonFiniteState();
        if (Double.isFinite(loss) && broken == null && state != null) {
            long index = NonFiniteSearch.first(state.value());
            return new StepRejection(StepRejection.Cause.STATE, -1, state.layer(), "the loss (" + loss + ") and the gradients are"
                    + " finite, but the pass left " + state.name() + " non-finite: its element "
                    + NonFiniteSearch.position(state.value(), index));
        }
        String what = Double.isFinite(loss)
                ? "the gradient of layer " + broken.layer() + " (" + broken.name() + ") is not finite (the loss is " + loss + ")"
                : "the loss is " + loss + "; " + (broken == null ? "every gradient is finite"
                : "the first layer with a non-finite gradient is " + broken.layer() + " (" + broken.name() + ")");
        return new StepRejection(StepRejection.Cause.LOSS_OR_GRADIENT, -1, broken == null ? null : broken.layer(), what);
    }
}
