package dev.kiln.processor.generator;

import com.google.testing.compile.JavaFileObjects;

import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded random mutations of the corpus's models ({@link ModelCorpus}): one to three edits of a
 * model's source, each of a kind a user makes by mistake or on purpose: an attribute set to a
 * boundary value, a layer dropped, duplicated, moved or replaced by another kind, a layer inserted,
 * the input shape or the loss changed. The same seed gives the same cases.
 */
final class Mutator {
    /** A layer or block field: its annotations (with one level of nested parentheses, for {@code @Init}), type and name. */
    private static final Pattern FIELD = Pattern.compile(
            "((?:@(?:Dense|Conv2d|MaxPool2d|AvgPool2d|GlobalAvgPool|BatchNorm|LayerNorm|GroupNorm|InstanceNorm|RmsNorm|Dropout"
                    + "|ActivationLayer|PRelu|Maxout|Flatten|Reshape|Residual|DenseBlock|Transition)\\b(?:\\((?:[^()]|\\([^()]*\\))*\\))?\\s+)+)"
                    + "(\\w+(?:\\.\\w+)?)\\s+(\\w+)\\s*;");
    /** An attribute of a Kiln annotation: {@code units = 256}, {@code kernel = {3, 3}}, {@code activation = Activation.RELU}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(\\w+)\\s*=\\s*(\\{[^{}]*}|[\\w.+-]+|\"[^\"]*\")");
    private static final Pattern MODEL_INPUT = Pattern.compile("(@Model\\((?:[^()]|\\([^()]*\\))*?\\binput\\s*=\\s*)(\\{[^}]*}|\\d+)");
    private static final Pattern LOSS = Pattern.compile("Loss\\.[A-Z_]+");
    private static final List<String> LOSSES = List.of("Loss.SOFTMAX_CROSS_ENTROPY", "Loss.BINARY_CROSS_ENTROPY", "Loss.MEAN_SQUARED_ERROR",
            "Loss.MULTICLASS_HINGE");
    private static final List<String> INPUTS = List.of("{}", "{0}", "1", "784", "{1, 28, 28}", "{3, 32, 32}", "{3, 7, 7}", "{2, 2}",
            "{Integer.MAX_VALUE}", "{65536, 65536}");

    private final Random random;
    private final boolean large;

    Mutator(long seed, boolean large) {
        this.random = new Random(seed);
        this.large = large;
    }

    /** {@code count} mutated units, round robin over the corpus. */
    List<Case> cases(List<ModelCorpus.Unit> corpus, int count) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ModelCorpus.Unit unit = corpus.get(i % corpus.size());
            ModelCorpus.SourceFile target = unit.files().get(unit.mutable());
            String text = target.text();
            List<String> edits = new ArrayList<>();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                String mutated = mutate(text, edits);
                text = mutated == null ? text : mutated;
            }
            List<JavaFileObject> sources = new ArrayList<>();
            for (ModelCorpus.SourceFile file : unit.files()) {
                sources.add(JavaFileObjects.forSourceString(file.typeName(), file == target ? text : file.text()));
            }
            cases.add(new Case("mutation:" + unit.name() + "#" + i + " " + edits, Case.Origin.MUTATION, sources));
        }
        return cases;
    }

    /** The text with one random edit, described in {@code edits}; null when the edit found nothing to change. */
    private String mutate(String text, List<String> edits) {
        List<MatchResult> fields = matches(FIELD, text);
        return switch (random.nextInt(8)) {
            case 0, 1 -> changeAttribute(text, fields, edits);
            case 2 -> drop(text, fields, edits);
            case 3 -> duplicate(text, fields, edits);
            case 4 -> swap(text, fields, edits);
            case 5 -> replaceKind(text, fields, edits);
            case 6 -> replaceInput(text, edits);
            default -> replaceLoss(text, edits);
        };
    }

    private String changeAttribute(String text, List<MatchResult> fields, List<String> edits) {
        if (fields.isEmpty()) {
            return null;
        }
        MatchResult field = fields.get(index(fields));
        List<MatchResult> attributes = matchesIn(ATTRIBUTE, text, field.start(), field.annotationsEnd());
        if (attributes.isEmpty()) {
            return null;
        }
        MatchResult attribute = attributes.get(index(attributes));
        List<String> values = BoundaryValues.of(typeOf(attribute.group(2)), large);
        String value = values.get(random.nextInt(values.size()));
        return record(edits, field.name() + "." + attribute.group(1) + "=" + value,
                text.substring(0, attribute.valueStart()) + value + text.substring(attribute.end()));
    }

    private String drop(String text, List<MatchResult> fields, List<String> edits) {
        if (fields.isEmpty()) {
            return null;
        }
        MatchResult field = fields.get(index(fields));
        return record(edits, "drop " + field.name(), text.substring(0, field.start()) + text.substring(field.end()));
    }

    private String duplicate(String text, List<MatchResult> fields, List<String> edits) {
        if (fields.isEmpty()) {
            return null;
        }
        MatchResult field = fields.get(index(fields));
        String copy = text.substring(field.start(), field.end()).replaceFirst("\\b" + field.name() + "\\s*;$", field.name() + "Copy;");
        return record(edits, "duplicate " + field.name(), text.substring(0, field.end()) + "\n    " + copy + text.substring(field.end()));
    }

    private String swap(String text, List<MatchResult> fields, List<String> edits) {
        if (fields.size() < 2) {
            return null;
        }
        int a = random.nextInt(fields.size() - 1);
        MatchResult first = fields.get(a);
        MatchResult second = fields.get(a + 1);
        return record(edits, "swap " + first.name() + " and " + second.name(), text.substring(0, first.start())
                + text.substring(second.start(), second.end()) + text.substring(first.end(), second.start())
                + text.substring(first.start(), first.end()) + text.substring(second.end()));
    }

    /** A field's annotations replaced by another layer kind's baseline, or a layer of that kind inserted after it. */
    private String replaceKind(String text, List<MatchResult> fields, List<String> edits) {
        if (fields.isEmpty()) {
            return null;
        }
        MatchResult field = fields.get(index(fields));
        Target kind = Targets.LAYERS.get(random.nextInt(Targets.LAYERS.size()));
        String layer = kind.baseline() + " Layer " + field.name();
        if (random.nextBoolean()) {
            return record(edits, field.name() + " becomes " + kind.baseline(),
                    text.substring(0, field.start()) + layer + ";" + text.substring(field.end()));
        }
        return record(edits, "insert " + kind.baseline() + " after " + field.name(),
                text.substring(0, field.end()) + "\n    " + layer + "Inserted;" + text.substring(field.end()));
    }

    private String replaceInput(String text, List<String> edits) {
        Matcher input = MODEL_INPUT.matcher(text);
        if (!input.find()) {
            return null;
        }
        String value = INPUTS.get(random.nextInt(INPUTS.size()));
        return record(edits, "input = " + value, text.substring(0, input.start(2)) + value + text.substring(input.end(2)));
    }

    private String replaceLoss(String text, List<String> edits) {
        Matcher loss = LOSS.matcher(text);
        if (!loss.find()) {
            return null;
        }
        String value = LOSSES.get(random.nextInt(LOSSES.size()));
        return record(edits, value, text.substring(0, loss.start()) + value + text.substring(loss.end()));
    }

    /** The type whose boundary values replace an attribute's value, from how the value is written. */
    private static Class<?> typeOf(String value) {
        if (value.startsWith("{")) {
            return int[].class;
        }
        if (value.startsWith("\"")) {
            return String.class;
        }
        if (value.equals("true") || value.equals("false")) {
            return boolean.class;
        }
        if (value.matches("-?\\d+")) {
            return int.class;
        }
        if (value.matches("[A-Z]\\w*\\.[A-Z_0-9]+")) {
            return enumType(value.substring(0, value.indexOf('.')));
        }
        return double.class;
    }

    private static Class<?> enumType(String simpleName) {
        try {
            return Class.forName("dev.kiln.dsl." + simpleName);
        } catch (ClassNotFoundException notDsl) {
            return double.class; // Math.PI, Double.NaN and the like
        }
    }

    private static String record(List<String> edits, String edit, String text) {
        edits.add(edit);
        return text;
    }

    private int index(List<?> list) {
        return random.nextInt(list.size());
    }

    /** A match with the offsets the edits need. */
    private record MatchResult(int start, int end, int annotationsEnd, int valueStart, String name, List<String> groups) {
        String group(int group) {
            return groups.get(group);
        }
    }

    private static List<MatchResult> matches(Pattern pattern, String text) {
        List<MatchResult> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(new MatchResult(matcher.start(), matcher.end(), matcher.end(1), -1, matcher.group(3),
                    List.of(matcher.group(), matcher.group(1), matcher.group(2), matcher.group(3))));
        }
        return found;
    }

    private static List<MatchResult> matchesIn(Pattern pattern, String text, int from, int to) {
        List<MatchResult> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text).region(from, to);
        while (matcher.find()) {
            found.add(new MatchResult(matcher.start(), matcher.end(), matcher.end(), matcher.start(2), matcher.group(1),
                    List.of(matcher.group(), matcher.group(1), matcher.group(2))));
        }
        return found;
    }
}
