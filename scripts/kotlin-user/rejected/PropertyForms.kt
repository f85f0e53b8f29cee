package example

import dev.kiln.dsl.Dense
import dev.kiln.dsl.Layer
import dev.kiln.dsl.Loss
import dev.kiln.dsl.Model

// The property forms docs/kotlin.md says are rejected, one model each; scripts/kotlin-user-project.sh
// builds them in place of Main.kt and checks each diagnostic, at its line.

@Model(input = [2], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class WithGetter {
    @Dense(units = 3) val logits: Layer get() = throw IllegalStateException("no field")
}

@Model(input = [2], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class Delegated {
    @Dense(units = 3) val logits: Layer by lazy { throw IllegalStateException("no Layer") }
}

@Model(input = [2], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class WrongType {
    @Dense(units = 3) lateinit var logits: String
}

@Model(input = [2], loss = Loss.SOFTMAX_CROSS_ENTROPY)
class InCompanion {
    companion object {
        @Dense(units = 3) lateinit var logits: Layer
    }
}
