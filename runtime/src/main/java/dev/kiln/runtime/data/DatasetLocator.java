package dev.kiln.runtime.data;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the files of a dataset: the first of an ordered list of directories that holds all of them,
 * otherwise a download as the last resort, otherwise a {@link DatasetNotFoundException} naming
 * every place tried and why it did not do. A directory the user configured that does not hold the
 * data is an error at once, naming the setting. Each file may be gzip-compressed ({@code name.gz}, what
 * the publishers distribute) or already unpacked ({@code name}).
 */
final class DatasetLocator {

    /**
     * A directory to look in; {@code directory} is null when the place is not configured (unset property).
     * A {@code configured} place was named by the user (a setting, an argument): when set it must hold the
     * data, and a problem with it is an error rather than a reason to look elsewhere, so a mistyped
     * path never silently loads another copy.
     */
    record Place(String description, @Nullable Path directory, boolean configured) {

        /** A default place, searched when it holds the data and passed over otherwise. */
        static Place fallback(String description, Path directory) {
            return new Place(description, directory, false);
        }

        /** A place the user named: an error when it is set but does not hold the data. */
        static Place configured(String description, @Nullable Path directory) {
            return new Place(description, directory, true);
        }
    }

    /** Where to fetch {@code name.gz} from ({@code baseUri} + name.gz) and where to store it. */
    record Download(URI baseUri, Path directory, Downloader downloader) {
    }

    private final String datasetName;
    private final List<String> files;
    private final List<Place> places;
    private final @Nullable Download download;
    private final String howToGet;

    /**
     * @param files    base names, without {@code .gz}
     * @param download null for no download attempt
     * @param howToGet appended to the failure message
     */
    DatasetLocator(String datasetName, List<String> files, List<Place> places, @Nullable Download download, String howToGet) {
        this.datasetName = datasetName;
        this.files = List.copyOf(files);
        this.places = List.copyOf(places);
        this.download = download;
        this.howToGet = howToGet;
    }

    /** Each base name mapped to the file found for it, all in one directory. */
    Map<String, Path> locate() {
        List<String> report = new ArrayList<>();
        for (Place place : places) {
            Path directory = place.directory();
            String problem = problemWith(directory);
            if (problem == null && directory != null) {
                return resolve(directory);
            }
            if (place.configured() && place.directory() != null) {
                throw new DatasetNotFoundException(datasetName + ": " + place.description() + " names " + place.directory()
                        + ", which does not hold the data set: " + problem + ". Fix the setting or unset it; while it is set no"
                        + " other place is searched, so a wrong path never loads another copy.\n" + howToGet);
            }
            report.add(place.description() + ": " + problem);
        }
        if (download != null) {
            String where = "download from " + download.baseUri() + " into " + download.directory();
            try {
                fetchMissing();
                return resolve(download.directory());
            } catch (IOException | RuntimeException e) {
                report.add(where + ": failed: " + e);
            }
        }
        throw new DatasetNotFoundException(failureMessage(report));
    }

    /** Why a place does not hold the dataset, or null when it does. */
    private @Nullable String problemWith(@Nullable Path directory) {
        if (directory == null) {
            return "not set";
        }
        if (!Files.isDirectory(directory)) {
            return "no such directory";
        }
        List<String> missing = files.stream().filter(f -> find(directory, f) == null).map(f -> f + ".gz").toList();
        return missing.isEmpty() ? null : "missing " + String.join(", ", missing);
    }

    private Map<String, Path> resolve(Path directory) {
        Map<String, Path> found = new LinkedHashMap<>();
        for (String file : files) {
            found.put(file, find(directory, file));
        }
        return found;
    }

    private static @Nullable Path find(Path directory, String file) {
        for (String candidate : List.of(file + ".gz", file)) {
            Path path = directory.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    private void fetchMissing() throws IOException {
        Path directory = java.util.Objects.requireNonNull(download, "fetchMissing runs only with a download").directory();
        Files.createDirectories(directory);
        for (String file : files) {
            if (find(directory, file) != null) {
                continue;
            }
            String name = file + ".gz";
            // Download beside the target and rename, so an interrupted download never leaves a
            // partial file under the real name for the next run to trust.
            Path partial = Files.createTempFile(directory, name, ".part");
            try {
                download.downloader().download(download.baseUri().resolve(name), partial);
                Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private String failureMessage(List<String> report) {
        StringBuilder message = new StringBuilder(datasetName).append(" not found. Looked in, in this order:");
        for (int i = 0; i < report.size(); i++) {
            message.append("\n  ").append(i + 1).append(". ").append(report.get(i));
        }
        return message.append('\n').append(howToGet).toString();
    }
}
