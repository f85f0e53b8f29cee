package dev.kiln.runtime.data.image;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.OneHot;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Loads a folder of images with one subfolder per class, {@code root/<class>/<image>}, as a data
 * set for an image model:
 *
 * <pre>{@code
 * ImageData train = ImageFolder.of(Path.of("pets/train")).rgb().size(64, 64).fit(Fit.RESIZE_THEN_CROP).load();
 * ImageData test = ImageFolder.of(Path.of("pets/test")).rgb().size(64, 64).fit(Fit.RESIZE_THEN_CROP)
 *         .classes(train.classNames()).load();
 * }</pre>
 *
 * <p>Images (PNG, JPEG, BMP, GIF, through the JDK's ImageIO) become {@code [N, C, H, W]} floats in
 * [0, 1], grey ({@code C = 1}) or RGB ({@code C = 3}) whatever the files are, optionally
 * standardized per channel with given means and deviations, or flattened to {@code [N, C·H·W]} for
 * a model with flat input. Classes are the subfolders in sorted order, or as {@link #classes} gives
 * them (the test folder then uses the training folder's order, and a subfolder not listed is an
 * error). Within a class the files are taken in name order; files whose names do not end in an
 * image suffix are passed over and counted, hidden files and folders ignored.
 *
 * <p>Every image that cannot be used (damaged, not an image, of the wrong size for {@link Fit#EXACT},
 * smaller than a crop) is reported with its path, up to ten in one {@link ImageFormatException};
 * nothing is returned then. Decoding runs on all cores.
 */
public final class ImageFolder {
    private static final Set<String> SUFFIXES = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final int SHOWN = 10;

    private final Path root;
    private int channels = 3;
    private int height = -1;
    private int width = -1;
    private Fit fit = Fit.EXACT;
    private float[] mean;
    private float[] std;
    private boolean flatten;
    private DataType dataType = DataType.FLOAT;
    private List<String> classes;

    private ImageFolder(Path root) {
        this.root = root;
    }

    public static ImageFolder of(Path root) {
        return new ImageFolder(root);
    }

    /** One grey channel. */
    public ImageFolder grayscale() {
        channels = 1;
        return this;
    }

    /** Three channels, red, green, blue. The default. */
    public ImageFolder rgb() {
        channels = 3;
        return this;
    }

    /** The model's input height and width; unless set, every image must have the size of the first. */
    public ImageFolder size(int imageHeight, int imageWidth) {
        if (imageHeight < 1 || imageWidth < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + imageHeight + "x" + imageWidth);
        }
        height = imageHeight;
        width = imageWidth;
        return this;
    }

    /** How images of another size are brought to {@link #size}; {@link Fit#EXACT} unless set. */
    public ImageFolder fit(Fit value) {
        fit = value;
        return this;
    }

    /** Per-channel {@code (x − mean_c) / std_c} after scaling to [0, 1] (e.g. ImageNet's statistics). */
    public ImageFolder standardize(double[] channelMean, double[] channelStd) {
        if (channelMean.length != channelStd.length) {
            throw new IllegalArgumentException(channelMean.length + " means but " + channelStd.length + " deviations");
        }
        mean = new float[channelMean.length];
        std = new float[channelStd.length];
        for (int c = 0; c < mean.length; c++) {
            if (!(channelStd[c] > 0) || !Double.isFinite(channelMean[c])) {
                throw new IllegalArgumentException("channel " + c + ": mean " + channelMean[c] + ", std " + channelStd[c]
                        + "; a standard deviation must be positive and finite");
            }
            mean[c] = (float) channelMean[c];
            std[c] = (float) channelStd[c];
        }
        return this;
    }

    /** Features {@code [N, C·H·W]} (C, then H, then W) for a model with flat input. */
    public ImageFolder flatten() {
        flatten = true;
        return this;
    }

    /** FLOAT unless set; it must be the model's. */
    public ImageFolder dataType(DataType value) {
        if (!value.isFPType()) {
            throw new IllegalArgumentException("image features are floating point; got " + value);
        }
        dataType = value;
        return this;
    }

    /** The classes in target order, e.g. the training folder's {@link ImageData#classNames()}. */
    public ImageFolder classes(List<String> names) {
        if (Set.copyOf(names).size() != names.size()) {
            throw new IllegalArgumentException("classes listed twice in " + names);
        }
        classes = List.copyOf(names);
        return this;
    }

    public ImageData load() throws IOException {
        if (fit != Fit.EXACT && height < 0) {
            throw new IllegalStateException(fit + " needs the size to fit to: call size(height, width)");
        }
        if (mean != null && mean.length != channels) {
            throw new IllegalStateException(mean.length + " channel means for " + channels + " channels");
        }
        List<String> found = classFolders();
        List<String> names = classes != null ? classes : found;
        for (String folder : found) {
            if (!names.contains(folder)) {
                throw new ImageFormatException(root + ": subfolder '" + folder + "' is not one of the classes " + names);
            }
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int[] skipped = new int[1];
        for (int label = 0; label < names.size(); label++) {
            Path folder = root.resolve(names.get(label));
            if (!Files.isDirectory(folder)) {
                continue; // a class without examples in this split
            }
            List<Path> images = images(folder, skipped);
            if (images.isEmpty() && classes == null) {
                throw new ImageFormatException(folder + ": holds no image (" + String.join(", ", SUFFIXES) + ")");
            }
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                labels.add(label);
            }
        }
        if (files.isEmpty()) {
            throw new ImageFormatException(root + ": holds no images in class subfolders " + names);
        }
        INDArray features = decodeAll(files);
        int[] classIndex = labels.stream().mapToInt(Integer::intValue).toArray();
        INDArray targets = OneHot.encode(classIndex, names.size(), dataType);
        return new ImageData(new Dataset(features, targets), names, files, skipped[0]);
    }

    private List<String> classFolders() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> all = entries.filter(p -> !hidden(p)).sorted().toList();
            for (Path entry : all) {
                if (!Files.isDirectory(entry) && isImage(entry)) {
                    throw new ImageFormatException(entry + ": an image directly in the root; put each image in the"
                            + " subfolder of its class, " + root + "/<class>/");
                }
            }
            return all.stream().filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(root + ": no such folder");
        } catch (NotDirectoryException e) {
            throw new ImageFormatException(root + ": not a folder; an image folder has one subfolder per class");
        }
    }

    private static List<Path> images(Path folder, int[] skipped) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> images = new ArrayList<>();
            for (Path entry : entries.filter(p -> !hidden(p)).sorted().toList()) {
                if (Files.isRegularFile(entry) && isImage(entry)) {
                    images.add(entry);
                } else {
                    skipped[0]++;
                }
            }
            return images;
        }
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && SUFFIXES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Every image decoded and fitted into one array; all problems reported together, in file order. */
    private INDArray decodeAll(List<Path> files) throws ImageFormatException {
        int h = height;
        int w = width;
        if (h < 0) {
            // Without a declared size the first image that decodes sets it; the ones before it are reported below.
            for (Path file : files) {
                try {
                    Pixels first = ImageDecoder.decode(file, channels);
                    h = first.height();
                    w = first.width();
                    break;
                } catch (ImageDecoder.Failure e) {
                    // reported with the others
                }
            }
            if (h < 0) {
                h = 1;
                w = 1;
            }
        }
        int example = channels * h * w;
        float[] values = new float[Math.multiplyExact(files.size(), example)];
        String[] problems = new String[files.size()];
        int targetHeight = h;
        int targetWidth = w;
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                Pixels image = prepare(ImageDecoder.decode(files.get(i), channels), targetHeight, targetWidth);
                System.arraycopy(image.values(), 0, values, i * example, example);
            } catch (ImageDecoder.Failure e) {
                problems[i] = files.get(i) + " " + e.getMessage();
            }
        });
        List<String> failed = Arrays.stream(problems).filter(p -> p != null).toList();
        if (!failed.isEmpty()) {
            StringBuilder message = new StringBuilder(root + ": " + failed.size() + " of " + files.size()
                    + " images cannot be used" + (failed.size() > SHOWN ? " (first " + SHOWN + ")" : "") + ":");
            failed.stream().limit(SHOWN).forEach(p -> message.append("\n  ").append(p));
            throw new ImageFormatException(message.toString());
        }
        standardizeInPlace(values, h * w);
        long[] shape = flatten ? new long[] {files.size(), example} : new long[] {files.size(), channels, h, w};
        INDArray features = Nd4j.create(values, shape, DataType.FLOAT);
        return dataType == DataType.FLOAT ? features : features.castTo(dataType);
    }

    private Pixels prepare(Pixels image, int h, int w) throws ImageDecoder.Failure {
        if (image.height() == h && image.width() == w) {
            return image;
        }
        String wanted = w + "x" + h;
        return switch (fit) {
            case EXACT -> throw new ImageDecoder.Failure("is " + image.size() + " (width x height) but the images are "
                    + wanted + (height < 0 ? ", the size of the first" : "") + "; fit(Fit.RESIZE), CENTRE_CROP or"
                    + " RESIZE_THEN_CROP brings images to the size");
            case RESIZE -> Resampling.resize(image, h, w);
            case CENTRE_CROP -> {
                if (image.height() < h || image.width() < w) {
                    throw new ImageDecoder.Failure("is " + image.size() + ", smaller than the " + wanted
                            + " to crop; use RESIZE_THEN_CROP");
                }
                yield Resampling.centreCrop(image, h, w);
            }
            case RESIZE_THEN_CROP -> {
                double scale = Math.max((double) h / image.height(), (double) w / image.width());
                int coverHeight = Math.max(h, (int) Math.round(image.height() * scale));
                int coverWidth = Math.max(w, (int) Math.round(image.width() * scale));
                yield Resampling.centreCrop(Resampling.resize(image, coverHeight, coverWidth), h, w);
            }
        };
    }

    private void standardizeInPlace(float[] values, int plane) {
        if (mean == null) {
            return;
        }
        for (int start = 0; start < values.length; start += plane) {
            int c = (start / plane) % channels;
            for (int i = start; i < start + plane; i++) {
                values[i] = (values[i] - mean[c]) / std[c];
            }
        }
    }
}
