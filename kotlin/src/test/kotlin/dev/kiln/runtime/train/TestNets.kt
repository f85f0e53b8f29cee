package dev.kiln.runtime.train

import dev.kiln.runtime.KilnNet
import dev.kiln.runtime.data.Dataset
import dev.kiln.runtime.data.OneHot
import org.nd4j.linalg.api.buffer.DataType
import org.nd4j.linalg.factory.Nd4j
import java.util.Random

/** The runtime's test models and data, reachable from Kotlin (the constructor is package-private in Java). */
object TestNets {
    fun softmaxRegression(inputs: Int, classes: Int): KilnNet = SoftmaxRegressionNet(inputs, classes)

    /** Three Gaussian blobs around well-separated centres in 4 dimensions, labels cycling 0, 1, 2. */
    fun blobs(n: Int, seed: Long): Dataset {
        val random = Random(seed)
        val labels = IntArray(n) { it % 3 }
        val x = Array(n) { i -> DoubleArray(4) { d -> (if (d == labels[i]) 2.0 else 0.0) + 0.4 * random.nextGaussian() } }
        return Dataset(Nd4j.create(x), OneHot.encode(labels, 3, DataType.DOUBLE))
    }
}
