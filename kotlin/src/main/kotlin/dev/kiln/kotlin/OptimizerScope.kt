package dev.kiln.kotlin

import dev.kiln.runtime.Parameter
import dev.kiln.runtime.optim.OptimizerChain
import dev.kiln.runtime.optim.ParameterGroup
import dev.kiln.runtime.optim.ReduceOnPlateau
import dev.kiln.runtime.optim.Schedule
import dev.kiln.runtime.optim.Schedules

/**
 * The block of an optimizer factory (`adamW(lr = 1e-3) { ... }`): clipping, coupled L2, a
 * learning-rate schedule, reduce-on-plateau, parameter groups and averaging, applied to the
 * [OptimizerChain] in the chain's own order (docs/optimizers.md). Schedules whose shape needs a
 * horizon take it as a required parameter here; inside `fit { }` the block is a [FitOptimizerScope],
 * which also offers them over the length of the fit.
 */
@KilnDsl
open class OptimizerScope internal constructor(internal val chain: OptimizerChain) {

    /** The learning-rate schedule; constant (the base rate) unless set. */
    var schedule: Schedule? = null

    fun clipValue(limit: Double) {
        chain.clipValue(limit)
    }

    fun clipNorm(limit: Double) {
        chain.clipNorm(limit)
    }

    fun clipGlobalNorm(limit: Double) {
        chain.clipGlobalNorm(limit)
    }

    /** Coupled L2, `g <- g + lambda theta` (enters adaptive state; for decoupled decay use `weightDecay =`). */
    fun l2(lambda: Double) {
        chain.l2(lambda)
    }

    /** Multiplies the learning rate by [factor] when the monitored loss stops improving for [patience] epochs. */
    fun reduceOnPlateau(
        factor: Double = DEFAULT_PLATEAU.factor(),
        patience: Int = DEFAULT_PLATEAU.patience(),
        threshold: Double = DEFAULT_PLATEAU.threshold(),
        cooldown: Int = DEFAULT_PLATEAU.cooldown(),
        minLearningRate: Double = DEFAULT_PLATEAU.minLearningRate(),
        monitorTrainingLoss: Boolean = false,
    ) {
        val plateau = DEFAULT_PLATEAU.factor(factor).patience(patience).threshold(threshold).cooldown(cooldown)
            .minLearningRate(minLearningRate)
        chain.reduceOnPlateau(if (monitorTrainingLoss) plateau.monitorTrainingLoss() else plateau)
    }

    /** Keeps an exponential moving average of the parameters (`theta' <- decay theta' + (1 - decay) theta`). */
    fun averageParameters(decay: Double) {
        chain.averageParameters(decay)
    }

    /** Settings for the parameters of the named layers (the model's field names). */
    fun layers(vararg names: String, configure: GroupScope.() -> Unit) =
        group(ParameterGroup.layers(*names), configure)

    /** Settings for every parameter of the given kinds, e.g. `kinds(Parameter.Kind.NORM) { learningRateScale = 0.5 }`. */
    fun kinds(vararg kinds: Parameter.Kind, configure: GroupScope.() -> Unit) =
        group(ParameterGroup.kinds(*kinds), configure)

    /** Settings for the parameters named, e.g. `"fc1.W"`. */
    fun parameters(vararg names: String, configure: GroupScope.() -> Unit) =
        group(ParameterGroup.named(*names), configure)

    private fun group(selected: ParameterGroup, configure: GroupScope.() -> Unit) {
        chain.group(GroupScope(selected).apply(configure).build())
    }

    // Schedules (docs/schedules.md). Horizons count optimizer updates; epochs count completed epochs.

    fun constant(): Schedule = Schedules.constant()

    fun inverse(c: Double): Schedule = Schedules.inverse(c)

    fun step(everyEpochs: Int, gamma: Double): Schedule = Schedules.step(everyEpochs, gamma)

    fun multiStep(gamma: Double, vararg milestoneEpochs: Int): Schedule = Schedules.multiStep(gamma, *milestoneEpochs)

    fun exponential(gamma: Double): Schedule = Schedules.exponential(gamma)

    fun linear(horizon: Long, end: Double = 0.0): Schedule = Schedules.linear(horizon, end)

    fun polynomial(horizon: Long, end: Double = 0.0, power: Double = 1.0): Schedule =
        Schedules.polynomial(horizon, end, power)

    fun cosine(horizon: Long, min: Double = 0.0): Schedule = Schedules.cosine(horizon, min)

    fun cosineWarmRestarts(firstCycle: Long, growth: Int = 1, min: Double = 0.0): Schedule =
        Schedules.cosineWarmRestarts(firstCycle, growth, min)

    fun oneCycle(horizon: Long): Schedule = Schedules.oneCycle(horizon)

    /** Linear warm-up over [steps] updates into [then] (constant unless given). */
    fun warmup(steps: Long, then: Schedule = constant()): Schedule = Schedules.warmup(steps, then)

    /** Linear warm-up over [warmup] updates, then cosine decay to [min] times the base rate, ending at update [horizon]. */
    fun warmupCosine(warmup: Long, horizon: Long, min: Double = 0.0): Schedule {
        require(horizon > warmup) {
            "warmupCosine: the horizon ($horizon updates) must be longer than the warm-up ($warmup updates)"
        }
        return Schedules.warmup(warmup, Schedules.cosine(horizon - warmup, min))
    }

    /** Applies the block's schedule; called once, after the block ran. */
    internal fun finish(): OptimizerChain {
        schedule?.let { chain.schedule(it) }
        return chain
    }

    private companion object {
        val DEFAULT_PLATEAU: ReduceOnPlateau = ReduceOnPlateau.defaults()
    }
}

/**
 * The optimizer block inside `fit { }`: everything of [OptimizerScope], plus the schedules that
 * need a horizon offered over the whole fit ([totalUpdates] = epochs x batches per epoch), so
 * `warmupCosine(500)` decays to the end of the last epoch.
 */
class FitOptimizerScope internal constructor(chain: OptimizerChain, val totalUpdates: Long) : OptimizerScope(chain) {

    fun linear(end: Double = 0.0): Schedule = linear(totalUpdates, end)

    fun polynomial(end: Double = 0.0, power: Double = 1.0): Schedule = polynomial(totalUpdates, end, power)

    fun cosine(min: Double = 0.0): Schedule = cosine(totalUpdates, min)

    fun oneCycle(): Schedule = oneCycle(totalUpdates)

    fun warmupCosine(warmup: Long, min: Double = 0.0): Schedule = warmupCosine(warmup, totalUpdates, min)
}

/** Settings of one parameter group: a later group overrides an earlier one where both match. */
@KilnDsl
class GroupScope internal constructor(private val selected: ParameterGroup) {
    /** Multiplies the learning rate of the group's parameters; an earlier group's (or 1) unless set. */
    var learningRateScale: Double? = null

    /** The decoupled weight decay of the group's parameters (0 turns it off for them); the optimizer's unless set. */
    var weightDecay: Double? = null

    /** Whether a trust-ratio optimizer (LARS, LAMB) adapts the group's step per layer; the optimizer's unless set. */
    var layerAdaptation: Boolean? = null

    /** The group's parameters are not updated. */
    var frozen: Boolean = false

    internal fun build(): ParameterGroup {
        var group = selected
        learningRateScale?.let { group = group.learningRateScale(it) }
        weightDecay?.let { group = group.weightDecay(it) }
        layerAdaptation?.let { group = group.layerAdaptation(it) }
        return if (frozen) group.frozen() else group
    }
}
