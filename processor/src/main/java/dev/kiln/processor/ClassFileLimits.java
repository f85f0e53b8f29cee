package dev.kiln.processor;

/**
 * The limits the JVM puts on one class file (JVMS 4.1, 4.7.3), which a generated class must
 * respect: past them javac fails with "too many constants" or "code too large" in the generated
 * file, where the user can do nothing about it. The processor splits generated methods so that
 * method size never binds, and reports a model that exceeds the per-class limits as a Kiln error
 * at the declaration that makes it too large.
 */
public final class ClassFileLimits {
    /** Entries of a class's constant pool: its count is an unsigned 16-bit number, entry 0 unused. */
    public static final int CONSTANT_POOL = 65_535;
    /** Bytes of code in one method. */
    public static final int METHOD_CODE = 65_535;
    /**
     * Every layer costs its generated class at least three constant-pool entries (the field
     * reference to its spec constant, its name and type, and the name), so no class holds more
     * layers than this, whatever they are.
     */
    public static final int MAX_LAYERS = CONSTANT_POOL / 3;

    private ClassFileLimits() {
    }
}
