package dev.kiln.runtime.optim;

import dev.kiln.runtime.optim.transform.ClipByGlobalNorm;
import dev.kiln.runtime.optim.transform.ClipByNorm;
import dev.kiln.runtime.optim.transform.ClipByValue;
import dev.kiln.runtime.optim.transform.DecoupledDecay;
import dev.kiln.runtime.optim.transform.Momentum;
import dev.kiln.runtime.optim.transform.Nesterov;
import dev.kiln.runtime.optim.transform.ScaleByLearningRate;

import java.util.ArrayList;
import java.util.List;

/**
 * An optimizer composed link by link, in the order given, as Optax's {@code chain}: start with
 * {@link OptimizerChain#compose}, add links, {@link #build()}.
 *
 * <pre>{@code
 * OptimizerChain adamW = OptimizerChain.compose("MyAdamW", 1e-3)
 *         .clipByGlobalNorm(1.0)          // g <- g min(1, 1/||g||)
 *         .then(Optimizers.ADAM)          // d = m^ / (sqrt(v^) + eps)
 *         .addDecayedWeights(0.01)        // d <- d + lambda theta
 *         .scaleByLearningRate()          // step = -lr_t d
 *         .build();
 * }</pre>
 *
 * <p>Where a link stands is what it means. {@link #addDecayedWeights} before the adaptive link is the
 * coupled L2 penalty (its {@code lambda theta} enters the moments and is divided by {@code sqrt(v^)});
 * between the adaptive link and the step it is decoupled decay, {@code theta - lr (d + lambda theta)}
 * (AdamW; before LAMB's trust ratio the ratio sees it); after the step it is added to the finished step,
 * {@code -lr lambda theta} (the only decoupled place after momentum, which applies the learning rate
 * itself). A clip before the adaptive link bounds the gradient, after the step it bounds the step.
 * {@link #build()} checks the order ({@link ChainRules}): exactly one step, at most one adaptive link
 * and one decay, the direction shaped before the step.
 *
 * <p>What is not a link stays on the optimizer: the schedule, reduce-on-plateau, parameter groups
 * (whose weight decay overrides this lambda, and which by default exclude biases and norms from it),
 * and the parameter average ({@link OptimizerChain#averageParameters}), which reads the parameters
 * after the update.
 */
public final class ChainComposer {
    private final String name;
    private final double learningRate;
    private final List<GradientTransform> links = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();
    private double decay;

    ChainComposer(String name, double learningRate) {
        this.name = name;
        this.learningRate = learningRate;
    }

    /** Any transform, e.g. {@link Optimizers#ADAM}, {@code new RmsPropScaling(0.99, 1e-8, true)} or one of your own. */
    public ChainComposer then(GradientTransform link) {
        if (link.role() == GradientTransform.Role.DECAY) {
            throw new IllegalArgumentException(name + ": add weight decay with addDecayedWeights(lambda), whose place decides"
                    + " its form, not as " + link);
        }
        links.add(link);
        descriptions.add(ChainRules.describe(link));
        return this;
    }

    /** {@code g_i <- clip(g_i, -c, c)}. */
    public ChainComposer clipByValue(double c) {
        return then(new ClipByValue(c));
    }

    /** Per tensor {@code g <- g min(1, c / ||g||)}. */
    public ChainComposer clipByNorm(double c) {
        return then(new ClipByNorm(c));
    }

    /** All tensors together: {@code g_k <- g_k min(1, c / G)}, {@code G = sqrt(sum_k ||g_k||^2)}. */
    public ChainComposer clipByGlobalNorm(double c) {
        return then(new ClipByGlobalNorm(c));
    }

    /**
     * {@code d <- d + lambda theta}, with lambda the parameter's (this one unless a parameter group
     * says otherwise; 0 for biases and norms by default); after the step, {@code d <- d - lr lambda theta}.
     * See the class comment for what each place means.
     */
    public ChainComposer addDecayedWeights(double lambda) {
        decay = Checks.notNegative(name + " weight decay", lambda);
        boolean afterStep = links.stream().anyMatch(ChainRules::isStep);
        links.add(new DecoupledDecay(afterStep));
        descriptions.add("addDecayedWeights(" + lambda + ")");
        return this;
    }

    /** The step {@code -lr_t d}. */
    public ChainComposer scaleByLearningRate() {
        return then(new ScaleByLearningRate());
    }

    /** The step {@code v <- mu v - lr_t d} (velocity form). */
    public ChainComposer momentum(double mu) {
        return then(new Momentum(mu));
    }

    /** The Nesterov step, Sutskever form, with coefficient {@code mu}. */
    public ChainComposer nesterov(double mu) {
        return then(new Nesterov(mu));
    }

    /**
     * The optimizer, after checking the order of the links.
     *
     * @throws IllegalArgumentException naming the rule broken and listing the links
     */
    public OptimizerChain build() {
        ChainRules.check(name, links);
        return OptimizerChain.composed(name, learningRate, links, String.join(" -> ", descriptions), decay);
    }
}
