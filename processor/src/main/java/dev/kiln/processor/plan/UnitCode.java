package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.Node;
import dev.kiln.processor.plan.NetPlan.Block;
import dev.kiln.processor.plan.NetPlan.Member;
import dev.kiln.processor.plan.NetPlan.Pass;
import dev.kiln.processor.plan.NetPlan.Step;
import dev.kiln.processor.read.LayerSite;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One unit's code written as its block's methods would run it: every name of the unit's own
 * members ({@code layer1_0_conv1W}, {@code buffers.layer1_0_conv1Out}, {@code LAYER1_0_CONV1}) replaced
 * by the member of the unit objects ({@code unit.conv1W}, {@code buffers.conv1Out},
 * {@code unit.conv1Spec}), and the arrays of the layer before the unit by the method's parameters
 * ({@code input}, {@code inputGrad}). Two units whose rewritten code and members are the same can
 * share one method per pass: it runs the very statements each unit ran, on that unit's arrays.
 *
 * <p>The rewriting works on the steps' source text, name by name, and gives up (empty) on anything
 * it cannot place: a name of another unit or layer, the model input, a stochastic-depth gate.
 */
final class UnitCode {
    private static final String STRING_LITERAL = "\"(?:\\\\.|[^\"\\\\])*\"";
    private static final String LINE_COMMENT = "//[^\n]*";
    /** A string literal, a line comment (words, not names: kept as written), or an identifier. */
    private static final Pattern TOKEN = Pattern.compile(STRING_LITERAL + "|" + LINE_COMMENT + "|[A-Za-z_$][\\w$]*");
    /** A local a step declares, its type as JavaPoet renders {@code $T}: {@code org.nd4j.linalg.api.ndarray.INDArray fc1ZGrad = }. */
    private static final Pattern LOCAL = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]* ([A-Za-z_$][\\w$]*) = ");
    private static final Pattern STRING = Pattern.compile(STRING_LITERAL);
    /** The rest of a buffer reference after the buffers' local: {@code .layer1_0_conv1Out}. */
    private static final Pattern MEMBER_ACCESS = Pattern.compile("\\.([A-Za-z_$][\\w$]*)");
    /** A package-qualified type name as JavaPoet renders {@code $T} in text: {@code dev.kiln.runtime.kernels.Conv2dKernel}. */
    private static final Pattern QUALIFIED_TYPE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");
    /** {@code [n,64,56,56] -> [n,64,56,56]} at the start of a comment's tail: shapes differ between units. */
    private static final Pattern SHAPES = Pattern.compile("^(?:backward )?(?:dL/d)?\\[n[^\\]]*\\] -> (?:dL/d)?\\[n[^\\]]*\\](?:, )?");

    private final MemberIndex index;
    private final String prefix;
    private final int first;
    private final int end;
    private final int inputNode;
    /** The block's members by their names there, each with the model's field it stands for. */
    private final Map<String, String> members = new LinkedHashMap<>();
    private final Map<String, Object> memberTypes = new LinkedHashMap<>();
    private final Map<String, String> buffers = new LinkedHashMap<>();
    private final Map<Pass, List<Step>> steps = new EnumMap<>(Pass.class);
    private final Map<Pass, Map<String, String>> parameters = new EnumMap<>(Pass.class);
    /** The locals the unit's steps of the pass being rewritten declare, by the unit's names ({@code layer1_0_conv1ZGrad}). */
    private final Set<String> locals = new HashSet<>();
    private final List<LayerSite> sites;

    private UnitCode(MemberIndex index, List<LayerSite> sites, String prefix, int first, int end, int inputNode) {
        this.index = index;
        this.sites = sites;
        this.prefix = prefix;
        this.first = first;
        this.end = end;
        this.inputNode = inputNode;
    }

    /**
     * The unit's block layers {@code [first, end)} rewritten in each pass of {@code passes}, or
     * empty where some name in them has no place in a block method.
     */
    static Optional<UnitCode> of(MemberIndex index, List<LayerSite> sites, String prefix, int first, int end,
                                 Map<Pass, List<Step>> passes) {
        List<Integer> inputs = index.graph().nodes().get(first).inputs();
        if (inputs.size() != 1 || inputs.get(0) == Node.MODEL_INPUT) {
            return Optional.empty();
        }
        UnitCode code = new UnitCode(index, sites, prefix, first, end, inputs.get(0));
        for (Map.Entry<Pass, List<Step>> pass : passes.entrySet()) {
            if (!code.rewrite(pass.getKey(), pass.getValue())) {
                return Optional.empty();
            }
        }
        return Optional.of(code);
    }

    private boolean rewrite(Pass pass, List<Step> passSteps) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < passSteps.size(); i++) {
            if (passSteps.get(i).node() >= first && passSteps.get(i).node() < end) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            return true;
        }
        if (positions.get(positions.size() - 1) - positions.get(0) != positions.size() - 1) {
            return false;
        }
        Map<String, String> passParameters = new LinkedHashMap<>();
        List<Step> rewritten = new ArrayList<>();
        locals.clear();
        for (int position : positions) {
            Matcher local = LOCAL.matcher(passSteps.get(position).source());
            while (local.find()) {
                locals.add(local.group(1));
            }
        }
        for (int position : positions) {
            Step step = passSteps.get(position);
            Optional<String> source = rewrite(step.source(), passParameters);
            if (source.isEmpty() || !balanced(source.get())) {
                return false;
            }
            rewritten.add(new Step(comment(step), code(source.get()), NetPlan.MODEL));
        }
        steps.put(pass, rewritten);
        parameters.put(pass, passParameters);
        return true;
    }

    private Optional<String> rewrite(String source, Map<String, String> passParameters) {
        StringBuilder out = new StringBuilder();
        Matcher token = TOKEN.matcher(source);
        int at = 0;
        while (token.find(at)) {
            out.append(source, at, token.start());
            at = token.end();
            String text = token.group();
            if (text.startsWith("//")) {
                out.append(text);
                continue;
            }
            if (text.startsWith("\"")) {
                Optional<String> literal = literal(text);
                if (literal.isEmpty()) {
                    return Optional.empty();
                }
                out.append(literal.get());
                continue;
            }
            boolean memberAccess = token.start() > 0 && source.charAt(token.start() - 1) == '.';
            if (memberAccess) {
                out.append(text);
                continue;
            }
            if (text.equals(NetPlan.BUFFERS)) {
                Matcher access = MEMBER_ACCESS.matcher(source).region(at, source.length());
                if (!access.lookingAt()) {
                    return Optional.empty();
                }
                Optional<String> buffer = buffer(access.group(1), passParameters);
                if (buffer.isEmpty()) {
                    return Optional.empty();
                }
                out.append(buffer.get());
                at = access.end();
                continue;
            }
            Optional<String> name = name(text, passParameters);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            out.append(name.get());
        }
        out.append(source, at, source.length());
        return Optional.of(out.toString());
    }

    /** A buffer of the model: the unit's own as a buffers member, the unit input's as a parameter. */
    private Optional<String> buffer(String field, Map<String, String> passParameters) {
        Integer owner = index.bufferOwner(field);
        if (owner == null) {
            return Optional.empty();
        }
        if (inUnit(owner)) {
            return local(field).map(local -> {
                buffers.putIfAbsent(local, field);
                return Block.BUFFERS + "." + local;
            });
        }
        String ownerName = index.nodeName(owner);
        if (owner != inputNode || !field.startsWith(ownerName)) {
            return Optional.empty();
        }
        String role = field.substring(ownerName.length());
        String parameter = "input" + (role.startsWith("Out") ? role.substring(3) : role);
        String argument = NetPlan.BUFFERS + "." + field;
        String earlier = passParameters.putIfAbsent(parameter, argument);
        return earlier == null || earlier.equals(argument) ? Optional.of(parameter) : Optional.empty();
    }

    /**
     * An identifier that is no member access: the unit's field or constant, a local of the pass
     * method or of the unit's steps ({@code layer1_0_conv1ZGrad} -> {@code conv1ZGrad}), or
     * anything else as it is.
     */
    private Optional<String> name(String identifier, Map<String, String> passParameters) {
        if (index.isGate(identifier) || identifier.equals("features")) {
            return Optional.empty();
        }
        if (locals.contains(identifier)) {
            return local(identifier);
        }
        if (identifier.equals("random")) {
            passParameters.putIfAbsent("random", "random");
            return Optional.of("random");
        }
        Integer fieldOwner = index.fieldOwner(identifier);
        if (fieldOwner != null) {
            return inUnit(fieldOwner) ? member(identifier, local(identifier), index.fieldType(identifier)) : Optional.empty();
        }
        Integer constantOwner = index.constantOwner(identifier);
        if (constantOwner != null) {
            return inUnit(constantOwner) ? member(identifier, constantLocal(identifier, constantOwner), index.constantType(identifier))
                    : Optional.empty();
        }
        return Optional.of(identifier);
    }

    /** {@code "layer1_0_bn1"}, a layer's name as a message gives it: the unit's spec's {@code name()}. */
    private Optional<String> literal(String text) {
        String content = text.substring(1, text.length() - 1);
        Integer node = index.nodeOf(content);
        if (node == null) {
            return Optional.of(text);
        }
        if (!inUnit(node)) {
            return Optional.empty();
        }
        String constant = Names.constant(content);
        if (index.constantOwner(constant) == null) {
            return Optional.empty();
        }
        return member(constant, constantLocal(constant, node), index.constantType(constant)).map(spec -> spec + ".name()");
    }

    private Optional<String> member(String field, Optional<String> local, Object type) {
        if (local.isEmpty()) {
            return Optional.empty();
        }
        String earlier = members.putIfAbsent(local.get(), field);
        if (earlier != null && !earlier.equals(field)) {
            return Optional.empty();
        }
        memberTypes.putIfAbsent(local.get(), type);
        return Optional.of(Block.UNIT + "." + local.get());
    }

    /** {@code layer1_0_conv1W} -> {@code conv1W}. */
    private Optional<String> local(String field) {
        return field.startsWith(prefix) && field.length() > prefix.length() ? Optional.of(field.substring(prefix.length()))
                : Optional.empty();
    }

    /**
     * {@code LAYER1_0_CONV1} -> {@code conv1Spec} ({@code conv1} is the layer's record of kernel
     * arguments); {@code LAYER1_0_CONV1_GEOMETRY} -> {@code conv1Geometry}.
     */
    private Optional<String> constantLocal(String constant, int node) {
        Optional<String> layer = local(index.nodeName(node));
        String base = Names.constant(index.nodeName(node));
        if (layer.isEmpty() || !constant.startsWith(base)) {
            return Optional.empty();
        }
        StringBuilder local = new StringBuilder(layer.get());
        if (constant.equals(base)) {
            return Optional.of(local.append("Spec").toString());
        }
        for (String word : constant.substring(base.length()).split("_")) {
            if (!word.isEmpty()) {
                local.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return Optional.of(local.toString());
    }

    private boolean inUnit(int node) {
        return node >= first && node < end;
    }

    /**
     * A step's comment as the block method gives it: the layer as declared in the block class
     * ({@code conv1: @Conv2d(filters=64, kernel=3, same=true, bias=false) (BasicBlock.java:15)}),
     * without the unit's shapes; other comments without the unit's prefix.
     */
    private String comment(Step step) {
        int node = step.node();
        String name = index.nodeName(node);
        String comment = step.comment();
        LayerSite site = sites.get(node);
        boolean header = comment.startsWith(name + ": ") && site.location().map(at -> comment.contains(" (" + at + ")")).orElse(false);
        if (!header) {
            // "conv1: add its share of dL/d(input output)" reads oddly: the unit's input is the method's input.
            return comment.replace(index.nodeName(inputNode) + " output", "input").replace(prefix, "");
        }
        String declared = local(name).orElse(name) + ": " + Declarations.of(site.annotation())
                + site.location().map(at -> " (" + at + ")").orElse("");
        int headerEnd = comment.indexOf(")  ");
        String tail = headerEnd < 0 ? "" : SHAPES.matcher(comment.substring(headerEnd + 3)).replaceFirst("");
        String pass = comment.contains("  backward dL/d") ? "  backward" : "";
        return declared + pass + (tail.isEmpty() ? "" : (pass.isEmpty() ? "  " : ", ") + tail.replace(prefix, ""));
    }

    /** Source text back to code, its package-qualified types as {@code $T} so that the writer imports them. */
    private static CodeBlock code(String source) {
        String text = unindented(source);
        CodeBlock.Builder code = CodeBlock.builder();
        Matcher type = QUALIFIED_TYPE.matcher(text);
        int at = 0;
        while (type.find()) {
            code.add("$L", text.substring(at, type.start())).add("$T", ClassName.bestGuess(type.group()));
            at = type.end();
        }
        return code.add("$L", text.substring(at)).build();
    }

    /** Steps render two levels (of two spaces) deep ({@link CodeSize#source}); a method body's statements start at none. */
    private static String unindented(String source) {
        return source.replaceAll("(?m)^ {4}", "");
    }

    /** True when every brace opened in {@code source} closes in it: a step that opens a gate's block cannot be shared. */
    private static boolean balanced(String source) {
        int depth = 0;
        String code = STRING.matcher(source).replaceAll("\"\"");
        for (char c : code.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** What makes two units' code interchangeable: their rewritten steps, parameters and members. */
    String signature() {
        StringBuilder text = new StringBuilder();
        memberTypes.forEach((name, type) -> text.append(name).append(':').append(type).append(';'));
        text.append('|').append(String.join(",", buffers.keySet()));
        steps.forEach((pass, list) -> {
            text.append('|').append(pass).append(parameters.get(pass).keySet());
            list.forEach(step -> text.append('\n').append(step.source()));
        });
        return text.toString();
    }

    List<Member> members() {
        List<Member> list = new ArrayList<>();
        memberTypes.forEach((name, type) -> list.add(new Member(name, type)));
        return list;
    }

    List<Member> bufferMembers() {
        return buffers.entrySet().stream().map(buffer -> new Member(buffer.getKey(), index.bufferType(buffer.getValue()))).toList();
    }

    List<String> memberFields() {
        return List.copyOf(members.values());
    }

    List<String> bufferFields() {
        return List.copyOf(buffers.values());
    }

    Map<Pass, List<Step>> steps() {
        return steps;
    }

    Map<Pass, List<String>> parameters() {
        Map<Pass, List<String>> names = new EnumMap<>(Pass.class);
        parameters.forEach((pass, map) -> names.put(pass, List.copyOf(map.keySet())));
        return names;
    }

    Map<Pass, List<String>> arguments() {
        Map<Pass, List<String>> values = new EnumMap<>(Pass.class);
        parameters.forEach((pass, map) -> values.put(pass, List.copyOf(map.values())));
        return values;
    }
}
