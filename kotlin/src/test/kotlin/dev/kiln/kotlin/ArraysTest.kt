package dev.kiln.kotlin

import dev.kiln.runtime.train.TestNets
import org.junit.jupiter.api.Test
import org.nd4j.linalg.factory.Nd4j
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

class ArraysTest {
    private val net = TestNets.softmaxRegression(4, 3).also {
        it.fit(TestNets.blobs(60, 1)) { progress = false; optimizer = sgd(lr = 0.5); epochs = 2 }
    }

    @Test
    fun `arrays in and out give the outputs of forward, as copies`() {
        val rows = arrayOf(doubleArrayOf(2.0, 0.0, 0.0, 0.25), doubleArrayOf(0.0, 0.0, 2.0, -0.5))
        val expected = net.forward(Nd4j.create(rows)).dup()
        val out = net(rows)
        net(doubleArrayOf(9.0, 9.0, 9.0, 9.0)) // overwrites forward's buffer, not the copies
        assertEquals(2, out.size)
        for (i in rows.indices) {
            assertContentEquals(expected.getRow(i.toLong()).toDoubleVector(), out[i])
        }
        val single = net(floatArrayOf(2f, 0f, 0f, 0.25f))
        assertContentEquals(expected.getRow(0).toDoubleVector().map { it.toFloat() }.toFloatArray(), single)
        assertContentEquals(intArrayOf(0, 2), net.predictClasses(arrayOf(floatArrayOf(2f, 0f, 0f, 0.25f), floatArrayOf(0f, 0f, 2f, -0.5f))))
    }

    @Test
    fun `an example of the wrong length is refused naming the model and the shape`() {
        val e = assertFailsWith<IllegalArgumentException> { net(arrayOf(floatArrayOf(1f, 2f, 3f, 4f), floatArrayOf(1f, 2f))) }
        assertEquals("SoftmaxRegression takes inputs of shape [4] (4 values per example); example 1 has 2 values", e.message)
    }
}
