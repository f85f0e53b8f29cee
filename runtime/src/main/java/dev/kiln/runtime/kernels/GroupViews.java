package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-group views of an array along one axis (a grouped convolution's channel blocks of x, y
 * and their gradients on axis 1, its weight and bias rows on axis 0), remembered per thread by the
 * array's identity. One entry holds all of an array's groups, so a grouped convolution takes five
 * entries whatever its group count; a cache of single views ({@link ViewCache}) needed five per
 * group and thrashed at ResNeXt's 32 groups (about 290 new arrays per backward call).
 */
final class GroupViews {
    private static final int ENTRIES = 16;
    private static final ThreadLocal<GroupViews> CACHE = ThreadLocal.withInitial(GroupViews::new);

    private final INDArray[] bases = new INDArray[ENTRIES];
    private final int[] axes = new int[ENTRIES];
    private final INDArray[][] views = new INDArray[ENTRIES][];
    private int next;

    private GroupViews() {
    }

    /** Blocks [g·size, (g+1)·size) of {@code base} along {@code axis} for g = 0 .. groups−1, as views. */
    static INDArray[] of(INDArray base, int axis, int groups) {
        return CACHE.get().lookup(base, axis, groups);
    }

    private INDArray[] lookup(INDArray base, int axis, int groups) {
        for (int i = 0; i < ENTRIES; i++) {
            if (bases[i] == base && axes[i] == axis && views[i].length == groups) {
                return views[i];
            }
        }
        long size = base.size(axis) / groups;
        INDArray[] blocks = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            blocks[g] = ViewCache.range(base, axis, g * size, (g + 1) * size);
        }
        bases[next] = base;
        axes[next] = axis;
        views[next] = blocks;
        next = (next + 1) % ENTRIES;
        return blocks;
    }
}
