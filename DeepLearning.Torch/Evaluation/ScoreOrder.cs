namespace DeepLearning.Torch.Evaluation;

/// <summary>
/// Sorts scores once in O(n) passes (LSD radix sort on order-preserving 64-bit keys). The result is
/// ascending by score with ties kept in input order, so reading it backwards gives exactly
/// <c>numpy.argsort(score, kind="mergesort")[::-1]</c>: descending score, ties by descending index.
/// </summary>
internal static class ScoreOrder
{
    private const int RadixBits = 8;
    private const int Buckets = 1 << RadixBits;
    private const int Passes = 64 / RadixBits;

    /// <summary>Maps a double to a key whose unsigned order is the numeric order (-0.0 is folded onto 0.0).</summary>
    public static ulong Key(double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value + 0.0);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>Sorts ascending by score; returns the sorted keys and the original index of each.</summary>
    public static (ulong[] Keys, int[] Index) Sort(ReadOnlySpan<double> scores)
    {
        int n = scores.Length;
        var keys = new ulong[n];
        var index = new int[n];
        var counts = new int[Passes * Buckets];
        for (int i = 0; i < n; i++)
        {
            ulong k = Key(scores[i]);
            keys[i] = k;
            index[i] = i;
            for (int p = 0; p < Passes; p++)
            {
                counts[(p * Buckets) + (int)((k >> (p * RadixBits)) & (Buckets - 1))]++;
            }
        }

        var keysTmp = new ulong[n];
        var indexTmp = new int[n];
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

        return (keys, index);
    }
}
