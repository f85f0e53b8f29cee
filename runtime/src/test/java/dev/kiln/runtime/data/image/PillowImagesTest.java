package dev.kiln.runtime.data.image;

import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images written by Pillow in the modes photographs and data sets come in, decoded by Kiln and
 * compared with Pillow's own decoding ({@code convert("RGB")}, or the grey samples), scaled to [0, 1].
 */
class PillowImagesTest {
    @TempDir
    Path root;

    @Test
    void kilnDecodesWhatPillowWritesAsPillowDoes() throws IOException {
        Python.with("numpy", "PIL").run("""
                import os
                import numpy as np
                from PIL import Image
                rng = np.random.default_rng(3)
                rgb = rng.integers(0, 256, size=(9, 7, 3), dtype=np.uint8)
                alpha = rng.integers(0, 256, size=(9, 7, 1), dtype=np.uint8)
                grey = rng.integers(0, 256, size=(9, 7), dtype=np.uint8)
                images = {
                    'a_rgb.png': Image.fromarray(rgb, 'RGB'),
                    'b_rgba.png': Image.fromarray(np.concatenate([rgb, alpha], axis=2), 'RGBA'),
                    'c_palette.png': Image.fromarray(rgb, 'RGB').quantize(16),
                    'd_grey_alpha.png': Image.fromarray(np.stack([grey, alpha[..., 0]], axis=2), 'LA'),
                    'e_photo.jpg': Image.fromarray(rgb, 'RGB'),
                }
                os.makedirs('colour/x')
                expected = []
                for name in sorted(images):
                    path = os.path.join('colour/x', name)
                    images[name].save(path, quality=95) if name.endswith('.jpg') else images[name].save(path)
                    expected.append(np.asarray(Image.open(path).convert('RGB'), dtype=np.float32).transpose(2, 0, 1) / 255)
                np.save('colour.npy', np.stack(expected))
                os.makedirs('grey/x')
                Image.fromarray(grey, 'L').save('grey/x/a_l.png')
                Image.fromarray(grey.astype(np.uint16) * 257, 'I;16').save('grey/x/b_16bit.png')
                np.save('grey.npy', np.stack([grey / 255.0, grey / 255.0]).astype(np.float32)[:, None])
                """, root);
        ImageData colour = ImageFolder.of(root.resolve("colour")).rgb().load();
        assertEquals(List.of("a_rgb.png", "b_rgba.png", "c_palette.png", "d_grey_alpha.png", "e_photo.jpg"),
                colour.files().stream().map(p -> p.getFileName().toString()).toList());
        INDArray expected = Npy.read(root.resolve("colour.npy"));
        INDArray actual = colour.dataset().features();
        for (int i = 0; i < 4; i++) {
            assertEquals(expected.slice(i), actual.slice(i), colour.files().get(i) + " decodes exactly as Pillow's");
        }
        // JPEG decoders may differ by a rounding step or two (IDCT and upsampling implementations).
        double worst = Transforms.abs(expected.slice(4).sub(actual.slice(4))).maxNumber().doubleValue();
        assertTrue(worst <= 3 / 255.0, "JPEG pixels within 3/255 of Pillow's, worst " + worst * 255 + "/255");

        INDArray grey = ImageFolder.of(root.resolve("grey")).grayscale().load().dataset().features();
        assertEquals(Npy.read(root.resolve("grey.npy")), grey);
    }
}
