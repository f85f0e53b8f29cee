package dev.kiln.samples.images;

import dev.kiln.runtime.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image-folder sample on a small folder it writes itself: 80 training and 20 test PNGs per class. */
class FashionFolderMainTest {
    @TempDir
    Path root;

    @Test
    void writesPngFoldersLoadsThemAndLearns() throws IOException {
        FashionFolderMain.Result result = FashionFolderMain.run(root, 80, 20, 3, 1, false);
        try (Stream<Path> files = Files.walk(root.resolve("train"))) {
            assertEquals(800, files.filter(p -> p.toString().endsWith(".png")).count());
        }
        assertEquals(List.of("0_t-shirt-top", "1_trouser", "2_pullover", "3_dress", "4_coat", "5_sandal", "6_shirt",
                "7_sneaker", "8_bag", "9_ankle-boot"), result.train().classNames());
        assertArrayEquals(new long[] {1, 28, 28}, result.train().dataset().exampleShape());
        // The PNG round trip is exact to the 8-bit grey level of each pixel.
        float[] first = result.train().dataset().features().slice(0).dup().reshape(784).toFloatVector();
        int row = Integer.parseInt(result.train().files().get(0).getFileName().toString().replace(".png", ""));
        float[] original = FashionMnist.load().train().features().getRow(row).toFloatVector();
        for (int i = 0; i < 784; i++) {
            assertEquals(Math.round(original[i] * 255) / 255f, first[i], 0f, "pixel " + i);
        }
        assertEquals(200, result.test().files().size());
        assertTrue(result.evaluation().accuracy() > 0.6, "test accuracy after 3 epochs on 800 images: "
                + result.evaluation().accuracy());
    }
}
