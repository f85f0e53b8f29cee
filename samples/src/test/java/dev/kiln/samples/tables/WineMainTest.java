package dev.kiln.samples.tables;

import dev.kiln.runtime.data.csv.CsvLoader;
import dev.kiln.runtime.data.csv.TableData;
import dev.kiln.runtime.preprocess.InputPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV sample on Debian's copy of the wine table (python3-sklearn, installed by scripts/ensure-data.sh). */
class WineMainTest {
    @TempDir
    Path dir;

    @Test
    void learnsTheWineTableAndSavesItsInputPipeline() throws IOException {
        assertTrue(Files.exists(WineMain.DEFAULT_FILE), WineMain.DEFAULT_FILE + " is missing: run scripts/ensure-data.sh"
                + " as root, which installs python3-sklearn");
        Path pipelineFile = dir.resolve("pipeline.bin");
        WineMain.Result result = WineMain.run(WineMain.DEFAULT_FILE, WineMain.EPOCHS, WineMain.SEED, pipelineFile, false);
        // The three cultivars are nearly separable: a linear model reaches about 0.97 on held-out rows.
        assertTrue(result.test().accuracy() >= 0.93, "test accuracy " + result.test().accuracy());
        assertEquals(45, result.test().examples(), "a quarter of 178 rows");
        assertTrue(result.history().last().trainLoss() < result.history().epochs().get(0).trainLoss());

        InputPipeline pipeline;
        try (InputStream in = Files.newInputStream(pipelineFile)) {
            pipeline = InputPipeline.read(in);
        }
        TableData again = CsvLoader.of(WineMain.DEFAULT_FILE).skipLines(1).noHeader().using(pipeline.encoding()).load();
        assertEquals(178, again.rows());
        assertEquals(13, pipeline.transform(again.features()).size(1));
    }
}
