package dev.kiln.kotlin

import dev.kiln.dsl.OptimizerType
import dev.kiln.runtime.optim.OptimizerChain
import dev.kiln.runtime.optim.Optimizers
import dev.kiln.runtime.optim.transform.AdamScaling
import dev.kiln.runtime.optim.transform.AdamaxScaling
import dev.kiln.runtime.optim.transform.AmsGradScaling
import dev.kiln.runtime.optim.transform.LionDirection
import dev.kiln.runtime.optim.transform.NadamScaling
import dev.kiln.runtime.optim.transform.RadamScaling
import dev.kiln.runtime.optim.transform.RmsPropScaling
import dev.kiln.runtime.optim.transform.RpropStep
import dev.kiln.runtime.optim.transform.TrustRatio

/**
 * Kiln's optimizers with named, defaulted hyper-parameters (the learning rates of [OptimizerType],
 * the other defaults of [Optimizers]: the reference's, stated there once) and a configuration block. Each optimizer offers only the options its rule has:
 * `adam(beta1 = ...)` compiles, `sgd(beta1 = ...)` does not; decoupled `weightDecay` is a parameter
 * of the rules meant for it (SGD and momentum, AdamW, Lion, LAMB), coupled L2 is `l2(...)` in the block.
 *
 * Written once for both places an optimizer is made: [KilnOptimizers] builds it at once, with an
 * [OptimizerScope] block; `fit { }` ([FitScope]) builds it when the fit starts, with a
 * [FitOptimizerScope] block that knows the fit's length.
 */
interface OptimizerFactories<S : OptimizerScope, R> {

    /** Makes the result from a fresh chain and the block that configures it. */
    fun optimizer(create: () -> OptimizerChain, configure: S.() -> Unit): R

    /** The same for a rule without a learning rate (Rprop): its block has no schedule to set. */
    fun withoutLearningRate(create: () -> OptimizerChain, configure: UpdateScope.() -> Unit): R

    fun sgd(lr: Double = defaultRate(OptimizerType.SGD), weightDecay: Double = 0.0, configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.sgd(lr).decoupled(weightDecay) }, configure)

    fun momentum(lr: Double = defaultRate(OptimizerType.MOMENTUM), mu: Double = Optimizers.MOMENTUM, nesterov: Boolean = false,
                 weightDecay: Double = 0.0, configure: S.() -> Unit = {}): R =
        optimizer({
            (if (nesterov) Optimizers.nesterov(lr, mu) else Optimizers.momentum(lr, mu)).decoupled(weightDecay)
        }, configure)

    fun adaGrad(lr: Double = defaultRate(OptimizerType.ADAGRAD), epsilon: Double = Optimizers.EPSILON, configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.adaGrad(lr, epsilon) }, configure)

    fun rmsProp(lr: Double = defaultRate(OptimizerType.RMSPROP), rho: Double = Optimizers.RMSPROP.rho(), epsilon: Double = Optimizers.EPSILON,
                centered: Boolean = false, mu: Double = 0.0, configure: S.() -> Unit = {}): R =
        optimizer({
            val scaling = RmsPropScaling(rho, epsilon, centered)
            if (mu == 0.0) Optimizers.rmsProp(lr, scaling) else Optimizers.rmsProp(lr, scaling, mu)
        }, configure)

    fun adam(lr: Double = defaultRate(OptimizerType.ADAM), beta1: Double = Optimizers.ADAM.beta1(),
             beta2: Double = Optimizers.ADAM.beta2(), epsilon: Double = Optimizers.EPSILON,
             biasCorrection: Boolean = true, configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.adam(lr, AdamScaling(beta1, beta2, epsilon, biasCorrection)) }, configure)

    fun adamW(lr: Double = defaultRate(OptimizerType.ADAMW), weightDecay: Double = Optimizers.ADAMW_DECAY,
              beta1: Double = Optimizers.ADAM.beta1(), beta2: Double = Optimizers.ADAM.beta2(), epsilon: Double = Optimizers.EPSILON, configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.adamW(lr, AdamScaling(beta1, beta2, epsilon, true)).weightDecay(weightDecay) }, configure)

    fun amsGrad(lr: Double = defaultRate(OptimizerType.AMSGRAD), beta1: Double = Optimizers.AMSGRAD.beta1(),
                beta2: Double = Optimizers.AMSGRAD.beta2(), epsilon: Double = Optimizers.EPSILON,
                configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.amsGrad(lr, AmsGradScaling(beta1, beta2, epsilon, true)) }, configure)

    fun adamax(lr: Double = defaultRate(OptimizerType.ADAMAX), beta1: Double = Optimizers.ADAMAX.beta1(),
               beta2: Double = Optimizers.ADAMAX.beta2(), epsilon: Double = Optimizers.EPSILON,
               configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.adamax(lr, AdamaxScaling(beta1, beta2, epsilon)) }, configure)

    fun nadam(lr: Double = defaultRate(OptimizerType.NADAM), beta1: Double = Optimizers.NADAM.beta1(),
              beta2: Double = Optimizers.NADAM.beta2(), epsilon: Double = Optimizers.EPSILON,
              configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.nadam(lr, NadamScaling(beta1, beta2, epsilon)) }, configure)

    fun radam(lr: Double = defaultRate(OptimizerType.RADAM), beta1: Double = Optimizers.RADAM.beta1(),
              beta2: Double = Optimizers.RADAM.beta2(), epsilon: Double = Optimizers.EPSILON,
              configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.radam(lr, RadamScaling(beta1, beta2, epsilon)) }, configure)

    fun lion(lr: Double = defaultRate(OptimizerType.LION), beta1: Double = Optimizers.LION.beta1(),
             beta2: Double = Optimizers.LION.beta2(), weightDecay: Double = 0.0,
             configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.lion(lr, LionDirection(beta1, beta2)).decoupled(weightDecay) }, configure)

    /** LARS has no default learning rate; its lambda is coupled: `l2(...)` in the block. */
    fun lars(lr: Double, beta1: Double = Optimizers.LARS_BETA, epsilon: Double = Optimizers.EPSILON,
             configure: S.() -> Unit = {}): R =
        optimizer({ Optimizers.lars(lr, beta1, TrustRatio(epsilon)) }, configure)

    fun lamb(lr: Double = defaultRate(OptimizerType.LAMB), weightDecay: Double = Optimizers.LAMB_DECAY,
             beta1: Double = Optimizers.LAMB.beta1(), beta2: Double = Optimizers.LAMB.beta2(),
             epsilon: Double = Optimizers.LAMB.epsilon(), configure: S.() -> Unit = {}): R =
        optimizer({
            Optimizers.lamb(lr, AdamScaling(beta1, beta2, epsilon, true), Optimizers.LAMB_TRUST).weightDecay(weightDecay)
        }, configure)

    /**
     * iRprop-: full batch only, and no learning rate, so its block is an [UpdateScope]: `schedule =`
     * and `reduceOnPlateau(...)` do not compile there.
     */
    fun rprop(initialStep: Double = Optimizers.RPROP.initialStep(), increase: Double = Optimizers.RPROP.increase(),
              decrease: Double = Optimizers.RPROP.decrease(), minStep: Double = Optimizers.RPROP.minStep(),
              maxStep: Double = Optimizers.RPROP.maxStep(), configure: UpdateScope.() -> Unit = {}): R =
        withoutLearningRate({ Optimizers.rprop(RpropStep(initialStep, increase, decrease, minStep, maxStep)) }, configure)
}

/** Decoupled decay only where asked for: a zero leaves the chain without the link. */
private fun OptimizerChain.decoupled(lambda: Double): OptimizerChain = if (lambda == 0.0) this else weightDecay(lambda)

/**
 * Builds optimizers at once, outside a fit: `KilnOptimizers.adamW(lr = 1e-3) { clipGlobalNorm(1.0) }`.
 * Schedules that need a horizon take it here (`warmupCosine(500, horizon = 10_000)`).
 */
object KilnOptimizers : OptimizerFactories<OptimizerScope, OptimizerChain> {
    override fun optimizer(create: () -> OptimizerChain, configure: OptimizerScope.() -> Unit): OptimizerChain =
        OptimizerScope(create()).apply(configure).finish()

    override fun withoutLearningRate(create: () -> OptimizerChain, configure: UpdateScope.() -> Unit): OptimizerChain =
        UpdateScope(create()).apply(configure).finish()
}

/** The reference's default learning rate of [type], which [OptimizerType] states for every module. */
internal fun defaultRate(type: OptimizerType): Double = type.defaultLearningRate().asDouble
