package dev.kiln.samples.kotlin

import dev.kiln.runtime.checkpoint.Checkpoint
import dev.kiln.runtime.optim.Optimizer
import java.nio.file.Path

/**
 * The checkpoint API of docs/checkpoints.md, from Kotlin: save a model with its optimizer, then read
 * the file back into a new model and a new optimizer configured the same way. Compiled with the
 * samples, so the documentation's Kotlin example stays true.
 */
fun saveAndResume(net: FashionMlpKtNet, optimizer: Optimizer, path: Path, fresh: () -> Optimizer): Pair<FashionMlpKtNet, Optimizer> {
    Checkpoint.of(net).optimizer(optimizer).save(path)
    val restored = FashionMlpKtNet.load(path)
    val restoredOptimizer = fresh()
    Checkpoint.read(path).restore(restored, restoredOptimizer)
    return restored to restoredOptimizer
}
