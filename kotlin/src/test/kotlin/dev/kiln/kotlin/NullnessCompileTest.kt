package dev.kiln.kotlin

import org.junit.jupiter.api.Test
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.name
import kotlin.io.path.relativeTo
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * What Kotlin makes of the runtime's JSpecify annotations, checked by kotlinc with warnings as
 * errors: a return the runtime declares non-null is assigned to a non-null type without `!!` (a
 * platform type would do too, so each is also asked with `?.`, which on a non-null type is a
 * warning, here an error); a nullable one needs `?.` and cannot go into a non-null type.
 */
class NullnessCompileTest {
    private val imports = """
        import dev.kiln.runtime.checkpoint.Checkpoint
        import dev.kiln.runtime.data.Batches
        import dev.kiln.runtime.data.Dataset
        import dev.kiln.runtime.data.csv.CsvLoader
        import dev.kiln.runtime.data.csv.TableData
        import dev.kiln.runtime.kernels.DenseKernel
        import dev.kiln.runtime.metrics.ClassificationReport
        import dev.kiln.runtime.optim.Optimizers
        import dev.kiln.runtime.preprocess.InputPipeline
        import dev.kiln.runtime.train.Evaluation
        import org.nd4j.linalg.api.ndarray.INDArray
        import java.nio.file.Path
    """.trimIndent()

    @Test
    fun `non-null and nullable types across the runtime's packages, as declared`() {
        val compilation = Kotlinc.compile("""
            $imports
            fun use(file: Path, data: Dataset, checkpoint: Checkpoint, table: TableData, evaluation: Evaluation,
                    report: ClassificationReport, pipeline: InputPipeline, x: INDArray, w: INDArray, z: INDArray) {
                val model: String = checkpoint.modelClass()
                val version: Int? = checkpoint.kilnVersion()?.length
                val batches: Batches = Batches.over(data).batchSize(16)
                val loader: CsvLoader = CsvLoader.of(file)
                val rows: Long? = table.targets()?.rows()?.toLong()
                val perClass: String? = evaluation.report()?.classNames()?.first()
                val names: List<String> = report.classNames()
                val encoding: String? = pipeline.encoding()?.toString()
                val chain: String = Optimizers.sgd(0.1).toString()
                DenseKernel.forward(x, w, null, z)
                println(listOf(model, version, batches, loader, rows, perClass, names, encoding, chain))
            }
        """, warningsAsErrors = true)
        assertTrue(compilation.compiled, "does not compile:\n$compilation")
    }

    @Test
    fun `a safe call on a declared non-null return is flagged, so the type is not a platform type`() {
        val calls = listOf("checkpoint.modelClass()", "Batches.over(data)", "CsvLoader.of(file)", "report.classNames()",
            "Optimizers.sgd(0.1)")
        val body = calls.joinToString("\n") { "    println($it?.toString())" }
        val compilation = Kotlinc.compile("$imports\nfun use(file: Path, data: Dataset, checkpoint: Checkpoint, report: ClassificationReport) {\n$body\n}",
            warningsAsErrors = true)
        val firstLine = imports.lines().size + 2
        assertEquals(calls.indices.map { firstLine + it }, compilation.diagnostics.filter { "safe call" in it.message }.map { it.line },
            "kotlinc said:\n$compilation")
    }

    @Test
    fun `a nullable return does not go into a non-null type`() {
        val compilation = Kotlinc.compile("""
            $imports
            fun use(checkpoint: Checkpoint, table: TableData, pipeline: InputPipeline) {
                val version: String = checkpoint.kilnVersion()
                val targets: INDArray = table.targets()
                val ok: String = checkpoint.modelClass()
            }
        """)
        val first = imports.lines().size + 2
        assertEquals(listOf(first, first + 1), compilation.errors().map { it.line }, "kotlinc said:\n$compilation")
    }

    @Test
    fun `every runtime package is null-marked`() {
        val root = Path.of("../runtime/src/main/java")
        val packages = Files.walk(root).use { paths ->
            paths.filter { it.name.endsWith(".java") && it.name != "package-info.java" }.map { it.parent }.distinct().toList()
        }
        val unmarked = packages.filter { dir ->
            val info = dir.resolve("package-info.java")
            !Files.exists(info) || "@NullMarked" !in Files.readString(info)
        }.map { it.relativeTo(root).toString() }
        assertTrue(packages.size > 10, "found only $packages")
        assertEquals(emptyList(), unmarked)
    }
}
