package dev.kiln.processor.generator;

import java.util.regex.Pattern;

/**
 * How many cases the generator makes, from system properties, so that CI runs a small set and a
 * person hunting bugs a large one:
 * <ul>
 *   <li>{@code -Dkiln.generator.scale=large}: every boundary value of every attribute in every
 *   context that reads it, and 2,000 mutations (default {@code ci}: the main boundary values in
 *   the first such context, and 60 mutations);</li>
 *   <li>{@code -Dkiln.generator.mutations=N}: the number of mutations, overriding the scale;</li>
 *   <li>{@code -Dkiln.generator.seed=S}: the mutations' seed (default 1), so that a failure found
 *   with another seed can be replayed;</li>
 *   <li>{@code -Dkiln.generator.timeout=SECONDS}: the limit for one compilation and for one case's run (default 120),
 *   past which a case counts as a hang;</li>
 *   <li>{@code -Dkiln.generator.only=REGEX}: only the cases whose names contain a match, to replay
 *   failures (the cases are made as usual, so names and classes stay the same).</li>
 * </ul>
 * Run with {@code mvn -pl processor test -Dtest=ModelGeneratorTest -Dkiln.generator.scale=large}.
 */
record Scale(boolean large, int mutations, long seed, long timeoutSeconds, Pattern only) {

    static Scale fromSystemProperties() {
        boolean large = "large".equals(System.getProperty("kiln.generator.scale", "ci"));
        int mutations = Integer.getInteger("kiln.generator.mutations", large ? 2_000 : 60);
        long seed = Long.getLong("kiln.generator.seed", 1L);
        long timeout = Long.getLong("kiln.generator.timeout", 120L);
        return new Scale(large, mutations, seed, timeout, Pattern.compile(System.getProperty("kiln.generator.only", "")));
    }

    /** True for a case to run: every case, or those whose names {@code -Dkiln.generator.only} finds. */
    boolean selects(Case generated) {
        return only.matcher(generated.name()).find();
    }
}
