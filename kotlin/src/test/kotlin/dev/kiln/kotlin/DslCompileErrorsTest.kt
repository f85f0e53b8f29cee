package dev.kiln.kotlin

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The misuse of the DSL that the types rule out: each snippet is compiled by kotlinc and must fail
 * with the compiler's message at the misused line, while the same snippet used rightly compiles.
 */
class DslCompileErrorsTest {

    private fun assertRejected(source: String, line: Int, message: String) {
        val compilation = Kotlinc.compile(source)
        assertTrue(!compilation.compiled, "compiled, but should not have:\n$source")
        val errors = compilation.errors()
        assertTrue(errors.any { it.line == line && message in it.message },
            "expected an error at line $line containing \"$message\"; kotlinc said:\n$compilation")
    }

    private fun assertCompiles(source: String) {
        val compilation = Kotlinc.compile(source, warningsAsErrors = true)
        assertTrue(compilation.compiled, "does not compile:\n$compilation")
    }

    @Test
    fun `an option the optimizer does not have is a compile error`() {
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val ok = KilnOptimizers.adam(beta1 = 0.8)
            val wrong = KilnOptimizers.sgd(beta1 = 0.8)
        """, 3, "beta1")
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val decay = KilnOptimizers.adam(weightDecay = 0.01)
        """, 2, "weightDecay")
    }

    @Test
    fun `a schedule that needs a horizon does not compile without one outside a fit`() {
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.sgd(lr = 0.1) {
                schedule = warmupCosine(500)
            }
        """, 3, "horizon")
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.sgd(lr = 0.1) { schedule = cosine() }
        """, 2, "horizon")
        assertCompiles("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.sgd(lr = 0.1) { schedule = warmupCosine(500, horizon = 10_000) }
        """)
    }

    @Test
    fun `inside a fit the horizon is the fit's`() {
        assertCompiles("""
            import dev.kiln.kotlin.fit
            import dev.kiln.runtime.KilnNet
            import dev.kiln.runtime.data.Dataset
            fun train(net: KilnNet, data: Dataset) = net.fit(data) {
                optimizer = sgd(lr = 0.1) { schedule = warmupCosine(500) }
            }
        """)
    }

    @Test
    fun `Rprop has no learning rate, so its block has no schedule`() {
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.rprop {
                clipGlobalNorm(1.0)
                schedule = constant()
            }
        """, 4, "schedule")
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.rprop { reduceOnPlateau(factor = 0.5) }
        """, 2, "reduceOnPlateau")
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.rprop(weightDecay = 0.01)
        """, 2, "weightDecay")
    }

    @Test
    fun `the fit's settings cannot be reached from inside the optimizer block`() {
        assertRejected("""
            import dev.kiln.kotlin.fit
            import dev.kiln.runtime.KilnNet
            import dev.kiln.runtime.data.Dataset
            fun train(net: KilnNet, data: Dataset) = net.fit(data) {
                optimizer = adamW(lr = 1e-3) {
                    epochs = 3
                }
            }
        """, 6, "implicit receiver")
    }

    @Test
    fun `LARS has no default learning rate`() {
        assertRejected("""
            import dev.kiln.kotlin.KilnOptimizers
            val chain = KilnOptimizers.lars()
        """, 2, "lr")
    }

    @Test
    fun `the harness sees a plain type error at its line`() {
        val compilation = Kotlinc.compile("""
            val fine = 1
            val broken: String = 2
        """)
        assertEquals(listOf(2), compilation.errors().map { it.line })
    }
}
