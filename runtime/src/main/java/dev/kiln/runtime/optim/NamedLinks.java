package dev.kiln.runtime.optim;

import dev.kiln.runtime.optim.transform.CoupledL2;
import dev.kiln.runtime.optim.transform.DecoupledDecay;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of a named optimizer that insert links (clipping, an L2 penalty or a decoupled weight
 * decay) and where they go around its update rule's own links:
 *
 * <pre>
 * clipping  ->  L2 penalty (coupled)  ->  the rule's direction  ->  decoupled decay where the rule
 * folds it into the direction (AdamW)  ->  trust ratio  ->  step  ->  decoupled decay after the step
 * </pre>
 *
 * The chain keeps the decay's λ (a composed chain has one too, in its decay link); this class keeps
 * its form, the last of {@link #l2} and {@link #weightDecay} called.
 */
final class NamedLinks {
    private enum DecayForm { COUPLED_L2, DECOUPLED }

    private final List<GradientTransform> clipping = new ArrayList<>();
    private DecayForm decayForm = DecayForm.DECOUPLED;

    void clip(GradientTransform clip) {
        clipping.add(clip);
    }

    /** Decay as a coupled L2 penalty. */
    void coupled() {
        decayForm = DecayForm.COUPLED_L2;
    }

    /** Decay decoupled from the gradient (the default). */
    void decoupled() {
        decayForm = DecayForm.DECOUPLED;
    }

    /**
     * {@code rule}'s links with these options in their places, for decay λ {@code decay};
     * {@code groupsDecay}: some parameter group sets a decay of its own.
     */
    List<GradientTransform> around(UpdateRule rule, double decay, boolean groupsDecay) {
        List<GradientTransform> chain = new ArrayList<>(clipping);
        boolean decays = decay != 0 || groupsDecay;
        if (decays && decayForm == DecayForm.COUPLED_L2) {
            chain.add(new CoupledL2());
        }
        chain.addAll(rule.direction());
        boolean decoupled = decays && decayForm == DecayForm.DECOUPLED;
        if (decoupled && rule.decayJoinsDirection()) {
            chain.add(new DecoupledDecay(false));
        }
        if (rule.layerwise() != null) {
            chain.add(rule.layerwise());
        }
        chain.add(rule.step());
        if (decoupled && !rule.decayJoinsDirection()) {
            if (!rule.usesLearningRate()) {
                throw new IllegalStateException(rule.name() + " has no learning rate to scale a decoupled weight decay;"
                        + " use l2(lambda) instead");
            }
            chain.add(new DecoupledDecay(true));
        }
        return chain;
    }

    /** Appends the options as the configuration line writes them: {@code  + clipGlobalNorm(1.0) + weightDecay(0.01)}. */
    StringBuilder describe(StringBuilder text, double decay) {
        for (GradientTransform clip : clipping) {
            text.append(" + ").append(clip);
        }
        if (decay != 0) {
            text.append(decayForm == DecayForm.COUPLED_L2 ? " + l2(" : " + weightDecay(");
            text.append(decay).append(')');
        }
        return text;
    }
}
