package dev.kiln.samples.fashion;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.augment.Augment;
import dev.kiln.runtime.data.augment.Augmentation;
import dev.kiln.runtime.data.augment.AugmentationGrid;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Draws what augmentation does to Fashion-MNIST images as two PNG grids, one row per image (the
 * original first, then seven augmented draws): {@link FashionCnnMain#AUGMENTATION} (random crop with
 * 2 pixels of padding and flips) into {@code <dir>/fashion-augmentation.png}, and every step at once
 * (crop, flip, rotation by up to 15 degrees, translation by up to 10 %, random erasing, mixup) into
 * {@code <dir>/fashion-augmentation-all.png}. Argument: the directory ({@code docs/images} unless given).
 */
public final class AugmentationGridMain {
    static final Augmentation EVERY_STEP = Augment.randomCrop(2).then(Augment.flipHorizontal()).then(Augment.rotate(15))
            .then(Augment.translate(0.1)).then(Augment.randomErasing(0.5)).then(Augment.mixup(0.4)).imageShape(1, 28, 28);

    private AugmentationGridMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/images");
        Dataset images = FashionMnist.load().test().subset(0, 6);
        System.out.println(AugmentationGrid.write(dir.resolve("fashion-augmentation.png"), images,
                FashionCnnMain.AUGMENTATION, 7, 1, 3));
        System.out.println(AugmentationGrid.write(dir.resolve("fashion-augmentation-all.png"), images, EVERY_STEP, 7, 1, 3));
    }
}
