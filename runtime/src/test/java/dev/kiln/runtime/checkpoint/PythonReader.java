package dev.kiln.runtime.checkpoint;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs read_safetensors.py, a reader of the format written with numpy alone. Where python3 with
 * numpy is not installed (scripts/ensure-data.sh installs Debian's python3-numpy as root) the
 * calling test is skipped with that reason printed.
 */
public final class PythonReader {
    /** Debian's interpreter, where apt-get installs python3-numpy, ahead of any other python3 on the PATH. */
    private static final String PYTHON = java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
            : "python3";

    private PythonReader() {
    }

    public static String run(Path file) throws IOException, InterruptedException, URISyntaxException {
        String reason = numpyMissing();
        if (reason != null) {
            System.out.println("skipped: " + reason);
            Assumptions.abort(reason);
        }
        Path script = Path.of(PythonReader.class.getResource("read_safetensors.py").toURI());
        Process process = new ProcessBuilder(PYTHON, script.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("read_safetensors.py failed on " + file + ":\n" + output);
        }
        return output;
    }

    /** Why numpy cannot be used, or null when it can. */
    private static String numpyMissing() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0 ? null
                    : PYTHON + " has no numpy (install Debian's python3-numpy, as scripts/ensure-data.sh does as root)";
        } catch (IOException e) {
            return "python3 is not installed (" + e.getMessage() + ")";
        }
    }
}
