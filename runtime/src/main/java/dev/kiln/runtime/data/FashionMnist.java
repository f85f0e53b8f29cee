package dev.kiln.runtime.data;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey images of clothing in 10 classes,
 * 60000 for training and 10000 for testing. Features are flattened to {@code [N, 784]} and scaled
 * from 0..255 to [0, 1]; targets are one-hot {@code [N, 10]}.
 *
 * <p>The files are looked for, in this order: the directory named by the system property
 * {@value #PROPERTY}, by the environment variable {@value #ENVIRONMENT}, {@code ~/.kiln/datasets/fashion-mnist},
 * {@code /usr/share/datasets/fashion-mnist} (Debian package {@code dataset-fashion-mnist}); then
 * they are downloaded into {@code ~/.kiln/datasets/fashion-mnist} unless the system property
 * {@value #OFFLINE_PROPERTY} is {@code true}. A directory named by the property or the variable
 * must hold the files: when it does not, loading fails naming the setting instead of going on to
 * the other places. Features need a floating-point type; an integer type is refused.
 */
public final class FashionMnist {
    public static final String PROPERTY = "kiln.data.fashionmnist";
    public static final String ENVIRONMENT = "KILN_FASHION_MNIST";
    public static final String OFFLINE_PROPERTY = "kiln.data.offline";
    public static final URI DOWNLOAD_URI = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int CLASSES = 10;
    public static final int PIXELS = 28 * 28;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    static final String HOW_TO_GET = "To get the data: on Debian or Ubuntu run 'sudo apt-get install dataset-fashion-mnist'"
            + " (installs into " + SYSTEM_DIRECTORY + "), or put the four files " + String.join(".gz, ", FILES)
            + ".gz from " + DOWNLOAD_URI + " into a directory and name it with -D" + PROPERTY + "=DIR or "
            + ENVIRONMENT + "=DIR.";

    /** The training and test splits. */
    public record Splits(Dataset train, Dataset test) {
        public List<String> classNames() {
            return CLASS_NAMES;
        }
    }

    private final DatasetLocator locator;

    /** Searches {@code places} in order, then downloads into {@code downloadDirectory} unless {@code downloader} is null. */
    FashionMnist(List<DatasetLocator.Place> places, @Nullable Path downloadDirectory, @Nullable Downloader downloader) {
        DatasetLocator.Download download = downloader == null || downloadDirectory == null ? null
                : new DatasetLocator.Download(DOWNLOAD_URI, downloadDirectory, downloader);
        this.locator = new DatasetLocator("Fashion-MNIST", FILES, places, download, HOW_TO_GET);
    }

    /** Both splits as float32. */
    public static Splits load() {
        return load(DataType.FLOAT);
    }

    /** Both splits with features and targets of {@code dataType}. */
    public static Splits load(DataType dataType) {
        return standard().loadSplits(dataType);
    }

    /** Both splits from the files in {@code directory}, without searching anywhere else. */
    public static Splits read(Path directory, DataType dataType) {
        return new FashionMnist(List.of(DatasetLocator.Place.configured("the directory given to FashionMnist.read", directory)),
                null, null).loadSplits(dataType);
    }

    static FashionMnist standard() {
        Path home = Path.of(System.getProperty("user.home"), ".kiln", "datasets", "fashion-mnist");
        String property = System.getProperty(PROPERTY);
        String environment = System.getenv(ENVIRONMENT);
        List<DatasetLocator.Place> places = List.of(
                DatasetLocator.Place.configured("system property " + PROPERTY, property == null ? null : Path.of(property)),
                DatasetLocator.Place.configured("environment variable " + ENVIRONMENT,
                        environment == null ? null : Path.of(environment)),
                DatasetLocator.Place.fallback(home.toString(), home),
                DatasetLocator.Place.fallback(SYSTEM_DIRECTORY + " (Debian package dataset-fashion-mnist)", SYSTEM_DIRECTORY));
        Downloader downloader = Boolean.getBoolean(OFFLINE_PROPERTY) ? null : new HttpDownloader();
        return new FashionMnist(places, home, downloader);
    }

    /** The four files, found or downloaded. */
    Map<String, Path> locate() {
        return locator.locate();
    }

    /** A file {@link #locate()} found: it returns every file of {@code FILES} or throws. */
    private static Path located(Map<String, Path> files, String file) {
        return java.util.Objects.requireNonNull(files.get(file), file);
    }

    Splits loadSplits(DataType dataType) {
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("Fashion-MNIST features are grey levels scaled to [0, 1], which need a"
                    + " floating-point type (FLOAT, DOUBLE, HALF, ...), not " + dataType + ": in an integer type every pixel"
                    + " below 255 would be 0. For the raw 0..255 grey levels read the IDX files with IdxReader.");
        }
        Map<String, Path> files = locate();
        try {
            return new Splits(
                    split(located(files, TRAIN_IMAGES), located(files, TRAIN_LABELS), dataType),
                    split(located(files, TEST_IMAGES), located(files, TEST_LABELS), dataType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dataset split(Path imageFile, Path labelFile, DataType dataType) throws IOException {
        IdxArray images = IdxReader.read(imageFile);
        IdxArray labels = IdxReader.read(labelFile);
        if (images.type() != IdxType.UNSIGNED_BYTE || images.rank() != 3 || images.dim(1) * images.dim(2) != PIXELS) {
            throw new IdxFormatException(imageFile + ": expected unsigned bytes [N, 28, 28], found " + images.type()
                    + " " + Arrays.toString(images.shape()));
        }
        if (labels.rank() != 1 || labels.dim(0) != images.dim(0)) {
            throw new IdxFormatException(labelFile + ": expected " + images.dim(0) + " labels, one per image in "
                    + imageFile.getFileName() + ", found shape " + Arrays.toString(labels.shape()));
        }
        return new Dataset(pixels(images, dataType), OneHot.encode(classes(labels), CLASSES, dataType));
    }

    /** {@code [N, 784]}, grey levels 0..255 divided by 255. */
    private static INDArray pixels(IdxArray images, DataType dataType) {
        long[] shape = {images.dim(0), PIXELS};
        if (dataType == DataType.DOUBLE) {
            double[] values = images.asDoubles();
            for (int i = 0; i < values.length; i++) {
                values[i] /= 255.0;
            }
            return Nd4j.create(values, shape, DataType.DOUBLE);
        }
        // The reader's array is ours alone, so scale it in place rather than copy 47M floats.
        float[] values = java.util.Objects.requireNonNull(images.floats(), "unsigned bytes are held as floats");
        for (int i = 0; i < values.length; i++) {
            values[i] /= 255f;
        }
        INDArray features = Nd4j.create(values, shape, DataType.FLOAT);
        return dataType == DataType.FLOAT ? features : features.castTo(dataType);
    }

    private static int[] classes(IdxArray labels) {
        int[] classes = new int[labels.length()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (int) labels.get(i);
        }
        return classes;
    }
}
