package dev.kiln.kotlin

import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import kotlin.io.path.writeText

/** One message of kotlinc about a snippet: its kind, the snippet's line and the text. */
data class Diagnostic(val severity: String, val line: Int, val message: String)

/** What kotlinc said about a snippet, and whether it compiled. */
class Compilation(val compiled: Boolean, val diagnostics: List<Diagnostic>, private val output: String) {
    fun errors(): List<Diagnostic> = diagnostics.filter { it.severity == "error" }

    override fun toString(): String = output
}

/**
 * Runs the Kotlin compiler on a snippet against the test classpath (the runtime and kiln-kotlin), as a
 * user's build would: the tests check what must not compile by message and line.
 */
object Kotlinc {
    private val LINE = Regex("""^Snippet\.kt:(\d+):\d+: (error|warning): (.*)$""")

    fun compile(source: String, warningsAsErrors: Boolean = false): Compilation {
        val dir = Files.createTempDirectory("kiln-kotlinc")
        val file = dir.resolve("Snippet.kt").also { it.writeText(source.trimIndent()) }
        // Surefire may hand the JVM a manifest-only jar; it keeps the real classpath here.
        val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val args = mutableListOf(file.toString(), "-d", dir.resolve("out").toString(), "-classpath", classpath,
            "-no-stdlib", "-no-reflect", "-jvm-target", "17")
        if (warningsAsErrors) {
            args += "-Werror"
        }
        val bytes = ByteArrayOutputStream()
        val exit = PrintStream(bytes, true, Charsets.UTF_8).use { K2JVMCompiler().exec(it, *args.toTypedArray()) }
        val output = bytes.toString(Charsets.UTF_8)
        val diagnostics = output.lines().mapNotNull { line ->
            LINE.find(line.substringAfterLast('/'))?.destructured?.let { (n, severity, message) ->
                Diagnostic(severity, n.toInt(), message)
            }
        }
        dir.toFile().deleteRecursively()
        return Compilation(exit == ExitCode.OK, diagnostics, output)
    }
}
