package dev.kiln.kotlin

import dev.kiln.runtime.KilnNet
import dev.kiln.runtime.WeightLayer
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.train.NonFiniteLossException
import dev.kiln.runtime.train.Trainer
import org.jspecify.annotations.NullMarked
import org.jspecify.annotations.Nullable
import org.junit.jupiter.api.Test
import org.nd4j.linalg.api.ndarray.INDArray
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The JSpecify annotations Kotlin reads on the runtime's API: marked packages (non-null unless said
 * otherwise) and the places that really take or return null. kotlinc compiling kiln-kotlin against
 * them is the other half: `Trainer.fit(train, validation)` with `validation: Dataset?` compiles only
 * because the parameter is @Nullable.
 */
class NullnessTest {
    @Test
    fun `the training and model packages are null-marked`() {
        for (type in listOf(KilnNet::class.java, Trainer::class.java)) {
            assertTrue(type.`package`.isAnnotationPresent(NullMarked::class.java), "${type.`package`.name} is not @NullMarked")
        }
    }

    @Test
    fun `exactly the places that hold null are nullable`() {
        val fit = Trainer::class.java.getMethod("fit", Dataset::class.java, Dataset::class.java)
        assertEquals(listOf(false, true), fit.annotatedParameterTypes.map { it.isAnnotationPresent(Nullable::class.java) })
        assertTrue(NonFiniteLossException::class.java.getMethod("layer").annotatedReturnType.isAnnotationPresent(Nullable::class.java))
        val accessors = listOf("name", "weight", "bias").associateWith {
            WeightLayer::class.java.getMethod(it).annotatedReturnType.isAnnotationPresent(Nullable::class.java)
        }
        assertEquals(mapOf("name" to false, "weight" to false, "bias" to true), accessors)
        val of = WeightLayer::class.java.getMethod("of", String::class.java, INDArray::class.java, INDArray::class.java)
        assertEquals(listOf(false, false, true), of.annotatedParameterTypes.map { it.isAnnotationPresent(Nullable::class.java) })
        // What Kotlin makes of them: a layer without bias is representable, and the compiler makes us check.
        val layer = WeightLayer.of("logits", org.nd4j.linalg.factory.Nd4j.zeros(2, 3), null)
        val bias2: INDArray? = layer.bias()
        assertEquals(null, bias2)
    }
}
