package dev.kiln.runtime.data.image;

import dev.kiln.runtime.data.Dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * An image folder loaded by {@link ImageFolder}: the images as features {@code [N, C, H, W]} (or
 * {@code [N, C·H·W]} flattened) with one-hot targets {@code [N, classes]}, the class names in the
 * order of the target columns (the subfolder names, sorted, unless given), the file of each example,
 * and how many files were passed over for not having an image suffix.
 */
public record ImageData(Dataset dataset, List<String> classNames, List<Path> files, int skippedFiles) {
    public ImageData {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
    }
}
