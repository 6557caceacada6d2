namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Sorts scores once in O(n) passes (LSD radix sort on order-preserving 64-bit keys). The result is
/// ascending by score with ties kept in input order, so reading it backwards gives exactly
/// <c>numpy.argsort(score, kind="mergesort")[::-1]</c>: descending score, ties by descending index.
/// </summary>
internal static class ScoreOrder
{
    private const int RadixBits = 11;
    private const int Buckets = 1 << RadixBits;
    private const int Passes = (64 + RadixBits - 1) / RadixBits;

    /// <summary>Maps a double to a key whose unsigned order is the numeric order (-0.0 is folded onto 0.0).</summary>
    public static ulong Key(double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value + 0.0);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>The double a key was made from (0.0 for -0.0).</summary>
    public static double Value(ulong key)
        => BitConverter.UInt64BitsToDouble((key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key);

    /// <summary>The original index stored in a payload of <see cref="Sort"/>.</summary>
    public static int IndexOf(int payload) => payload & int.MaxValue;

    /// <summary>Whether the sample of a payload of <see cref="Sort"/> has label 1.</summary>
    public static bool IsPositive(int payload) => payload < 0;

    /// <summary>
    /// Sorts ascending by score; returns the sorted keys and, for each, a payload holding the original index in
    /// its low 31 bits and whether the label is 1 in its sign bit (so the label needs no random access later).
    /// </summary>
    public static (ulong[] Keys, int[] Payload) Sort(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        int n = scores.Length;
        var keys = GC.AllocateUninitializedArray<ulong>(n);
        var index = GC.AllocateUninitializedArray<int>(n);
        var counts = new int[Passes * Buckets];
        for (int i = 0; i < n; i++)
        {
            ulong k = Key(scores[i]);
            keys[i] = k;
            index[i] = labels[i] == 1 ? i | int.MinValue : i;
            for (int p = 0; p < Passes; p++)
            {
                counts[(p * Buckets) + (int)((k >> (p * RadixBits)) & (Buckets - 1))]++;
            }
        }

        // Scratch buffers come from the shared pool: repeated curves (bootstrap, one-vs-rest) reuse warm memory.
        var keysTmp = System.Buffers.ArrayPool<ulong>.Shared.Rent(n);
        var indexTmp = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        var keysOut = keys;
        var offsets = new int[Buckets];
        for (int p = 0; p < Passes; p++)
        {
            int shift = p * RadixBits;
            var pass = counts.AsSpan(p * Buckets, Buckets);
            if (n == 0 || pass[(int)((keys[0] >> shift) & (Buckets - 1))] == n)
            {
                continue; // every key has the same digit here: this pass would not move anything
            }

            int sum = 0;
            for (int b = 0; b < Buckets; b++)
            {
                offsets[b] = sum;
                sum += pass[b];
            }

            for (int i = 0; i < n; i++)
            {
                ulong k = keys[i];
                int dest = offsets[(int)((k >> shift) & (Buckets - 1))]++;
                keysTmp[dest] = k;
                indexTmp[dest] = index[i];
            }

            (keys, keysTmp) = (keysTmp, keys);
            (index, indexTmp) = (indexTmp, index);
        }

        if (!ReferenceEquals(keys, keysOut))
        {
            // An odd number of passes moved: copy back so the pooled buffers can be returned.
            Array.Copy(keys, keysTmp, n);
            Array.Copy(index, indexTmp, n);
            (keys, keysTmp) = (keysTmp, keys);
            (index, indexTmp) = (indexTmp, index);
        }

        System.Buffers.ArrayPool<ulong>.Shared.Return(keysTmp);
        System.Buffers.ArrayPool<int>.Shared.Return(indexTmp);
        return (keys, index);
    }
}
