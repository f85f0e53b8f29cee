package dev.kiln.runtime.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the Kiln runtime, from the properties file the build fills in. */
public final class KilnVersion {
    private static final String VERSION = load();

    private KilnVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = KilnVersion.class.getResourceAsStream("/dev/kiln/runtime/kiln.properties")) {
            if (in == null) {
                throw new IllegalStateException("kiln.properties is missing from the Kiln runtime's classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
