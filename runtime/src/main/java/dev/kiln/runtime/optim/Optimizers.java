package dev.kiln.runtime.optim;

import dev.kiln.runtime.optim.transform.AdaGradScaling;
import dev.kiln.runtime.optim.transform.AdadeltaScaling;
import dev.kiln.runtime.optim.transform.AdamScaling;
import dev.kiln.runtime.optim.transform.AdamaxScaling;
import dev.kiln.runtime.optim.transform.AmsGradScaling;
import dev.kiln.runtime.optim.transform.LionDirection;
import dev.kiln.runtime.optim.transform.Momentum;
import dev.kiln.runtime.optim.transform.MovingAverage;
import dev.kiln.runtime.optim.transform.NadamScaling;
import dev.kiln.runtime.optim.transform.Nesterov;
import dev.kiln.runtime.optim.transform.RadamScaling;
import dev.kiln.runtime.optim.transform.RmsPropScaling;
import dev.kiln.runtime.optim.transform.RpropStep;
import dev.kiln.runtime.optim.transform.ScaleByLearningRate;
import dev.kiln.runtime.optim.transform.TrustRatio;

/**
 * Every named optimizer, with the hyperparameters of the reference (section 9) unless stated (the
 * default learning rates are {@link dev.kiln.dsl.OptimizerType}'s). Each is a chain of the same links a
 * user composes with {@link OptimizerChain#compose} (its {@link UpdateRule}: the direction, a trust
 * ratio, the step), returned as an {@link OptimizerChain} to configure further:
 *
 * <pre>{@code
 * Optimizers.adamW(1e-3).clipGlobalNorm(1.0).schedule(Schedules.warmup(500, Schedules.cosine(10_000, 0)))
 * }</pre>
 *
 * The overloads taking a transform record set every hyperparameter of the rule, e.g.
 * {@code adam(1e-3, new AdamScaling(0.9, 0.99, 1e-8, true))}.
 */
public final class Optimizers {
    /** Momentum and Nesterov coefficient mu. */
    public static final double MOMENTUM = 0.9;
    /** AdaGrad, RMSProp and the Adam family: eps outside the root. */
    public static final double EPSILON = 1e-8;
    public static final RmsPropScaling RMSPROP = new RmsPropScaling(0.9, EPSILON, false);
    public static final AdadeltaScaling ADADELTA = new AdadeltaScaling(0.95, 1e-6);
    public static final AdamScaling ADAM = new AdamScaling(0.9, 0.999, EPSILON, true);
    public static final AmsGradScaling AMSGRAD = new AmsGradScaling(0.9, 0.999, EPSILON, true);
    public static final AdamaxScaling ADAMAX = new AdamaxScaling(0.9, 0.999, EPSILON);
    public static final NadamScaling NADAM = new NadamScaling(0.9, 0.999, EPSILON);
    public static final RadamScaling RADAM = new RadamScaling(0.9, 0.999, EPSILON);
    /** AdamW's decoupled lambda. */
    public static final double ADAMW_DECAY = 0.01;
    /** LAMB (You et al. 2020): Adam's moments with eps 1e-6, the paper's. */
    public static final AdamScaling LAMB = new AdamScaling(0.9, 0.999, 1e-6, true);
    /** LAMB's decoupled lambda, the paper's. */
    public static final double LAMB_DECAY = 0.01;
    /** Lion (Chen et al. 2023): the paper's betas. */
    public static final LionDirection LION = new LionDirection(0.9, 0.99);
    /** LARS: beta1 0.9, trust-ratio eps 1e-8, phi the identity. */
    public static final double LARS_BETA = 0.9;
    public static final TrustRatio LARS_TRUST = new TrustRatio(EPSILON);
    /** LAMB's trust ratio: none of its own eps (the ratio is 1 where a norm is 0). */
    public static final TrustRatio LAMB_TRUST = new TrustRatio(0);
    /** Rprop: Delta0 0.01, x1.2 / x0.5, Delta in [1e-6, 50]. */
    public static final RpropStep RPROP = new RpropStep(0.01, 1.2, 0.5, 1e-6, 50);

    private Optimizers() {
    }

    /** {@code theta <- theta - lr_t g} (section 9.1). Default lr 0.01. */
    public static OptimizerChain sgd(double learningRate) {
        return new OptimizerChain(UpdateRule.of("SGD", "", new ScaleByLearningRate()), learningRate);
    }

    /** Classical momentum, velocity form (9.2), mu = 0.9. Default lr 0.01. */
    public static OptimizerChain momentum(double learningRate) {
        return momentum(learningRate, MOMENTUM);
    }

    public static OptimizerChain momentum(double learningRate, double mu) {
        Momentum momentum = new Momentum(mu);
        return new OptimizerChain(UpdateRule.of("Momentum", momentum.toString(), momentum), learningRate);
    }

    /** Nesterov momentum, Sutskever form (9.3), mu = 0.9. Default lr 0.01. */
    public static OptimizerChain nesterov(double learningRate) {
        return nesterov(learningRate, MOMENTUM);
    }

    public static OptimizerChain nesterov(double learningRate, double mu) {
        Nesterov nesterov = new Nesterov(mu);
        return new OptimizerChain(UpdateRule.of("Nesterov", nesterov.toString(), nesterov), learningRate);
    }

    /** AdaGrad (9.4), eps 1e-8. Default lr 0.01. */
    public static OptimizerChain adaGrad(double learningRate) {
        return adaGrad(learningRate, EPSILON);
    }

    public static OptimizerChain adaGrad(double learningRate, double epsilon) {
        return scaled("AdaGrad", new AdaGradScaling(epsilon), learningRate);
    }

    /** RMSProp (9.5), rho 0.9, eps 1e-8, not centered, no momentum. Default lr 1e-3. */
    public static OptimizerChain rmsProp(double learningRate) {
        return rmsProp(learningRate, RMSPROP);
    }

    public static OptimizerChain rmsProp(double learningRate, RmsPropScaling scaling) {
        return scaled("RMSProp", scaling, learningRate);
    }

    /**
     * RMSProp followed by momentum in velocity form: {@code v <- mu v - lr_t g / (sqrt(s) + eps)},
     * {@code theta <- theta + v}.
     */
    public static OptimizerChain rmsProp(double learningRate, RmsPropScaling scaling, double mu) {
        Momentum momentum = new Momentum(mu);
        return new OptimizerChain(UpdateRule.of("RMSProp", scaling + ", " + momentum, scaling, momentum), learningRate);
    }

    /** Adadelta (9.6), rho 0.95, eps 1e-6 inside the roots. Default lr 1. */
    public static OptimizerChain adadelta(double learningRate) {
        return adadelta(learningRate, ADADELTA);
    }

    public static OptimizerChain adadelta(double learningRate, AdadeltaScaling scaling) {
        return scaled("Adadelta", scaling, learningRate);
    }

    /** Adam (9.7), betas 0.9 / 0.999, eps 1e-8, bias correction on. Default lr 1e-3. */
    public static OptimizerChain adam(double learningRate) {
        return adam(learningRate, ADAM);
    }

    public static OptimizerChain adam(double learningRate, AdamScaling scaling) {
        return scaled("Adam", scaling, learningRate);
    }

    /** AdamW (9.8): Adam with decoupled decay lambda = 0.01, applied once. Default lr 1e-3. */
    public static OptimizerChain adamW(double learningRate) {
        return adamW(learningRate, ADAM);
    }

    public static OptimizerChain adamW(double learningRate, AdamScaling scaling) {
        return scaled("AdamW", scaling, learningRate).weightDecay(ADAMW_DECAY);
    }

    /** AMSGrad (9.9). Default lr 1e-3. */
    public static OptimizerChain amsGrad(double learningRate) {
        return amsGrad(learningRate, AMSGRAD);
    }

    public static OptimizerChain amsGrad(double learningRate, AmsGradScaling scaling) {
        return scaled("AMSGrad", scaling, learningRate);
    }

    /** Adamax (9.10), betas 0.9 / 0.999. Default lr 2e-3. */
    public static OptimizerChain adamax(double learningRate) {
        return adamax(learningRate, ADAMAX);
    }

    public static OptimizerChain adamax(double learningRate, AdamaxScaling scaling) {
        return scaled("Adamax", scaling, learningRate);
    }

    /** NAdam, constant-beta1 Dozat form (9.11). Default lr 1e-3. */
    public static OptimizerChain nadam(double learningRate) {
        return nadam(learningRate, NADAM);
    }

    public static OptimizerChain nadam(double learningRate, NadamScaling scaling) {
        return scaled("NAdam", scaling, learningRate);
    }

    /** RAdam (Liu et al. 2020). Default lr 1e-3. */
    public static OptimizerChain radam(double learningRate) {
        return radam(learningRate, RADAM);
    }

    public static OptimizerChain radam(double learningRate, RadamScaling scaling) {
        return scaled("RAdam", scaling, learningRate);
    }

    /** Lion (Chen et al. 2023), betas 0.9 / 0.99, no decay unless set. Default lr 1e-4. */
    public static OptimizerChain lion(double learningRate) {
        return lion(learningRate, LION);
    }

    public static OptimizerChain lion(double learningRate, LionDirection direction) {
        return scaled("Lion", direction, learningRate);
    }

    /**
     * LARS as the reference completes it (9.13): {@code m <- b1 m + (1-b1)(g + lambda theta)},
     * {@code theta <- theta - lr_t r m} with trust ratio {@code r = ||theta|| / (||m|| + eps)}. Its
     * lambda is the coupled one: set it with {@link OptimizerChain#l2}. No default lr.
     */
    public static OptimizerChain lars(double learningRate) {
        return lars(learningRate, LARS_BETA, LARS_TRUST);
    }

    public static OptimizerChain lars(double learningRate, double beta1, TrustRatio trust) {
        MovingAverage moment = new MovingAverage("lars", beta1);
        return new OptimizerChain(UpdateRule.of("LARS", moment + ", " + trust, moment, trust, new ScaleByLearningRate()),
                learningRate);
    }

    /**
     * LAMB (You et al. 2020): Adam's direction plus decoupled decay, {@code u = m^/(sqrt(v^)+eps) + lambda theta},
     * then {@code theta <- theta - lr_t (||theta|| / ||u||) u} per tensor, lambda 0.01. Default lr 1e-3.
     */
    public static OptimizerChain lamb(double learningRate) {
        return lamb(learningRate, LAMB, LAMB_TRUST);
    }

    public static OptimizerChain lamb(double learningRate, AdamScaling scaling, TrustRatio trust) {
        return new OptimizerChain(UpdateRule.of("LAMB", scaling + ", " + trust, scaling, trust, new ScaleByLearningRate()),
                learningRate).weightDecay(LAMB_DECAY);
    }

    /** iRprop- (9.12) with the reference's step sizes. Full batch only. */
    public static OptimizerChain rprop() {
        return rprop(RPROP);
    }

    /** iRprop- starting from step size {@code initialStep}, otherwise the reference's settings. */
    public static OptimizerChain rprop(double initialStep) {
        return rprop(new RpropStep(initialStep, RPROP.increase(), RPROP.decrease(), RPROP.minStep(), RPROP.maxStep()));
    }

    public static OptimizerChain rprop(RpropStep rule) {
        return new OptimizerChain(UpdateRule.of("Rprop", rule.toString(), rule), rule.initialStep());
    }

    private static OptimizerChain scaled(String name, GradientTransform direction, double learningRate) {
        return new OptimizerChain(UpdateRule.of(name, direction.toString(), direction, new ScaleByLearningRate()), learningRate);
    }
}
