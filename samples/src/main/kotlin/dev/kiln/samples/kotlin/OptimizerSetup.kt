package dev.kiln.samples.kotlin

import dev.kiln.runtime.Parameter
import dev.kiln.runtime.optim.OptimizerChain
import dev.kiln.runtime.optim.Optimizers
import dev.kiln.runtime.optim.ParameterGroup
import dev.kiln.runtime.optim.Schedules

/**
 * The optimizer chain of docs/optimizers.md, from Kotlin: global-norm clipping, AdamW, warmup into
 * cosine decay, and half the learning rate for normalization parameters. Compiled with the samples,
 * so the documentation's Kotlin example stays true.
 */
fun adamWWithWarmupCosine(): OptimizerChain {
    val optimizer = Optimizers.adamW(1e-3)
        .clipGlobalNorm(1.0)
        .schedule(Schedules.warmup(500, Schedules.cosine(10_000, 0.0)))
        .group(ParameterGroup.kinds(Parameter.Kind.NORM).learningRateScale(0.5))
    return optimizer
}
