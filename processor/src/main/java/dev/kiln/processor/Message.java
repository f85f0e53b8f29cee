package dev.kiln.processor;

import javax.tools.Diagnostic;

/**
 * The catalog of every compile-time message, with stable ids. Ids never change meaning: tests,
 * documentation (docs/diagnostics.md) and users' searches rely on them. Formats take
 * {@link String#format} arguments; every message carries a hint that says how to fix the model.
 */
public enum Message {
    /** The model, its input shape as declared ({@code [28, 0]}) and why no model can take it. */
    INPUT_SHAPE("KILN-E001", Diagnostic.Kind.ERROR, "model %s has input shape %s: %s"),
    UNITS_NOT_POSITIVE("KILN-E002", Diagnostic.Kind.ERROR,
            "layer '%s' of model %s has units = %d; a layer needs at least one unit"),
    DROPOUT_RATE("KILN-E003", Diagnostic.Kind.ERROR,
            "layer '%s' of model %s has dropout rate %s; the rate is a drop probability in [0, 1)"),
    /** The loss, the model, what the loss needs of the output ({@code at least 2 output units}), the output layer and its shape. */
    LOSS_OUTPUT("KILN-E004", Diagnostic.Kind.ERROR, "loss %s of model %s needs %s but output layer '%s' gives %s"),
    NO_LAYERS("KILN-E005", Diagnostic.Kind.ERROR, "model %s declares no layers"),
    DUPLICATE_LAYER("KILN-E006", Diagnostic.Kind.ERROR,
            "model %s declares layer '%s' twice: %s"),
    MODEL_KIND("KILN-E007", Diagnostic.Kind.ERROR,
            "@Model is on %s %s; a model must be a class, top-level or static nested"),
    NOT_A_LAYER("KILN-E008", Diagnostic.Kind.ERROR, "field '%s' of model %s %s"),
    CONFLICTING_OPTIONS("KILN-E009", Diagnostic.Kind.ERROR, "layer '%s' of model %s: %s"),
    INIT_PARAMETERS("KILN-E010", Diagnostic.Kind.ERROR, "layer '%s' of model %s: %s"),
    ACTIVATION_PARAMETER("KILN-E011", Diagnostic.Kind.ERROR, "layer '%s' of model %s: %s"),
    LAYER_INPUT("KILN-E012", Diagnostic.Kind.ERROR, "%s (model %s)"),
    INIT_SHAPE("KILN-E013", Diagnostic.Kind.ERROR, "layer '%s' of model %s: %s"),
    /** Was warning KILN-W004 (an id never reused); suppressible on the layer's field only. */
    CONSTANT_WEIGHTS("KILN-E014", Diagnostic.Kind.ERROR,
            "layer '%s' of model %s initializes every weight to %s: all units of the layer get identical gradients, so the symmetry between them is never broken"),
    NET_CLASS_TAKEN("KILN-E015", Diagnostic.Kind.ERROR, "model %s generates class %s, but %s"),
    /** What declares the annotation, the attribute's path ({@code weightInit: gain}), its value and what is wrong with it. */
    NON_FINITE_NUMBER("KILN-E016", Diagnostic.Kind.ERROR, "%s: number attribute %s = %s %s"),
    NORM_PARAMETER("KILN-E020", Diagnostic.Kind.ERROR, "layer '%s' of model %s: %s"),
    WINDOW_PARAMETER("KILN-E022", Diagnostic.Kind.ERROR, "layer '%s' of model %s: %s"),
    BLOCK("KILN-E023", Diagnostic.Kind.ERROR, "block '%s' of model %s: %s"),
    PRELU_INIT("KILN-E024", Diagnostic.Kind.ERROR,
            "layer '%s' of model %s: PReLU init = %s must lie in [0, 1); a slope of 1 or more is not a ReLU"),
    MAXOUT_PIECES("KILN-E025", Diagnostic.Kind.ERROR,
            "layer '%s' of model %s: Maxout pieces = %d must be at least 2; one piece would pass its input on unchanged"),
    TRAINING_OPTIONS("KILN-E021", Diagnostic.Kind.ERROR, "the training options of model %s: %s"),
    MODEL_TOO_LARGE("KILN-E030", Diagnostic.Kind.ERROR, "model %s is too large for one generated class: %s"),
    INTERNAL_ERROR("KILN-E099", Diagnostic.Kind.ERROR,
            "Kiln could not process model %s: %s. This is a bug in Kiln; please report it with the model source"),

    INIT_ACTIVATION("KILN-W001", Diagnostic.Kind.WARNING,
            "layer '%s' of model %s initializes weights with %s before %s; %s"),
    LINEAR_COLLAPSE("KILN-W002", Diagnostic.Kind.WARNING,
            "layers '%s' and '%s' of model %s have no nonlinearity between them, so they collapse into one linear map %s"),
    DEEP_SATURATING("KILN-W003", Diagnostic.Kind.WARNING,
            "layer '%s' of model %s uses %s in a stack of %d hidden layers; %d of them saturate, and gradients vanish through saturated units"),
    // KILN-W004 (constant weights) is retired: it became error KILN-E014.
    INIT_SCALE("KILN-W005", Diagnostic.Kind.WARNING,
            "layer '%s' of model %s draws weights with std %s: fanIn * std^2 / gain^2 = %s is outside [0.25, 4], so the signal %s by that factor per layer"),
    INIT_VARIANCE("KILN-W006", Diagnostic.Kind.WARNING,
            "layer '%s' of model %s initializes weights with %s before %s: fanIn * E[w^2] = %s where %s keeps the signal's scale, so its second moment %s by a factor of %s per layer"),
    LOGITS_ACTIVATION("KILN-W012", Diagnostic.Kind.WARNING,
            "layer '%s' of model %s applies %s to the output, but loss %s works on logits (raw scores) and applies %s itself, "
                    + "so the scores it reads are squashed before it"),
    BIAS_BEFORE_NORM("KILN-W010", Diagnostic.Kind.WARNING,
            "layer '%s' of model %s has a bias right before batch norm '%s', which subtracts the batch mean and so removes it; "
                    + "beta takes its place. Kiln drops the bias"),
    ADAM_L2("KILN-W011", Diagnostic.Kind.WARNING,
            "model %s trains with ADAM and weightDecay = %s, which Adam applies as an L2 penalty: the penalty is divided by the "
                    + "adaptive scale, so weights with large gradients are barely decayed"),

    /** The model's name, input shape and loss description, then the summary table on lines of its own. */
    SUMMARY("KILN-N001", Diagnostic.Kind.NOTE, "model %s: input %s, loss %s\n%s");

    private final String id;
    private final Diagnostic.Kind kind;
    private final String format;

    Message(String id, Diagnostic.Kind kind, String format) {
        this.id = id;
        this.kind = kind;
        this.format = format;
    }

    public String id() {
        return id;
    }

    public Diagnostic.Kind kind() {
        return kind;
    }

    /** The text with its {@link String#format} placeholders, as the catalog states it. */
    String format() {
        return format;
    }

    /** {@code [KILN-E002] <text>. Hint: <hint>} */
    public String render(String hint, Object... args) {
        return render(null, hint, args);
    }

    /** {@code [KILN-E002] <text> (<note>). Hint: <hint>}: the note says where the problem is when it is reported elsewhere. */
    public String render(String note, String hint, Object... args) {
        String text = "[" + id + "] " + String.format(java.util.Locale.ROOT, format, args);
        text = note == null ? text : text + " (" + note + ")";
        return hint == null || hint.isEmpty() ? text : text + ". Hint: " + hint;
    }
}
