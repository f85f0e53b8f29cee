package dev.kiln.runtime.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Class-balanced sampling: an epoch of N draws in which every class present gets N/K of them (the
 * remainder to classes chosen at random), a class's examples taken in repeated random passes over
 * them, so a minority example recurs evenly rather than by chance, and the draws finally shuffled.
 */
final class ClassBalance {
    private final List<int[]> members;

    ClassBalance(List<int[]> allMembers) {
        this.members = allMembers.stream().filter(m -> m.length > 0).toList();
        if (members.size() < 2) {
            throw new IllegalArgumentException("balancing classes needs examples of at least two classes, got "
                    + members.size());
        }
    }

    /** {@code draws} example indices for one epoch. */
    int[] draw(int draws, SplittableRandom random) {
        int classes = members.size();
        int[] quota = new int[classes];
        int[] order = new int[classes];
        Shuffle.identity(order, classes);
        Shuffle.permute(order, classes, random);
        for (int i = 0; i < classes; i++) {
            quota[order[i]] = draws / classes + (i < draws % classes ? 1 : 0);
        }
        int[] result = new int[draws];
        int at = 0;
        for (int c = 0; c < classes; c++) {
            int[] pass = members.get(c).clone();
            for (int taken = 0; taken < quota[c]; taken++) {
                int position = taken % pass.length;
                if (position == 0) {
                    Shuffle.permute(pass, pass.length, random);
                }
                result[at++] = pass[position];
            }
        }
        Shuffle.permute(result, draws, random);
        return result;
    }
}
