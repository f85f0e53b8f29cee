package dev.kiln.runtime.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Fetches one file. An interface so tests can stand in for the network. */
interface Downloader {

    /** Writes the resource at {@code source} to {@code target}, replacing it; throws on any failure. */
    void download(URI source, Path target) throws IOException;
}
