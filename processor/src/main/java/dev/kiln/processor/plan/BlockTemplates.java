package dev.kiln.processor.plan;

import dev.kiln.processor.plan.NetPlan.Block;
import dev.kiln.processor.plan.NetPlan.BlockPass;
import dev.kiln.processor.plan.NetPlan.BlockUnit;
import dev.kiln.processor.plan.NetPlan.Member;
import dev.kiln.processor.plan.NetPlan.Pass;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.plan.NetPlan.Step;
import dev.kiln.processor.read.LayerSite;
import dev.kiln.processor.read.ModelPart;
import dev.kiln.processor.read.ReadModel;

import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives each user block class ({@code BasicBlock}) one method per pass that all its units call,
 * so that generated code mirrors the model as declared: the units of a block class whose code is
 * the same but for their own names ({@link UnitCode}) share a {@link Block}. A unit whose code
 * differs (another layout, another stage's extra conversion) gets the block's next variant; one
 * that cannot be shared at all (a stochastic-depth gate, layers split across sections) keeps its
 * code in the pass.
 */
final class BlockTemplates {
    private BlockTemplates() {
    }

    static List<Block> of(ReadModel model, NetPlan plan) {
        MemberIndex index = new MemberIndex(model.graph(), plan);
        Map<Pass, List<Step>> passes = new EnumMap<>(Pass.class);
        passes.put(Pass.INFERENCE, plan.inference());
        passes.put(Pass.TRAINING, plan.training());
        passes.put(Pass.BACKWARD, plan.backward());
        Map<String, List<Candidate>> groups = new LinkedHashMap<>();
        for (ModelPart part : model.parts()) {
            if (!part.isStage()) {
                continue;
            }
            for (int unit = 0; unit < part.units(); unit++) {
                candidate(model, plan, index, part, unit, passes)
                        .ifPresent(c -> groups.computeIfAbsent(c.type().getQualifiedName() + "\n" + c.code().signature(),
                                key -> new ArrayList<>()).add(c));
            }
        }
        List<Block> blocks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (List<Candidate> group : groups.values()) {
            blocks.add(block(model, group, names));
        }
        return blocks;
    }

    private record Candidate(ModelPart part, int unit, TypeElement type, String field, int first, int end, UnitCode code) {
    }

    private static Optional<Candidate> candidate(ReadModel model, NetPlan plan, MemberIndex index, ModelPart part, int unit,
                                                 Map<Pass, List<Step>> passes) {
        int first = part.unitStart(unit);
        int end = branchEnd(model, part, unit);
        String field = part.name() + "_" + unit;
        Element enclosing = end > first ? model.layers().get(first).field().getEnclosingElement() : null;
        if (!(enclosing instanceof TypeElement type) || !withinOneSection(plan, first, end) || index.isTaken(field)) {
            return Optional.empty();
        }
        return UnitCode.of(index, model.layers(), field + "_", first, end, passes)
                .filter(code -> !code.steps().isEmpty())
                .map(code -> new Candidate(part, unit, type, field, first, end, code));
    }

    /** The end of the unit's block layers: those placed from the block class, before the stage's own (projection, join). */
    private static int branchEnd(ReadModel model, ModelPart part, int unit) {
        int end = part.unitStart(unit);
        while (end < part.unitEnd(unit) && model.layers().get(end).usedAt() != null) {
            end++;
        }
        return end;
    }

    /** A split model writes each section's code in methods of its own: a unit's block call must not straddle two. */
    private static boolean withinOneSection(NetPlan plan, int first, int end) {
        for (Section section : plan.sections()) {
            if (section.first() <= first && end <= section.end()) {
                return true;
            }
        }
        return plan.sections().isEmpty();
    }

    private static Block block(ReadModel model, List<Candidate> group, Set<String> names) {
        Candidate head = group.get(0);
        String name = head.type().getSimpleName().toString();
        String unique = name;
        for (int n = 2; !names.add(unique); n++) {
            unique = name + n;
        }
        List<BlockPass> passes = new ArrayList<>();
        Map<Pass, List<String>> parameters = head.code().parameters();
        head.code().steps().forEach((pass, steps) -> passes.add(new BlockPass(pass, steps, parameters.get(pass))));
        List<BlockUnit> units = new ArrayList<>();
        for (Candidate c : group) {
            LayerSite join = model.layers().get(c.part().unitEnd(c.unit()) - 1);
            String label = c.part().name() + ", unit " + c.unit() + join.location().map(at -> " (" + at + ")").orElse("");
            units.add(new BlockUnit(c.field(), label, c.first(), c.end(), c.code().memberFields(), c.code().bufferFields(),
                    c.code().arguments()));
        }
        List<String> layers = new ArrayList<>();
        for (int node = head.first(); node < head.end(); node++) {
            layers.add(model.layers().get(node).name().substring(head.field().length() + 1));
        }
        String declaredIn = model.layers().get(head.first()).location().map(at -> at.replaceFirst(":\\d+$", "")).orElse(name + ".java");
        return new Block(unique, declaredIn, layers, head.code().members(), head.code().bufferMembers(), passes, units, unique);
    }

    /**
     * The inference snapshot's blocks: for the units of each of the model's {@code blocks}, the
     * snapshot's forward rewritten for unit objects of the snapshot's own arrays (its folded
     * weights). The methods take the model block's unit buffers, so a unit whose snapshot code
     * reads a buffer that class lacks, or that has no snapshot code of its own, stays written out.
     */
    static List<Block> ofSnapshot(ReadModel model, NetPlan plan, List<Block> blocks) {
        MemberIndex index = new MemberIndex(model.graph(), plan, true);
        Map<Pass, List<Step>> passes = new EnumMap<>(Pass.class);
        passes.put(Pass.INFERENCE, plan.snapshotInference());
        Map<String, List<SnapshotUnit>> groups = new LinkedHashMap<>();
        for (Block block : blocks) {
            Set<String> buffers = new HashSet<>(block.buffers().stream().map(Member::name).toList());
            for (BlockUnit unit : block.units()) {
                UnitCode.of(index, model.layers(), unit.field() + "_", unit.first(), unit.end(), passes)
                        .filter(code -> !code.steps().isEmpty())
                        .filter(code -> code.bufferMembers().stream().allMatch(member -> buffers.contains(member.name())))
                        .ifPresent(code -> groups.computeIfAbsent(block.name() + "\n" + code.signature(), key -> new ArrayList<>())
                                .add(new SnapshotUnit(block, unit, code)));
            }
        }
        List<Block> snapshotBlocks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (List<SnapshotUnit> group : groups.values()) {
            SnapshotUnit head = group.get(0);
            String unique = head.block().name();
            for (int n = 2; !names.add(unique); n++) {
                unique = head.block().name() + n;
            }
            List<BlockPass> snapshotPasses = new ArrayList<>();
            head.code().steps().forEach((pass, steps) -> snapshotPasses.add(new BlockPass(pass, steps, head.code().parameters().get(pass))));
            List<BlockUnit> units = group.stream().map(u -> new BlockUnit(u.unit().field(), u.unit().label(), u.unit().first(),
                    u.unit().end(), u.code().memberFields(), u.code().bufferFields(), u.code().arguments())).toList();
            snapshotBlocks.add(new Block(unique, head.block().declaredIn(), head.block().layers(), head.code().members(),
                    head.block().buffers(), snapshotPasses, units, head.block().buffersName()));
        }
        return snapshotBlocks;
    }

    private record SnapshotUnit(Block block, BlockUnit unit, UnitCode code) {
    }
}
