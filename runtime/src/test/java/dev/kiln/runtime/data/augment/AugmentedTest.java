package dev.kiln.runtime.data.augment;

import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchStream;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.OneHot;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Augmented} over a real source: shapes, NCHW and flat rows, reproducibility, buffers, errors. */
class AugmentedTest {
    private static final int N = 10;

    /** N images [N, 2, 3, 4] with distinct values, one-hot targets over N classes (example i is class i). */
    private static Dataset images(DataType type) {
        INDArray features = Nd4j.arange(N * 24).castTo(type).reshape(N, 2, 3, 4).addi(1);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i;
        }
        return new Dataset(features, OneHot.encode(labels, N, type));
    }

    private static List<Batch> epoch(Augmented source, int epoch) {
        List<Batch> batches = new ArrayList<>();
        try (BatchStream stream = source.epoch(epoch)) {
            stream.forEachRemaining(b -> batches.add(b.copy()));
        }
        return batches;
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aFlipOfNchwImagesMirrorsTheImagesItDrewAndKeepsShapesAndTargets(DataType type) {
        Dataset data = images(type);
        Batches batches = Batches.over(data).batchSize(4).shuffle(false);
        Augmented flipped = Augmented.of(batches, Augment.flipHorizontal(), 5);
        List<Batch> epoch = epoch(flipped, 1);
        assertEquals(3, epoch.size());
        int mirrored = 0;
        for (Batch batch : epoch) {
            assertArrayEquals(new long[] {batch.size(), 2, 3, 4}, batch.features().shape());
            assertEquals(type, batch.features().dataType());
            for (int row = 0; row < batch.size(); row++) {
                INDArray original = data.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(batch.indices()[row]));
                INDArray seen = batch.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(row));
                boolean same = seen.equals(original);
                boolean flippedOne = seen.reshape(6, 4).equals(mirrorRows(original));
                assertTrue(same ^ flippedOne, "example " + batch.indices()[row] + " is itself or its mirror image: " + seen);
                mirrored += flippedOne ? 1 : 0;
            }
            assertEquals(data.targets().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(batch.index() * 4,
                    batch.index() * 4 + batch.size())), batch.targets(), "targets as they were");
        }
        assertTrue(mirrored > 0 && mirrored < N, "some of the ten images mirrored, some not: " + mirrored);
    }

    private static INDArray mirrorRows(INDArray image) {
        double[][] rows = image.dup().reshape(6, 4).castTo(DataType.DOUBLE).toDoubleMatrix();
        for (double[] row : rows) {
            for (int x = 0; x < 2; x++) {
                double swap = row[x];
                row[x] = row[3 - x];
                row[3 - x] = swap;
            }
        }
        return Nd4j.createFromArray(rows).castTo(image.dataType());
    }

    @Test
    void generatorsSeededPerBatchDrawWithoutBias() {
        // 4000 batches of one image (1, 0): the share of flipped ones over batches, epochs and seeds is 1/2 within 5 sd.
        int n = 4000;
        INDArray features = Nd4j.zeros(DataType.DOUBLE, n, 1, 1, 2);
        for (int i = 0; i < n; i++) {
            features.putScalar(new long[] {i, 0, 0, 0}, 1);
        }
        Dataset pairs = new Dataset(features, Nd4j.ones(DataType.DOUBLE, n, 1));
        for (long seed : new long[] {3, 5}) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                int flipped = 0;
                try (BatchStream stream = Augmented.of(Batches.over(pairs).batchSize(1).shuffle(false), Augment.flipHorizontal(),
                        seed).epoch(epoch)) {
                    while (stream.hasNext()) {
                        flipped += stream.next().features().getDouble(0, 0, 0, 0) == 0 ? 1 : 0;
                    }
                }
                assertEquals(n / 2.0, flipped, 5 * Math.sqrt(n / 4.0), "seed " + seed + ", epoch " + epoch);
            }
        }
    }

    @Test
    void flatRowsAreAugmentedAsTheDeclaredImagesAndComeBackFlat() {
        Dataset data = images(DataType.DOUBLE);
        Dataset flat = new Dataset(data.features().reshape(N, 24), data.targets());
        Batches nchw = Batches.over(data).batchSize(5).seed(4);
        Batches rows = Batches.over(flat).batchSize(5).seed(4);
        Augmentation crop = Augment.randomCrop(1).then(Augment.rotate(30));
        List<Batch> a = epoch(Augmented.of(nchw, crop, 9), 2);
        List<Batch> b = epoch(Augmented.of(rows, crop.imageShape(2, 3, 4), 9), 2);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(new long[] {5, 24}, b.get(i).features().shape());
            assertEquals(a.get(i).features().reshape(5, 24), b.get(i).features(), "batch " + i + ": the same pixels moved");
        }
    }

    @Test
    void theSameSeedEpochAndBatchGiveTheSameAugmentationInAnyOrderOfVisits() {
        Dataset data = images(DataType.FLOAT);
        Supplier<Augmented> source = () -> Augmented.of(Batches.over(data).batchSize(4).seed(2),
                Augment.randomCrop(1).then(Augment.flipHorizontal()).then(Augment.cutout(2)).then(Augment.mixup(0.5)), 5);
        Augmented first = source.get();
        List<Batch> one = epoch(first, 1);
        List<Batch> two = epoch(first, 2);
        Augmented second = source.get();
        List<Batch> twoAgain = epoch(second, 2);
        List<Batch> oneAgain = epoch(second, 1);
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).features(), oneAgain.get(i).features(), "epoch 1 batch " + i);
            assertEquals(one.get(i).targets(), oneAgain.get(i).targets(), "epoch 1 batch " + i);
            assertEquals(two.get(i).features(), twoAgain.get(i).features(), "epoch 2 batch " + i);
        }
        assertNotEquals(one.get(0).features(), two.get(0).features(), "another epoch draws anew");
        List<Batch> otherSeed = epoch(Augmented.of(Batches.over(data).batchSize(4).seed(2), Augment.randomCrop(1)
                .then(Augment.flipHorizontal()).then(Augment.cutout(2)).then(Augment.mixup(0.5)), 6), 1);
        assertEquals(one.get(0).indices()[0], otherSeed.get(0).indices()[0], "the order is the source's");
        assertNotEquals(one.get(0).features(), otherSeed.get(0).features(), "another seed draws anew");
    }

    @Test
    void mixupsTargetsAndFeaturesAreOneConvexCombinationPerExample() {
        Dataset data = images(DataType.DOUBLE);
        Augmented mixed = Augmented.of(Batches.over(data).batchSize(N).seed(1), Augment.mixup(1), 8);
        Batch batch = epoch(mixed, 1).get(0);
        double lambda = Double.NaN;
        for (int row = 0; row < N; row++) {
            int own = batch.indices()[row];
            double[] target = batch.targets().getRow(row).toDoubleVector();
            int partner = -1;
            for (int k = 0; k < N; k++) {
                if (k != own && target[k] != 0) {
                    partner = k;
                }
            }
            if (partner < 0) {
                assertEquals(1, target[own], 1e-12, "an example that drew itself keeps its target");
                continue;
            }
            double weight = target[own];
            if (Double.isNaN(lambda)) {
                lambda = weight;
            }
            assertEquals(lambda, weight, 1e-12, "one lambda for the whole batch");
            assertEquals(1 - lambda, target[partner], 1e-12);
            INDArray expected = data.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(own)).mul(lambda)
                    .add(data.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(partner)).mul(1 - lambda));
            assertTrue(expected.equalsWithEps(batch.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(row)), 1e-9),
                    "features of example " + own + " mixed with " + partner + " by " + lambda);
        }
        assertFalse(Double.isNaN(lambda), "some example was mixed with another");
    }

    @Test
    void theSourceIsLeftAsItIsAndTargetsPassThroughUnlessAStepChangesThem() {
        Dataset data = images(DataType.FLOAT);
        INDArray before = data.features().dup();
        Batches batches = Batches.over(data).batchSize(N).shuffle(false);
        try (BatchStream plain = batches.epoch(1); BatchStream augmented = Augmented.of(batches, Augment.cutout(2), 1).epoch(1)) {
            Batch source = plain.next();
            Batch batch = augmented.next();
            assertSame(source.targets(), batch.targets(), "the source's targets, not a copy");
        }
        try (BatchStream smoothed = Augmented.of(batches, Augment.labelSmoothing(0.1), 1).epoch(1)) {
            assertEquals(0.91, smoothed.next().targets().getDouble(0, 0), 1e-6);
        }
        assertEquals(before, data.features(), "the data set is unchanged");
    }

    @Test
    void aSteadyEpochCreatesNoArray() {
        Dataset data = images(DataType.FLOAT);
        Augmented source = Augmented.of(Batches.over(data).batchSize(4).seed(1),
                Augment.randomCrop(1).then(Augment.flipHorizontal()).then(Augment.rotate(10)).then(Augment.translate(0.1))
                        .then(Augment.cutout(2)).then(Augment.randomErasing(0.5)).then(Augment.mixup(0.2))
                        .then(Augment.labelSmoothing(0.1)), 3);
        Runnable epoch = () -> {
            try (BatchStream stream = source.epoch(2)) {
                stream.forEachRemaining(b -> { });
            }
        };
        epoch.run();
        assertEquals(0, ArrayCount.during(epoch), "INDArrays created by an epoch after the first");
        assertEquals(0, ArrayCount.nativeObjectsDuring(epoch), "native objects created by an epoch after the first");
    }

    @Test
    void imageStepsOnDataThatAreNoImagesAreRefusedNamingTheShape() {
        Dataset rows = new Dataset(Nd4j.rand(DataType.FLOAT, 6, 5), OneHot.encode(new int[] {0, 1, 0, 1, 0, 1}, 2, DataType.FLOAT));
        Batches batches = Batches.over(rows).batchSize(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmented.of(batches, Augment.flipHorizontal().then(Augment.mixup(0.2)), 1));
        assertTrue(e.getMessage().contains("flipHorizontal(0.5) needs images [N, C, H, W], but the batches hold [N, 5]"),
                e.getMessage());
        assertTrue(e.getMessage().contains(".imageShape("), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Augmented.of(batches, Augment.randomCrop(2).imageShape(1, 2, 2), 1));
        assertTrue(e.getMessage().contains("randomCrop(2): the examples are [N, 5] (5 values) but the declared image shape"
                + " 1x2x2 holds 4"), e.getMessage());
        Dataset sequences = new Dataset(Nd4j.rand(DataType.FLOAT, 6, 2, 3), rows.targets());
        e = assertThrows(IllegalArgumentException.class,
                () -> Augmented.of(Batches.over(sequences), Augment.rotate(5), 1));
        assertTrue(e.getMessage().contains("rotate(5.0) needs images [N, C, H, W], but the batches hold [N, 2, 3]"), e.getMessage());
        // Mixup and label smoothing need no images.
        assertEquals(2, epoch(Augmented.of(batches, Augment.mixup(0.2).then(Augment.labelSmoothing(0.1)), 1), 1).size());
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertMessage("randomCrop padding must be at least 1 pixel, got 0", () -> Augment.randomCrop(0));
        assertMessage("flipHorizontal probability must be in [0, 1], got 1.5", () -> Augment.flipHorizontal(1.5));
        assertMessage("rotate's largest angle must be in (0, 180] degrees, got 0.0", () -> Augment.rotate(0));
        assertMessage("rotate's largest angle must be in (0, 180] degrees, got NaN", () -> Augment.rotate(Double.NaN));
        assertMessage("translate's largest shift must be a fraction of the image size in (0, 1), got 3.0",
                () -> Augment.translate(3));
        assertMessage("cutout size must be at least 1 pixel, got -2", () -> Augment.cutout(-2));
        assertMessage("randomErasing probability must be in [0, 1], got -0.1", () -> Augment.randomErasing(-0.1));
        assertMessage("randomErasing areas must satisfy 0 < min <= max <= 1 (fractions of the image), got min 0.5 and max 0.2",
                () -> Augment.randomErasing(0.5, 0.5, 0.2, 0.3, 0));
        assertMessage("randomErasing's smallest aspect ratio must be in (0, 1] (the largest is its inverse), got 2.0",
                () -> Augment.randomErasing(0.5, 0.1, 0.2, 2, 0));
        assertMessage("mixup's alpha (of Beta(alpha, alpha)) must be positive and finite, got 0.0", () -> Augment.mixup(0));
        assertMessage("mixup's alpha (of Beta(alpha, alpha)) must be positive and finite, got Infinity",
                () -> Augment.mixup(Double.POSITIVE_INFINITY));
        assertMessage("labelSmoothing's epsilon must be in (0, 1), got 1.0", () -> Augment.labelSmoothing(1));
        assertMessage("an image shape needs at least one channel, row and column, got 0x28x28",
                () -> Augment.flipHorizontal().imageShape(0, 28, 28));
        assertMessage("cannot chain augmentations for images 1x28x28 and 3x32x32", () -> Augment.flipHorizontal()
                .imageShape(1, 28, 28).then(Augment.randomCrop(4).imageShape(3, 32, 32)));
        Dataset ints = new Dataset(Nd4j.zeros(DataType.INT, 2, 1, 2, 2), Nd4j.zeros(DataType.INT, 2, 1));
        assertMessage("augmentation works on FLOAT or DOUBLE data, got INT",
                () -> Augmented.of(Batches.over(ints), Augment.flipHorizontal(), 1));
    }

    @Test
    void anAugmentationDescribesItsStepsAndSettings() {
        assertEquals("randomCrop(2) then flipHorizontal(0.5) then rotate(10.0) then translate(0.1) then cutout(8) then"
                        + " randomErasing(0.5, area 0.02-0.5, aspect 0.5-2.0, value 0.0) then mixup(0.2) then labelSmoothing(0.1)"
                        + " on images 1x28x28",
                Augment.randomCrop(2).then(Augment.flipHorizontal()).then(Augment.rotate(10)).then(Augment.translate(0.1))
                        .then(Augment.cutout(8)).then(Augment.randomErasing(0.5, 0.02, 0.5, 0.5, 0)).then(Augment.mixup(0.2))
                        .then(Augment.labelSmoothing(0.1)).imageShape(1, 28, 28).toString());
        assertTrue(Augment.mixup(1).changesTargets());
        assertFalse(Augment.randomCrop(1).then(Augment.flipHorizontal()).changesTargets());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
        assertEquals(expected, e.getMessage());
    }
}
