package dev.kiln.runtime.optim;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.optim.transform.ScaleByLearningRate;

import java.util.List;

/**
 * The update-rule part of an {@link OptimizerChain}: the transforms between gradient preprocessing
 * (clipping, L2) and the parameter write.
 *
 * @param name             e.g. {@code Adam}
 * @param details          hyperparameters for messages, e.g. {@code beta1=0.9, beta2=0.999, eps=1.0E-8}
 * @param direction        transforms that turn the gradient into a descent direction (adaptive scaling, moments)
 * @param layerwise        a per-tensor rescaling of the direction (LARS and LAMB trust ratio), or null
 * @param step             what turns the direction into the step: {@link ScaleByLearningRate}, momentum, Rprop
 * @param usesLearningRate false for Rprop, whose step sizes are its own
 * @param needsFullBatch   true for methods that only work with full-batch gradients
 */
public record UpdateRule(String name, String details, List<GradientTransform> direction, @Nullable GradientTransform layerwise,
                         GradientTransform step, boolean usesLearningRate, boolean needsFullBatch) {

    public UpdateRule {
        direction = List.copyOf(direction);
    }

    /**
     * A rule from its links in order: the direction's links, a trust ratio if there is one, and the
     * step last. Whether it uses the learning rate and needs full batches follows from the step's
     * {@linkplain GradientTransform#role() role}; the links obey {@link ChainRules}.
     */
    public static UpdateRule of(String name, String details, GradientTransform... links) {
        List<GradientTransform> chain = List.of(links);
        ChainRules.check(name, chain);
        GradientTransform step = chain.get(chain.size() - 1);
        List<GradientTransform> before = chain.subList(0, chain.size() - 1);
        if (!ChainRules.isStep(step)) {
            throw new IllegalArgumentException("update rule " + name + " must end in its step, but ends in " + step.id());
        }
        GradientTransform layerwise = before.isEmpty() ? null : before.get(before.size() - 1);
        if (layerwise == null || layerwise.role() != GradientTransform.Role.LAYERWISE) {
            return new UpdateRule(name, details, before, null, step, step.role() == GradientTransform.Role.STEP,
                    step.role() == GradientTransform.Role.SELF_SIZED_STEP);
        }
        return new UpdateRule(name, details, before.subList(0, before.size() - 1), layerwise, step,
                step.role() == GradientTransform.Role.STEP, step.role() == GradientTransform.Role.SELF_SIZED_STEP);
    }

    /** A rule whose step is {@code -lr} times the direction, which uses the learning rate and any batch size. */
    public static UpdateRule scaled(String name, String details, List<GradientTransform> direction,
                                    @Nullable GradientTransform layerwise) {
        return new UpdateRule(name, details, direction, layerwise, new ScaleByLearningRate(), true, false);
    }

    /**
     * Whether the step is a plain {@code -lr} scaling, so decoupled decay can be added to the
     * direction before it ({@code theta - lr (d + lambda theta)}) rather than to the finished step.
     */
    boolean decayJoinsDirection() {
        return step instanceof ScaleByLearningRate;
    }
}
