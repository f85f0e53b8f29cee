package dev.kiln.kotlin

import dev.kiln.runtime.InferenceModel
import org.nd4j.linalg.api.ndarray.INDArray
import org.nd4j.linalg.factory.Nd4j

/**
 * Plain Kotlin arrays in and out of a model. Inputs are laid out row-major in the model's input
 * shape (a 1x28x28 image is 784 floats) and converted to the model's data type; outputs are copies,
 * so unlike [InferenceModel.forward]'s buffer they stay valid after the next call.
 */

/** One example: `net(pixels)` gives the model's output for it (e.g. 10 logits). */
operator fun InferenceModel.invoke(example: FloatArray): FloatArray = this(arrayOf(example))[0]

/** A batch, one example per row: `net(batch)` gives one output row per example. */
operator fun InferenceModel.invoke(examples: Array<FloatArray>): Array<FloatArray> =
    forward(batchOf(examples)).toFloatRows()

/** The same in double precision. */
operator fun InferenceModel.invoke(example: DoubleArray): DoubleArray = this(arrayOf(example))[0]

operator fun InferenceModel.invoke(examples: Array<DoubleArray>): Array<DoubleArray> =
    forward(batchOf(examples.size, examples.map { it.size }) { i -> Nd4j.createFromArray(*examples[i]) })
        .toDoubleRows()

/** The model's output array for [features]: `net(x)` for `net.forward(x)`, a buffer the next call overwrites. */
operator fun InferenceModel.invoke(features: INDArray): INDArray = forward(features)

/** The index of the largest output of each example: the predicted class of a classifier. */
fun InferenceModel.predictClasses(examples: Array<FloatArray>): IntArray =
    this(examples).map { row -> row.indices.maxBy { row[it] } }.toIntArray()

/** Every row of this array (rows flattened), as floats. */
fun INDArray.toFloatRows(): Array<FloatArray> {
    val flat = reshape(size(0), length() / size(0)).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
    return Array(flat.rows()) { flat.getRow(it.toLong()).toFloatVector() }
}

fun INDArray.toDoubleRows(): Array<DoubleArray> {
    val flat = reshape(size(0), length() / size(0)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
    return Array(flat.rows()) { flat.getRow(it.toLong()).toDoubleVector() }
}

private fun InferenceModel.batchOf(examples: Array<FloatArray>): INDArray =
    batchOf(examples.size, examples.map { it.size }) { i -> Nd4j.createFromArray(*examples[i]) }

/** Checks every example's length against the input shape, then stacks them as [n, input shape...] in the model's type. */
private fun InferenceModel.batchOf(count: Int, lengths: List<Int>, row: (Int) -> INDArray): INDArray {
    val shape = graph().input().dims()
    val expected = graph().input().size()
    require(count > 0) { "${graph().name()}: no examples given" }
    lengths.forEachIndexed { i, length ->
        require(length.toLong() == expected) {
            "${graph().name()} takes inputs of shape ${shape.contentToString()} ($expected values per example);" +
                " example $i has $length values"
        }
    }
    val batch = Nd4j.create(dataType(), count.toLong(), expected)
    for (i in 0 until count) {
        batch.putRow(i.toLong(), row(i).castTo(dataType()))
    }
    return batch.reshape(*longArrayOf(count.toLong()) + shape.map { it.toLong() })
}
